/**
 * The voucher admin: the create or edit form (validated while typing with the action's own schema)
 * with the latest redemptions, and the voucher list with its row actions.
 */
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link } from "@remix-run/react";
import { SUBSCRIPTION_PLANS } from "@spike-land/shared/catalog";
import { VOUCHER_MAX_VALUE, VOUCHER_STATUSES, VOUCHER_TYPES, VOUCHER_VALUE_LABEL } from "@spike-land/shared/tokens/vouchers";
import type { AdminVoucher, AdminVoucherDetail } from "../../.server/vouchers/admin.server.ts";
import type { FormReply } from "../../lib/form-reply.ts";
import { ReplyMessage } from "../form-reply.tsx";
import { Pagination } from "../pagination.tsx";
import { Badge, Button, Card, Field } from "../ui.tsx";
import { SelectField, textInput } from "./form-fields.tsx";
import { replyTo } from "./replies.ts";
import { voucherEdit } from "./voucher-forms.ts";
import { formatDateTime } from "../../lib/format.ts";

const EDITOR_INTENTS = ["create", "update"];

const STATUS_TONE = { ACTIVE: "green", INACTIVE: "slate", EXPIRED: "amber", DEPLETED: "red" } as const;
const TYPE_LABEL = { FIXED_TOKENS: "Fixed tokens", PERCENTAGE_BONUS: "Percentage bonus", SUBSCRIPTION_TRIAL: "Subscription trial" } as const;
const VALUE_HINT = VOUCHER_TYPES.map((type) => `${TYPE_LABEL[type]}: ${VOUCHER_VALUE_LABEL[type]} (up to ${VOUCHER_MAX_VALUE[type]})`).join(" · ");

/** "2026-12-31T23:59" for a datetime-local field, in UTC like the form reads it. */
function toLocalInput(date: Date | string | null): string {
  return date ? new Date(date).toISOString().slice(0, 16) : "";
}

