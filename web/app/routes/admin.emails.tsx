/** The email log: every message the product sent, its delivery status and when it was opened, clicked or bounced. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { EMAIL_STATUS_TONE, EMAIL_STATUSES, emailStatusLabel } from "../components/admin/email-status.ts";
import { Pagination } from "../components/pagination.tsx";
import { Badge, Button, Card, TableHead } from "../components/ui.tsx";
import { requireRole } from "../.server/auth/guards.server.ts";
import { listEmailLog } from "../.server/email/log.server.ts";
import { formatDateTime } from "../lib/format.ts";

export const meta: MetaFunction = () => [{ title: "Emails — Admin — Spike Land" }];

const filterSchema = z.object({
  status: z.enum(EMAIL_STATUSES).optional().catch(undefined),
  recipient: z.string().trim().max(200).optional().catch(undefined).transform((value) => value || undefined),
  page: z.coerce.number().int().min(1).catch(1).default(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const { page, ...filter } = filterSchema.parse(query);
  return { ...(await listEmailLog(filter, page)), filter, page };
}

const control = "mt-1 block w-full rounded-lg border-0 py-2 pl-3 pr-3 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600";
const when = (value: string | Date | null) => (value ? formatDateTime(value) : "—");

export default function AdminEmails() {
  const { emails, total, page, pages, filter } = useLoaderData<typeof loader>();
  const filtered = Boolean(filter.status || filter.recipient);
  return (
    <Card aria-labelledby="emails-heading">
      <h2 id="emails-heading" className="text-lg font-semibold">Emails</h2>
      <p className="text-sm text-slate-600">{total} {total === 1 ? "email" : "emails"} {filtered ? "matching" : "sent in all"}</p>
      <Form method="get" role="search" aria-label="Filter emails" className="mt-6 grid gap-3 sm:grid-cols-[1fr_12rem_auto] sm:items-end">
        <div>
          <label htmlFor="email-recipient" className="block text-sm font-medium text-slate-700">Recipient</label>
          <input id="email-recipient" name="recipient" type="search" defaultValue={filter.recipient ?? ""} placeholder="name@example.com" className={control} />
        </div>
        <div>
          <label htmlFor="email-status" className="block text-sm font-medium text-slate-700">Status</label>
          <select id="email-status" name="status" defaultValue={filter.status ?? ""} className={control}>
            <option value="">All</option>
            {EMAIL_STATUSES.map((status) => <option key={status} value={status}>{emailStatusLabel(status)}</option>)}
          </select>
        </div>
        <div className="flex gap-2">
          <Button type="submit" variant="secondary">Filter</Button>
          {filtered ? <Link to="/admin/emails" className="px-2 py-2.5 text-sm font-semibold text-brand-700 hover:underline">Clear</Link> : null}
        </div>
      </Form>
      <div className="mt-6 overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="email-log">
          <TableHead columns={["Email", "Recipient", "Status", "Sent", "Opened", "Clicked", "Bounced"]} />
          <tbody className="divide-y divide-slate-100">
            {emails.map((email) => (
              <tr key={email.id}>
                <td className="py-3 pr-4">
                  <div className="font-medium">{email.subject}</div>
                  <div className="font-mono text-xs text-slate-600">{email.template}</div>
                </td>
                <td className="max-w-[16rem] py-3 pr-4">
                  <Link to={`/admin/users/${email.user.id}`} className="block truncate text-brand-700 hover:underline" title={email.to}>{email.to}</Link>
                </td>
                <td className="py-3 pr-4"><Badge tone={EMAIL_STATUS_TONE[email.status] ?? "slate"}>{emailStatusLabel(email.status)}</Badge></td>
                <td className="whitespace-nowrap py-3 pr-4 text-slate-600">{when(email.sentAt)}</td>
                <td className="whitespace-nowrap py-3 pr-4 text-slate-600">{when(email.openedAt)}</td>
                <td className="whitespace-nowrap py-3 pr-4 text-slate-600">{when(email.clickedAt)}</td>
                <td className="whitespace-nowrap py-3 text-slate-600">{when(email.bouncedAt)}</td>
              </tr>
            ))}
            {emails.length === 0 ? (
              <tr><td colSpan={7} className="py-6 text-center text-slate-600">{filtered ? "No emails match these filters." : "No emails sent yet."}</td></tr>
            ) : null}
          </tbody>
        </table>
      </div>
      <Pagination page={page} pages={pages} previousLabel="Newer" nextLabel="Older" />
    </Card>
  );
}
