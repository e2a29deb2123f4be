/** Recorded errors from the server and from browsers. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Badge, Card } from "../components/ui.tsx";
import { Pagination } from "../components/pagination.tsx";
import { requireRole } from "../.server/auth/guards.server.ts";
import { listErrors } from "../.server/platform/error-log.server.ts";
import { formatDateTime } from "../lib/format.ts";

export const meta: MetaFunction = () => [{ title: "Errors — Admin — Spike Land" }];

const query = z.object({
  page: z.coerce.number().int().min(1).catch(1),
  env: z.enum(["FRONTEND", "BACKEND"]).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  const { page, env } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { ...(await listErrors(page, env)), page, env: env ?? null };
}

export default function Errors() {
  const { errors, total, page, pages, env } = useLoaderData<typeof loader>();
  const filter = (value: string | null, label: string) => (
    <Link to={value ? `?env=${value}` : "?"} className={`rounded-lg px-3 py-1.5 text-sm ring-1 ${env === value ? "bg-slate-900 text-white ring-slate-900" : "ring-slate-300"}`}>
      {label}
    </Link>
  );
  return (
    <Card>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 className="text-lg font-semibold">Errors</h2>
          <p className="text-sm text-slate-600">{total} recorded</p>
        </div>
        <div className="flex gap-2">{filter(null, "All")}{filter("BACKEND", "Server")}{filter("FRONTEND", "Browser")}</div>
      </div>
      <ul className="mt-6 divide-y divide-slate-100">
        {errors.map((error) => (
          <li key={error.id} className="py-3 text-sm">
            <div className="flex flex-wrap items-center gap-2">
              <Badge tone={error.environment === "BACKEND" ? "red" : "amber"}>{error.environment}</Badge>
              <span className="font-medium text-slate-900">{error.message}</span>
            </div>
            <p className="mt-1 text-slate-600">
              {error.route ?? "unknown route"} · {formatDateTime(error.timestamp)}
              {error.sourceFile ? ` · ${error.sourceFile}:${error.sourceLine ?? "?"}` : ""}
            </p>
          </li>
        ))}
        {errors.length === 0 ? <li className="py-3 text-sm text-slate-600">No errors recorded.</li> : null}
      </ul>
      <Pagination page={page} pages={pages} previousLabel="Newer" nextLabel="Older" />
    </Card>
  );
}
