/** The audit log: who did what to whom, newest first. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Badge, Card } from "../components/ui.tsx";
import { Pagination } from "../components/pagination.tsx";
import { requireRole } from "../.server/auth/guards.server.ts";
import { listAudit } from "../.server/platform/audit.server.ts";
import { formatDateTime } from "../lib/format.ts";

export const meta: MetaFunction = () => [{ title: "Audit log — Admin — Spike Land" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  const page = z.coerce.number().int().min(1).catch(1).parse(new URL(request.url).searchParams.get("page") ?? 1);
  return { ...(await listAudit(page)), page };
}

function describe(metadata: unknown): string {
  if (!metadata || typeof metadata !== "object") return "";
  const m = metadata as Record<string, unknown>;
  if (typeof m.from === "string" && typeof m.to === "string") return `${String(m.email ?? m.code ?? "")}: ${m.from} → ${m.to}`;
  if (typeof m.delta === "number") return `${m.delta > 0 ? "+" : ""}${m.delta} tokens (balance ${String(m.balanceAfter)}): ${String(m.reason ?? "")}`;
  return JSON.stringify(metadata);
}

export default function AuditLog() {
  const { entries, page, pages, total } = useLoaderData<typeof loader>();
  return (
    <Card>
      <h2 className="text-lg font-semibold">Audit log</h2>
      <p className="text-sm text-slate-600">{total} recorded admin actions</p>
      <ol className="mt-6 divide-y divide-slate-100" data-testid="audit-list">
        {entries.map((entry) => (
          <li key={entry.id} className="flex flex-col gap-1 py-3 text-sm sm:flex-row sm:items-center sm:justify-between">
            <div className="flex items-center gap-3">
              <Badge tone="brand">{entry.action}</Badge>
              <span>{describe(entry.metadata)}</span>
            </div>
            <div className="text-slate-600">
              by {entry.user.email} · {formatDateTime(entry.createdAt)}
            </div>
          </li>
        ))}
        {entries.length === 0 ? <li className="py-3 text-sm text-slate-600">No admin actions yet.</li> : null}
      </ol>
      <Pagination page={page} pages={pages} previousLabel="Newer" nextLabel="Older" />
    </Card>
  );
}