/** The create form, or the edit form of `editing` with its latest redemptions. */
export function VoucherEditor({ editing, reply, busy }: { editing: AdminVoucherDetail | null; reply: FormReply | undefined; busy: boolean }) {
  const answered = editing ? replyTo(reply, ["update"], editing.id) : replyTo(reply, ["create"]);
  const [form, fields] = useForm({
    id: `voucher-${editing ? editing.id : "new"}`,
    lastResult: answered?.result,
    defaultValue: editing
      ? {
          code: editing.code,
          type: editing.type,
          value: String(editing.value),
          maxUses: editing.maxUses === null ? "" : String(editing.maxUses),
          expiresAt: toLocalInput(editing.expiresAt),
          status: editing.status,
          planId: editing.planId ?? "",
        }
      : { code: "", type: "FIXED_TOKENS", value: "", maxUses: "", expiresAt: "", status: "ACTIVE", planId: "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: voucherEdit }),
    shouldRevalidate: "onInput",
  });
  return (
    <Card aria-labelledby="voucher-editor-heading">
      <div className="flex items-center justify-between">
        <h2 id="voucher-editor-heading" className="text-lg font-semibold">{editing ? `Edit ${editing.code}` : "New voucher"}</h2>
        {editing ? <Link to="/admin/vouchers" className="text-sm font-semibold text-brand-700 hover:underline">Cancel editing</Link> : null}
      </div>
      {editing ? (
        <p className="mt-1 text-sm text-slate-600">
          Used {editing.currentUses} {editing.maxUses === null ? "times (unlimited)" : `of ${editing.maxUses} times`} · gives {editing.description}
        </p>
      ) : null}
      <Form method="post" className="mt-6 space-y-5" {...getFormProps(form)}>
        <ReplyMessage reply={answered} />
        <input type="hidden" name="intent" value={editing ? "update" : "create"} />
        {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
        <div className="grid gap-5 sm:grid-cols-2">
          <Field
            label="Code"
            hint="Letters, digits, dashes and underscores; saved in upper case."
            errors={fields.code.errors}
            inputProps={{ ...textInput(fields.code), autoComplete: "off", spellCheck: false, className: "font-mono uppercase" }}
          />
          <SelectField label="Gives" meta={fields.type}>
            {VOUCHER_TYPES.map((type) => <option key={type} value={type}>{TYPE_LABEL[type]}</option>)}
          </SelectField>
          <Field label="Value" hint={VALUE_HINT} errors={fields.value.errors} inputProps={{ ...textInput(fields.value, "number"), min: 1 }} />
          <SelectField label="Plan (subscription trials only)" hint="The plan a trial voucher starts." meta={fields.planId}>
            <option value="">No plan</option>
            {SUBSCRIPTION_PLANS.map((plan) => <option key={plan.id} value={plan.id}>{plan.name}</option>)}
          </SelectField>
          <Field label="Maximum uses" hint="Leave empty for unlimited." errors={fields.maxUses.errors} inputProps={{ ...textInput(fields.maxUses, "number"), min: 1 }} />
          <Field label="Expires at (UTC)" hint="Leave empty for no expiry." errors={fields.expiresAt.errors} inputProps={textInput(fields.expiresAt, "datetime-local")} />
          <SelectField label="Status" meta={fields.status}>
            {VOUCHER_STATUSES.map((status) => <option key={status} value={status}>{status}</option>)}
          </SelectField>
        </div>
        <Button type="submit" disabled={busy}>{editing ? "Save voucher" : "Create voucher"}</Button>
      </Form>
      {editing ? <RecentRedemptions editing={editing} /> : null}
    </Card>
  );
}

function RecentRedemptions({ editing }: { editing: AdminVoucherDetail }) {
  return (
    <div className="mt-8">
      <h3 className="text-sm font-semibold uppercase tracking-wide text-slate-600">Latest redemptions</h3>
      {editing.redemptions.length ? (
        <ul className="mt-2 divide-y divide-slate-100 text-sm">
          {editing.redemptions.map((row) => (
            <li key={row.id} className="flex justify-between py-2">
              <span>{row.user.email}</span>
              <span className="text-slate-600">+{row.tokensGranted} · {formatDateTime(row.redeemedAt)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-2 text-sm text-slate-600">Nobody has redeemed it yet.</p>
      )}
    </div>
  );
}

type ListProps = { vouchers: AdminVoucher[]; total: number; page: number; pages: number; now: Date; reply: FormReply | undefined; busy: boolean };

/** Every voucher with its uses, expiry and status, and the buttons to edit, deactivate or delete it. */
export function VoucherList({ vouchers, total, page, pages, now, reply, busy }: ListProps) {
  // Everything but the editor's replies shows here, including a refused unknown intent.
  const rowReply = reply && !EDITOR_INTENTS.includes(reply.intent ?? "") ? reply : undefined;
  return (
      <Card aria-labelledby="voucher-list-heading">
        <h2 id="voucher-list-heading" className="text-lg font-semibold">Vouchers</h2>
        <p className="text-sm text-slate-600">{total} {total === 1 ? "voucher" : "vouchers"}</p>
        {rowReply ? <div className="mt-4"><ReplyMessage reply={rowReply} /></div> : null}
        <div className="mt-6 overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="voucher-list">
            <thead className="border-b border-slate-200 text-slate-600">
              <tr>
                <th scope="col" className="py-2 pr-4 font-medium">Code</th>
                <th scope="col" className="py-2 pr-4 font-medium">Gives</th>
                <th scope="col" className="py-2 pr-4 font-medium">Uses</th>
                <th scope="col" className="py-2 pr-4 font-medium">Expires</th>
                <th scope="col" className="py-2 pr-4 font-medium">Status</th>
                <th scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {vouchers.map((voucher) => {
                const lapsed = voucher.status === "ACTIVE" && voucher.expiresAt !== null && new Date(voucher.expiresAt) <= new Date(now);
                return (
                  <tr key={voucher.id} data-testid={`voucher-row-${voucher.code}`}>
                    <td className="py-3 pr-4 font-mono font-semibold">{voucher.code}</td>
                    <td className="py-3 pr-4">{voucher.description}</td>
                    <td className="py-3 pr-4">{voucher.currentUses} / {voucher.maxUses ?? "∞"}</td>
                    <td className="py-3 pr-4 text-slate-600">{voucher.expiresAt ? `${toLocalInput(voucher.expiresAt).replace("T", " ")} UTC` : "Never"}</td>
                    <td className="py-3 pr-4">
                      <Badge tone={lapsed ? "amber" : STATUS_TONE[voucher.status]}>{lapsed ? "EXPIRED" : voucher.status}</Badge>
                    </td>
                    <td className="py-3">
                      <div className="flex flex-wrap justify-end gap-2">
                        <Link to={`?edit=${voucher.id}`} className="inline-flex items-center rounded-lg px-3 py-1.5 text-sm font-semibold text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50" aria-label={`Edit ${voucher.code}`}>Edit</Link>
                        <Form method="post">
                          <input type="hidden" name="id" value={voucher.id} />
                          {voucher.status === "ACTIVE" ? (
                            <Button type="submit" name="intent" value="deactivate" variant="secondary" className="px-3 py-1.5" disabled={busy} aria-label={`Deactivate ${voucher.code}`}>Deactivate</Button>
                          ) : voucher.status === "INACTIVE" ? (
                            <Button type="submit" name="intent" value="activate" variant="secondary" className="px-3 py-1.5" disabled={busy} aria-label={`Activate ${voucher.code}`}>Activate</Button>
                          ) : null}
                        </Form>
                        {voucher.currentUses === 0 ? (
                          <Form method="post" onSubmit={(event) => { if (!confirm(`Delete ${voucher.code}? This cannot be undone.`)) event.preventDefault(); }}>
                            <input type="hidden" name="id" value={voucher.id} />
                            <Button type="submit" name="intent" value="delete" variant="ghost" className="px-3 py-1.5 text-red-700" disabled={busy} aria-label={`Delete ${voucher.code}`}>Delete</Button>
                          </Form>
                        ) : null}
                      </div>
                    </td>
                  </tr>
                );
              })}
              {vouchers.length === 0 ? <tr><td colSpan={6} className="py-3 text-slate-600">No vouchers yet.</td></tr> : null}
            </tbody>
          </table>
        </div>
        <Pagination page={page} pages={pages} />
      </Card>
  );
}
