/** One user, for support: profile, balance, recent ledger, a token adjustment with a required reason, and deleting the account. */
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { textInput } from "../components/admin/form-fields.tsx";
import { ReplyMessage } from "../components/form-reply.tsx";
import { resultFor } from "../lib/form-reply.ts";
import { Badge, Button, Card, Field, FormMessage } from "../components/ui.tsx";
import { describeEntry, ENTRY_LABEL } from "../components/ledger.ts";
import { EMAIL_STATUS_TONE, emailStatusLabel } from "../components/admin/email-status.ts";
import { emailHistory } from "../.server/email/log.server.ts";
import { requireRole } from "../.server/auth/guards.server.ts";
import { orPageError } from "../.server/http/domain-errors.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { adjustTokens } from "../.server/admin/tokens.server.ts";
import { adminDeleteUser, getAdminUser } from "../.server/admin/users.server.ts";
import { history, peekBalance } from "../.server/tokens/ledger.server.ts";
import { clientIp } from "../.server/platform/rate-limit.server.ts";
import { formatDate, formatDateTime } from "../lib/format.ts";

export const meta: MetaFunction = () => [{ title: "User — Admin — Spike Land" }];

const MAX_ADJUSTMENT = 100_000;

const adjustmentSchema = z.object({
  delta: z.coerce
    .number({ error: "Enter a whole number of tokens, like 25 or -10" })
    .int("Enter a whole number of tokens, like 25 or -10")
    .refine((n) => n !== 0, "Enter a number other than 0")
    .refine((n) => Math.abs(n) <= MAX_ADJUSTMENT, `Adjust by at most ${MAX_ADJUSTMENT} tokens at a time`),
  reason: z.string({ error: "Say why, so the user and other admins can see it" }).trim().min(5, "Say why in a few words (at least 5 characters)").max(300, "Keep the reason under 300 characters"),
  intent: z.literal("adjust"),
});

const deletionSchema = z.object({
  intent: z.literal("delete"),
  confirmEmail: z.string({ error: "Type the account's email address to confirm" }).trim().min(1, "Type the account's email address to confirm").max(320, "That is longer than any email address"),
});

const actions = z.discriminatedUnion("intent", [adjustmentSchema, deletionSchema], { error: "That action is not one this page offers." });

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  const user = await orPageError(getAdminUser(params.id ?? ""));
  const [balance, ledger, emails] = await Promise.all([peekBalance(user.id), history(user.id, 1), emailHistory(user.id)]);
  return {
    user,
    balance,
    emails,
    entries: ledger.entries.map((e) => ({ ...e, label: ENTRY_LABEL[e.type] ?? e.type, description: describeEntry(e) })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, "ADMIN");
  return handleForm(request, actions, async (input) => {
    if (input.intent === "delete") {
      const deleted = await adminDeleteUser(actor, params.id ?? "", input.confirmEmail, clientIp(request));
      return redirect(`/admin?deleted=${encodeURIComponent(deleted.email ?? "1")}`);
    }
    const entry = await adjustTokens(actor, params.id ?? "", input.delta, input.reason, clientIp(request));
    return `Balance is now ${entry.balanceAfter} tokens.`;
  });
}

