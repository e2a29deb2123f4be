/** The audit log: who did what to whom, newest first, filtered by the precise event or its area. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Badge, Button, Card } from "../components/ui.tsx";
import { Pagination } from "../components/pagination.tsx";
import { requireRole } from "../.server/auth/guards.server.ts";
import { AUDIT_EVENTS, isAuditEvent, listAudit } from "../.server/platform/audit.server.ts";
import { formatDateTime } from "../lib/format.ts";

export const meta: MetaFunction = () => [{ title: "Audit log — Admin — Spike Land" }];

/** The areas events belong to: the part of the name before the first dot. */
const AREAS = [...new Set(AUDIT_EVENTS.map((event) => event.slice(0, event.indexOf(".") + 1)))];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  const params = new URL(request.url).searchParams;
  const page = z.coerce.number().int().min(1).catch(1).parse(params.get("page") ?? 1);
  const wanted = params.get("event") ?? "";
  const event = isAuditEvent(wanted) || AREAS.includes(wanted) ? wanted : undefined;
  return { ...(await listAudit(page, { event })), page, event: event ?? null, events: AUDIT_EVENTS, areas: AREAS };
}

/** "accountIds" → "account ids": metadata keys as words. */
function words(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/_/g, " ").toLowerCase();
}

function shown(value: unknown): string {
  if (Array.isArray(value)) return value.map(shown).join(", ");
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (value && typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** The entry's particulars: a sentence for role and token changes, otherwise its recorded fields as "name: value". */
function describe(metadata: unknown): { summary: string | null; fields: Array<[string, string]> } {
  if (!metadata || typeof metadata !== "object") return { summary: null, fields: [] };
  const { event: _event, ...m } = metadata as Record<string, unknown>;
  if (typeof m.from === "string" && typeof m.to === "string") return { summary: `${String(m.email ?? m.code ?? "")}: ${m.from} → ${m.to}`, fields: [] };
  if (typeof m.delta === "number") return { summary: `${m.delta > 0 ? "+" : ""}${m.delta} tokens (balance ${String(m.balanceAfter)}): ${String(m.reason ?? "")}`, fields: [] };
  const fields = Object.entries(m)
    .filter(([, value]) => value !== null && value !== undefined && value !== "")
    .map(([key, value]) => [words(key), shown(value)] as [string, string]);
  return { summary: null, fields };
}

function eventOf(metadata: unknown): string | null {
  const event = metadata && typeof metadata === "object" ? (metadata as { event?: unknown }).event : undefined;
  return typeof event === "string" ? event : null;
}

const control = "mt-1 block w-full rounded-lg border-0 py-2 pl-3 pr-8 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600";

export default function AuditLog() {
  const { entries, page, pages, total, event, events, areas } = useLoaderData<typeof loader>();
  return (
    <Card>
      <h2 className="text-lg font-semibold">Audit log</h2>
      <p className="text-sm text-slate-600">{total} recorded {event ? "matching actions" : "actions"}</p>
      <Form method="get" role="search" aria-label="Filter the audit log" className="mt-6 flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="sm:w-80">
          <label htmlFor="audit-event" className="block text-sm font-medium text-slate-700">Event</label>
          <select id="audit-event" name="event" defaultValue={event ?? ""} className={control}>
            <option value="">All events</option>
            <optgroup label="Areas">
              {areas.map((area) => <option key={area} value={area}>{area}* (all {area.slice(0, -1)} events)</option>)}
            </optgroup>
            <optgroup label="Events">
              {events.map((name) => <option key={name} value={name}>{name}</option>)}
            </optgroup>
          </select>
        </div>
        <div className="flex gap-2">
          <Button type="submit" variant="secondary">Filter</Button>
          {event ? <Link to="/admin/audit" className="px-2 py-2.5 text-sm font-semibold text-brand-700 hover:underline">Clear</Link> : null}
        </div>
      </Form>
      <ol className="mt-6 divide-y divide-slate-100" data-testid="audit-list">
        {entries.map((entry) => {
          const name = eventOf(entry.metadata);
          const details = describe(entry.metadata);
          return (
            <li key={entry.id} className="flex flex-col gap-1 py-3 text-sm sm:flex-row sm:items-center sm:justify-between">
              <div className="flex min-w-0 flex-wrap items-center gap-2">
                <Badge tone="brand">{entry.action}</Badge>
                {name ? <Link to={`?event=${encodeURIComponent(name)}`} className="font-mono text-xs text-slate-700 hover:underline">{name}</Link> : null}
                {details.summary ? <span className="min-w-0 break-words">{details.summary}</span> : null}
                {details.fields.length ? (
                  <dl className="flex min-w-0 flex-wrap gap-x-3 gap-y-1 text-slate-700">
                    {details.fields.map(([label, value]) => (
                      <div key={label} className="flex min-w-0 gap-1">
                        <dt className="text-slate-500">{label}:</dt>
                        <dd className="min-w-0 break-all">{value}</dd>
                      </div>
                    ))}
                  </dl>
                ) : null}
              </div>
              <div className="shrink-0 text-slate-600">
                by {entry.user.email} · {formatDateTime(entry.createdAt)}
                {entry.ipAddress ? <span className="block text-xs sm:text-right">from {entry.ipAddress}</span> : null}
              </div>
            </li>
          );
        })}
        {entries.length === 0 ? <li className="py-3 text-sm text-slate-600">{event ? "No actions match this event." : "No actions recorded yet."}</li> : null}
      </ol>
      <Pagination page={page} pages={pages} previousLabel="Newer" nextLabel="Older" />
    </Card>
  );
}
