/**
 * Vouchers: the list with uses, a form to create one, editing (?edit=ID), deactivating and
 * deleting unredeemed ones. Every change is audited.
 */
import { getFormProps, getInputProps, getSelectProps, useForm, type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { SUBSCRIPTION_PLANS } from "@spike-land/shared/catalog";
import {
  VOUCHER_MAX_VALUE,
  VOUCHER_STATUSES,
  VOUCHER_TYPES,
  VOUCHER_VALUE_LABEL,
  voucherFormSchema,
} from "@spike-land/shared/tokens/vouchers";
import { Badge, Button, Card, Field, FormMessage, cx } from "../components/ui.tsx";
import { Pagination } from "../components/pagination.tsx";
import { requireRole } from "../.server/auth/guards.server.ts";
import { clientIp } from "../.server/platform/rate-limit.server.ts";
import { createVoucher, deleteVoucher, getVoucher, listVouchers, setVoucherStatus, updateVoucher } from "../.server/vouchers/admin.server.ts";

export const meta: MetaFunction = () => [{ title: "Vouchers — Admin — Spike Land" }];

const query = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
  edit: z.string().trim().min(1).max(100).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  const { page, edit } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [list, editing] = await Promise.all([listVouchers(page), edit ? getVoucher(edit) : null]);
  if (edit && !editing) throw new Response("That voucher no longer exists.", { status: 404 });
  return { ...list, page, editing, now: new Date() };
}

const rowAction = z.object({ intent: z.enum(["deactivate", "activate", "delete"]), id: z.string().min(1) });

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, "ADMIN");
  const formData = await request.formData();
  const intent = formData.get("intent");
  const ip = clientIp(request);

  if (intent === "create" || intent === "update") {
    const formId = intent === "create" ? "new" : String(formData.get("id") ?? "");
    const submission = parseWithZod(formData, { schema: voucherFormSchema });
    if (submission.status !== "success") return data({ formId, result: submission.reply(), ok: false, message: "Check the highlighted fields." }, { status: 400 });
    const result = intent === "create" ? await createVoucher(actor, submission.value, ip) : await updateVoucher(actor, formId, submission.value, ip);
    if (!result.ok) {
      const reply = result.field ? submission.reply({ fieldErrors: { [result.field]: [result.message] } }) : submission.reply({ formErrors: [result.message] });
      return data({ formId, result: reply, ok: false, message: result.message }, { status: result.status });
    }
    return { formId, result: submission.reply({ resetForm: intent === "create" }), ok: true, message: result.message };
  }

  const parsed = rowAction.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return data({ formId: null, result: null, ok: false, message: "Choose a voucher and what to do with it." }, { status: 400 });
  const { id } = parsed.data;
  const result =
    parsed.data.intent === "delete"
      ? await deleteVoucher(actor, id, ip)
      : await setVoucherStatus(actor, id, parsed.data.intent === "activate" ? "ACTIVE" : "INACTIVE", ip);
  if (!result.ok) return data({ formId: null, result: null, ok: false, message: result.message }, { status: result.status });
  return { formId: null, result: null, ok: true, message: result.message };
}

const STATUS_TONE = { ACTIVE: "green", INACTIVE: "slate", EXPIRED: "amber", DEPLETED: "red" } as const;
const TYPE_LABEL = { FIXED_TOKENS: "Fixed tokens", PERCENTAGE_BONUS: "Percentage bonus", SUBSCRIPTION_TRIAL: "Subscription trial" } as const;
const VALUE_HINT = VOUCHER_TYPES.map((type) => `${TYPE_LABEL[type]}: ${VOUCHER_VALUE_LABEL[type]} (up to ${VOUCHER_MAX_VALUE[type]})`).join(" · ");

/** "2026-12-31T23:59" for a datetime-local field, in UTC like the form reads it. */
function toLocalInput(date: Date | string | null): string {
  return date ? new Date(date).toISOString().slice(0, 16) : "";
}

function SelectField({ label, hint, meta, children }: { label: string; hint?: string; meta: FieldMetadata<string | undefined>; children: React.ReactNode }) {
  const props = getSelectProps(meta);
  const errorId = `${meta.id}-error`;
  const hintId = `${meta.id}-hint`;
  return (
    <div className="space-y-1.5">
      <label htmlFor={meta.id} className="block text-sm font-medium text-slate-800">{label}</label>
      <select
        {...props}
        aria-describedby={[meta.errors?.length ? errorId : null, hint ? hintId : null].filter(Boolean).join(" ") || undefined}
        className={cx("block w-full rounded-lg border-0 bg-white py-2.5 pl-3 pr-8 ring-1 ring-inset focus:ring-2 focus:ring-brand-600", meta.errors?.length ? "ring-red-500" : "ring-slate-300")}
      >
        {children}
      </select>
      {hint ? <p id={hintId} className="text-sm text-slate-600">{hint}</p> : null}
      {meta.errors?.length ? <p id={errorId} className="text-sm font-medium text-red-700">{meta.errors[0]}</p> : null}
    </div>
  );
}