export default function AdminUser() {
  const { user, balance, entries, emails } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "adjust-tokens",
    lastResult: resultFor(reply, "adjust"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: adjustmentSchema }),
    shouldRevalidate: "onInput",
  });
  const [deletion, deletionFields] = useForm({
    id: "delete-account",
    lastResult: resultFor(reply, "delete"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: deletionSchema }),
    shouldRevalidate: "onInput",
  });
  const submitting = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  return (
    <div className="space-y-6">
      <Link to="/admin" className="text-sm font-semibold text-brand-700 hover:underline">← Users</Link>
      <div className="grid gap-6 lg:grid-cols-3">
        <Card>
          <h2 className="text-lg font-semibold">{user.name ?? "No name"}</h2>
          <p className="text-slate-600">{user.email}</p>
          <dl className="mt-4 space-y-2 text-sm">
            <div className="flex justify-between"><dt className="text-slate-600">Role</dt><dd><Badge tone="brand">{user.role}</Badge></dd></div>
            <div className="flex justify-between"><dt className="text-slate-600">Email</dt><dd>{user.emailVerified ? "Verified" : "Unverified"}</dd></div>
            <div className="flex justify-between"><dt className="text-slate-600">Joined</dt><dd>{formatDate(user.createdAt)}</dd></div>
            <div className="flex justify-between"><dt className="text-slate-600">Referral code</dt><dd className="font-mono">{user.referralCode}</dd></div>
          </dl>
        </Card>
        <Card className="lg:col-span-2">
          <div className="flex items-baseline justify-between">
            <h2 className="text-lg font-semibold">Tokens</h2>
            <p><span className="text-3xl font-extrabold" data-testid="admin-user-balance">{balance?.balance ?? 0}</span> <span className="text-slate-600">({balance?.tier})</span></p>
          </div>
          <Form method="post" className="mt-4 grid gap-4 sm:grid-cols-[10rem_1fr_auto] sm:items-start" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="adjust" />
            <Field label="Change by" errors={fields.delta.errors} inputProps={{ ...textInput(fields.delta, "number"), step: 1, placeholder: "e.g. 25 or -10", required: true }} />
            <Field label="Reason (the user sees it)" errors={fields.reason.errors} inputProps={{ ...textInput(fields.reason), placeholder: "Refund for a failed enhancement", required: true }} />
            <Button type="submit" className="sm:mt-7" disabled={submitting === "adjust"}>Adjust</Button>
          </Form>
          {reply?.intent === "adjust" ? <div className="mt-4"><ReplyMessage reply={reply} /></div> : null}
          <ul className="mt-6 divide-y divide-slate-100 text-sm">
            {entries.map((e) => (
              <li key={e.id} className="flex justify-between gap-4 py-2">
                <span><span className="font-medium">{e.label}</span> <span className="text-slate-600">· {e.description}</span></span>
                <span className={e.amount >= 0 ? "text-emerald-700" : "text-red-700"}>{e.amount >= 0 ? `+${e.amount}` : e.amount} → {e.balanceAfter}</span>
              </li>
            ))}
          </ul>
        </Card>
      </div>
      <Card aria-labelledby="user-emails-heading">
        <div className="flex items-baseline justify-between gap-4">
          <h2 id="user-emails-heading" className="text-lg font-semibold">Emails</h2>
          {user.email ? <Link to={`/admin/emails?recipient=${encodeURIComponent(user.email)}`} className="text-sm font-semibold text-brand-700 hover:underline">All emails to this address</Link> : null}
        </div>
        <ul className="mt-4 divide-y divide-slate-100 text-sm" data-testid="admin-user-emails">
          {emails.map((email) => (
            <li key={email.id} className="flex flex-col gap-1 py-2 sm:flex-row sm:items-center sm:justify-between">
              <span><span className="font-medium">{email.subject}</span> <span className="font-mono text-xs text-slate-600">{email.template}</span></span>
              <span className="flex items-center gap-3 text-slate-600">
                {formatDateTime(email.sentAt)}
                {email.openedAt ? <span>· opened {formatDateTime(email.openedAt)}</span> : null}
                <Badge tone={EMAIL_STATUS_TONE[email.status] ?? "slate"}>{emailStatusLabel(email.status)}</Badge>
              </span>
            </li>
          ))}
          {emails.length === 0 ? <li className="py-2 text-slate-600">No emails sent to this user yet.</li> : null}
        </ul>
      </Card>
      <Card aria-labelledby="delete-account-heading" className="ring-red-200">
        <h2 id="delete-account-heading" className="text-lg font-semibold text-red-800">Delete this account</h2>
        <p className="mt-1 max-w-2xl text-sm text-slate-600">
          For a support or erasure request. Their photos, albums, projects, keys and sessions are deleted; orders and payments stay for the books without
          their name, email or address. A subscription is stopped from renewing first. This cannot be undone, and it is recorded in the audit log.
        </p>
        <Form method="post" className="mt-4 grid gap-4 sm:grid-cols-[1fr_auto] sm:items-start" {...getFormProps(deletion)}>
          <input type="hidden" name="intent" value="delete" />
          <Field
            label={`Type ${user.email ?? "the account's email"} to confirm`}
            errors={deletionFields.confirmEmail.errors}
            inputProps={{ ...textInput(deletionFields.confirmEmail), autoComplete: "off", required: true }}
          />
          <Button type="submit" variant="danger" className="sm:mt-7" disabled={submitting === "delete"}>{submitting === "delete" ? "Deleting…" : "Delete account"}</Button>
        </Form>
        {deletion.errors?.length ? <div className="mt-4"><FormMessage>{deletion.errors[0]}</FormMessage></div> : null}
      </Card>
    </div>
  );
}
