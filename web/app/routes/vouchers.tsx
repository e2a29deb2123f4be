/** Redeeming a voucher code, and the vouchers this account has redeemed. */
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { redeemVoucherSchema } from "@spike-land/shared/tokens/vouchers";
import { Button, Card, Field, FormMessage, PageHeading, TableHead } from "../components/ui.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { LIMITS } from "../.server/platform/rate-limit.server.ts";
import { listRedemptions, redeemVoucher, type Redemption } from "../.server/vouchers/redeem.server.ts";
import { formatDate, formatDateTime } from "../lib/format.ts";

export const meta: MetaFunction = () => [{ title: "Vouchers — Spike Land" }];

const SECONDS_PER_MINUTE = 60;

/** The attempt limit in words, from the limit the redeem flow applies. */
function attemptsRule(): string {
  const { points, durationSeconds } = LIMITS.voucherRedeem;
  const minutes = durationSeconds / SECONDS_PER_MINUTE;
  return `You can try ${points} codes every ${minutes === 60 ? "hour" : `${minutes} minutes`}.`;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { redemptions: await listRedemptions(user.id), attemptsRule: attemptsRule() };
}

function tokens(count: number): string {
  return `${count} token${count === 1 ? "" : "s"}`;
}

function redeemedMessage(redeemed: Redemption): string {
  if (redeemed.trial) {
    const until = formatDate(redeemed.trial.endsAt, { dateStyle: "long", timeZone: "UTC" });
    const topUp = redeemed.tokensGranted > 0 ? ` Your balance was topped up by ${tokens(redeemed.tokensGranted)} to ${redeemed.balance}.` : "";
    return `Voucher ${redeemed.code} redeemed: your ${redeemed.trial.planName} trial runs until ${until}.${topUp}`;
  }
  return `Voucher ${redeemed.code} redeemed: ${tokens(redeemed.tokensGranted)} added. Your balance is now ${tokens(redeemed.balance)}.`;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return handleForm(
    request,
    redeemVoucherSchema,
    async ({ code }) => redeemedMessage(await redeemVoucher(user.id, code)),
    {
      resetForm: true,
      explain: (error) => (error.code === "rate_limited" ? `${attemptsRule()} ${error.message}` : undefined),
    },
  );
}

export default function Vouchers() {
  const { redemptions, attemptsRule: attemptsHint } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: reply?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: redeemVoucherSchema }),
    shouldRevalidate: "onInput",
  });
  const busy = navigation.state === "submitting";
  return (
    <div className="mx-auto max-w-3xl space-y-8 px-4 py-10">
      <PageHeading title="Vouchers" description="Have a voucher code? Redeem it here for tokens, a bonus on your balance or a subscription trial." />

      <Card aria-labelledby="redeem-heading">
        <h2 id="redeem-heading" className="text-lg font-semibold">Redeem a code</h2>
        <Form method="post" className="mt-6 space-y-5" {...getFormProps(form)}>
          {form.errors?.length ? <FormMessage>{form.errors[0]}</FormMessage> : null}
          {reply?.notice ? <FormMessage tone="success">{reply.notice}</FormMessage> : null}
          <Field
            label="Voucher code"
            hint={`Upper or lower case both work. Each voucher can be used once per account. ${attemptsHint}`}
            errors={fields.code.errors}
            inputProps={{ ...getInputProps(fields.code, { type: "text" }), autoComplete: "off", spellCheck: false, className: "font-mono uppercase" }}
          />
          <Button type="submit" disabled={busy}>{busy ? "Redeeming…" : "Redeem"}</Button>
        </Form>
      </Card>

      <Card aria-labelledby="history-heading">
        <h2 id="history-heading" className="text-lg font-semibold">Vouchers you've redeemed</h2>
        {redemptions.length ? (
          <div className="mt-4 overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="redemption-list">
              <TableHead columns={["Code", "Gave", "Tokens added", "Redeemed"]} />
              <tbody className="divide-y divide-slate-100">
                {redemptions.map((row) => (
                  <tr key={row.id}>
                    <td className="py-3 pr-4 font-mono font-medium">{row.code}</td>
                    <td className="py-3 pr-4">{row.description}</td>
                    <td className="py-3 pr-4 font-semibold text-emerald-700">+{row.tokensGranted}</td>
                    <td className="py-3 text-slate-600">{formatDateTime(row.redeemedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="mt-4 text-sm text-slate-600">You haven't redeemed a voucher yet.</p>
        )}
      </Card>
    </div>
  );
}