type Editing = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["editing"]>;

function VoucherEditor({ editing }: { editing: Editing | null }) {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const formId = editing ? editing.id : "new";
  const [form, fields] = useForm({
    id: `voucher-${formId}`,
    lastResult: actionData?.formId === formId ? actionData.result : undefined,
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
    onValidate: ({ formData }) => parseWithZod(formData, { schema: voucherFormSchema }),
    shouldRevalidate: "onInput",
  });
  const notice = actionData?.formId === formId ? actionData : null;
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
        {notice ? <FormMessage tone={notice.ok ? "success" : "error"}>{notice.message}</FormMessage> : null}
        <input type="hidden" name="intent" value={editing ? "update" : "create"} />
        {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
        <div className="grid gap-5 sm:grid-cols-2">
          <Field
            label="Code"
            hint="Letters, digits, dashes and underscores; saved in upper case."
            errors={fields.code.errors}
            inputProps={{ ...getInputProps(fields.code, { type: "text" }), autoComplete: "off", spellCheck: false, className: "font-mono uppercase" }}
          />
          <SelectField label="Gives" meta={fields.type}>
            {VOUCHER_TYPES.map((type) => <option key={type} value={type}>{TYPE_LABEL[type]}</option>)}
          </SelectField>
          <Field label="Value" hint={VALUE_HINT} errors={fields.value.errors} inputProps={{ ...getInputProps(fields.value, { type: "number" }), min: 1 }} />
          <SelectField label="Plan (subscription trials only)" hint="The plan a trial voucher starts." meta={fields.planId}>
            <option value="">No plan</option>
            {SUBSCRIPTION_PLANS.map((plan) => <option key={plan.id} value={plan.id}>{plan.name}</option>)}
          </SelectField>
          <Field label="Maximum uses" hint="Leave empty for unlimited." errors={fields.maxUses.errors} inputProps={{ ...getInputProps(fields.maxUses, { type: "number" }), min: 1 }} />
          <Field label="Expires at (UTC)" hint="Leave empty for no expiry." errors={fields.expiresAt.errors} inputProps={getInputProps(fields.expiresAt, { type: "datetime-local" })} />
          <SelectField label="Status" meta={fields.status}>
            {VOUCHER_STATUSES.map((status) => <option key={status} value={status}>{status}</option>)}
          </SelectField>
        </div>
        <Button type="submit" disabled={navigation.state === "submitting"}>{editing ? "Save voucher" : "Create voucher"}</Button>
      </Form>
      {editing ? <RecentRedemptions editing={editing} /> : null}
    </Card>
  );
}

function RecentRedemptions({ editing }: { editing: Editing }) {
  return (
    <div className="mt-8">
      <h3 className="text-sm font-semibold uppercase tracking-wide text-slate-600">Latest redemptions</h3>
      {editing.redemptions.length ? (
        <ul className="mt-2 divide-y divide-slate-100 text-sm">
          {editing.redemptions.map((row) => (
            <li key={row.id} className="flex justify-between py-2">
              <span>{row.user.email}</span>
              <span className="text-slate-600">+{row.tokensGranted} · {new Date(row.redeemedAt).toLocaleString("en-GB")}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-2 text-sm text-slate-600">Nobody has redeemed it yet.</p>
      )}
    </div>
  );
}

export default function AdminVouchers() {
  const { vouchers, total, page, pages, editing, now } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const rowNotice = actionData && actionData.formId === null ? actionData : null;
  return (
    <div className="space-y-6">
      <VoucherEditor key={editing?.id ?? "new"} editing={editing} />
      <Card aria-labelledby="voucher-list-heading">
        <h2 id="voucher-list-heading" className="text-lg font-semibold">Vouchers</h2>
        <p className="text-sm text-slate-600">{total} {total === 1 ? "voucher" : "vouchers"}</p>
        {rowNotice ? <div className="mt-4"><FormMessage tone={rowNotice.ok ? "success" : "error"}>{rowNotice.message}</FormMessage></div> : null}
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
                            <Button type="submit" name="intent" value="deactivate" variant="secondary" className="px-3 py-1.5" disabled={navigation.state === "submitting"} aria-label={`Deactivate ${voucher.code}`}>Deactivate</Button>
                          ) : voucher.status === "INACTIVE" ? (
                            <Button type="submit" name="intent" value="activate" variant="secondary" className="px-3 py-1.5" disabled={navigation.state === "submitting"} aria-label={`Activate ${voucher.code}`}>Activate</Button>
                          ) : null}
                        </Form>
                        {voucher.currentUses === 0 ? (
                          <Form method="post" onSubmit={(event) => { if (!confirm(`Delete ${voucher.code}? This cannot be undone.`)) event.preventDefault(); }}>
                            <input type="hidden" name="id" value={voucher.id} />
                            <Button type="submit" name="intent" value="delete" variant="ghost" className="px-3 py-1.5 text-red-700" disabled={navigation.state === "submitting"} aria-label={`Delete ${voucher.code}`}>Delete</Button>
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
    </div>
  );
}
