/** The feedback inbox: newest first, filtered by status and kind; each message opens for review. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FEEDBACK_STATUS_TONE, feedbackTypeLabel } from "../components/admin/feedback-display.ts";
import { Pagination } from "../components/pagination.tsx";
import { Badge, Button, Card } from "../components/ui.tsx";
import { requireRole } from "../.server/auth/guards.server.ts";
import { listFeedback } from "../.server/feedback/feedback.server.ts";
import { FEEDBACK_STATUSES, FEEDBACK_TYPE_LABEL, FEEDBACK_TYPES } from "../lib/feedback-form.ts";
import { formatDateTime } from "../lib/format.ts";

export const meta: MetaFunction = () => [{ title: "Feedback — Admin — Spike Land" }];

const filterSchema = z.object({
  status: z.enum(FEEDBACK_STATUSES).optional().catch(undefined),
  type: z.enum(FEEDBACK_TYPES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).catch(1).default(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  const { page, ...filter } = filterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { ...(await listFeedback(filter, page)), filter, page };
}

const control = "mt-1 block w-full rounded-lg border-0 py-2 pl-3 pr-8 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600";

export default function AdminFeedback() {
  const { items, total, unread, page, pages, filter } = useLoaderData<typeof loader>();
  const filtered = Boolean(filter.status || filter.type);
  return (
    <Card aria-labelledby="feedback-heading">
      <h2 id="feedback-heading" className="text-lg font-semibold">Feedback</h2>
      <p className="text-sm text-slate-600">{total} {total === 1 ? "message" : "messages"} {filtered ? "matching" : "in all"} · {unread} new</p>
      <Form method="get" role="search" aria-label="Filter feedback" className="mt-6 grid gap-3 sm:grid-cols-[12rem_12rem_auto] sm:items-end">
        <div>
          <label htmlFor="feedback-status" className="block text-sm font-medium text-slate-700">Status</label>
          <select id="feedback-status" name="status" defaultValue={filter.status ?? ""} className={control}>
            <option value="">All</option>
            {FEEDBACK_STATUSES.map((status) => <option key={status} value={status}>{status.charAt(0) + status.slice(1).toLowerCase()}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="feedback-type" className="block text-sm font-medium text-slate-700">Kind</label>
          <select id="feedback-type" name="type" defaultValue={filter.type ?? ""} className={control}>
            <option value="">All</option>
            {FEEDBACK_TYPES.map((type) => <option key={type} value={type}>{FEEDBACK_TYPE_LABEL[type]}</option>)}
          </select>
        </div>
        <div className="flex gap-2">
          <Button type="submit" variant="secondary">Filter</Button>
          {filtered ? <Link to="/admin/feedback" className="px-2 py-2.5 text-sm font-semibold text-brand-700 hover:underline">Clear</Link> : null}
        </div>
      </Form>
      <ul className="mt-6 divide-y divide-slate-100" data-testid="feedback-list">
        {items.map((item) => (
          <li key={item.id} className="py-3 text-sm">
            <div className="flex flex-wrap items-center gap-2">
              <Badge tone={FEEDBACK_STATUS_TONE[item.status] ?? "slate"}>{item.status}</Badge>
              <Badge tone={item.type === "BUG" ? "red" : item.type === "IDEA" ? "brand" : "slate"}>{feedbackTypeLabel(item.type)}</Badge>
              <span className="text-slate-600">{formatDateTime(item.createdAt)} · {item.user?.email ?? item.email ?? "anonymous"} · <span className="font-mono text-xs">{item.page}</span></span>
            </div>
            <Link to={`/admin/feedback/${item.id}`} className="mt-1 block font-medium text-slate-900 hover:text-brand-700 hover:underline">
              {item.message.length > 160 ? `${item.message.slice(0, 160)}…` : item.message}
            </Link>
          </li>
        ))}
        {items.length === 0 ? <li className="py-3 text-sm text-slate-600">{filtered ? "No feedback matches these filters." : "No feedback yet."}</li> : null}
      </ul>
      <Pagination page={page} pages={pages} previousLabel="Newer" nextLabel="Older" />
    </Card>
  );
}
