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

function describe(metadata: unknown): string {
  if (!metadata || typeof metadata !== "object") return "";
  const { event: _event, ...m } = metadata as Record<string, unknown>;
  if (typeof m.from === "string" && typeof m.to === "string") return `${String(m.email ?? m.code ?? "")}: ${m.from} → ${m.to}`;
  if (typeof m.delta === "number") return `${m.delta > 0 ? "+" : ""}${m.delta} tokens (balance ${String(m.balanceAfter)}): ${String(m.reason ?? "")}`;
  return Object.keys(m).length ? JSON.stringify(m) : "";
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
          return (
            <li key={entry.id} className="flex flex-col gap-1 py-3 text-sm sm:flex-row sm:items-center sm:justify-between">
              <div className="flex min-w-0 flex-wrap items-center gap-2">
                <Badge tone="brand">{entry.action}</Badge>
                {name ? <Link to={`?event=${encodeURIComponent(name)}`} className="font-mono text-xs text-slate-700 hover:underline">{name}</Link> : null}
                <span className="min-w-0 break-words">{describe(entry.metadata)}</span>
              </div>
              <div className="shrink-0 text-slate-600">
                by {entry.user.email} · {formatDateTime(entry.createdAt)}
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
