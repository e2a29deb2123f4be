/** The filter bar of the admin payment and subscription lists: a status select and a user email search, submitted as a GET query. */
import { Form } from "@remix-run/react";
import { z } from "zod";
import { Button } from "./ui.tsx";

/** What the filter bar submits, read from the URL: a status from `statuses` or none, a user email and a page; anything invalid falls back. */
export function parseStatusEmailQuery<const T extends readonly [string, ...string[]]>(statuses: T, params: URLSearchParams) {
  const query = z.object({
    status: z.enum(statuses).nullable().catch(null),
    email: z.string().trim().max(200).catch(""),
    page: z.coerce.number().int().min(1).max(10_000).catch(1),
  });
  return query.parse({ status: params.get("status") || null, email: params.get("email") ?? "", page: params.get("page") ?? 1 });
}

export function StatusEmailFilter({ idPrefix, statuses, status, email }: { idPrefix: string; statuses: readonly string[]; status: string | null; email: string }) {
  return (
    <Form method="get" role="search" className="flex flex-wrap items-end gap-2">
      <div>
        <label htmlFor={`${idPrefix}-status`} className="block text-sm font-medium text-slate-700">Status</label>
        <select id={`${idPrefix}-status`} name="status" defaultValue={status ?? ""} className="mt-1 rounded-lg border-0 py-2 pl-3 pr-8 ring-1 ring-inset ring-slate-300">
          <option value="">All</option>
          {statuses.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </div>
      <div>
        <label htmlFor={`${idPrefix}-email`} className="block text-sm font-medium text-slate-700">User email</label>
        <input id={`${idPrefix}-email`} name="email" defaultValue={email} placeholder="name@example.com" className="mt-1 w-60 rounded-lg border-0 px-3 py-2 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600" />
      </div>
      <Button type="submit" variant="secondary">Filter</Button>
    </Form>
  );
}
