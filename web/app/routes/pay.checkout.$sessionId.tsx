/**
 * The local payment emulator's hosted checkout page (Stripe Checkout's stand-in): a card form that
 * takes Stripe's test cards. It exists only while no Stripe keys are configured; otherwise 404.
 */
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { cardFormSchema, TEST_CARDS } from "@spike-land/shared/payments/card";
import { fromMinorUnits } from "@spike-land/shared/payments/money";
import { Badge, Button, Field, FormMessage } from "../components/ui.tsx";
import { Money, Spinner } from "../components/payments.tsx";
import { paymentEmulator } from "../.server/providers/payments/index.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";

export const meta: MetaFunction = () => [{ title: "Pay — Spike Land (test payments)" }, { name: "robots", content: "noindex" }];

function requireEmulator() {
  const emulator = paymentEmulator();
  if (!emulator) throw new Response("Not found", { status: 404 });
  return emulator;
}

export async function loader({ params }: LoaderFunctionArgs) {
  const emulator = requireEmulator();
  const view = await emulator.openCheckout(params.sessionId ?? "");
  if (!view) throw new Response("This checkout does not exist. Go back to Spike Land and start again.", { status: 404 });
  return { ...view, amount: fromMinorUnits(view.item.amountMinor), testCards: TEST_CARDS };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const emulator = requireEmulator();
  const submission = parseWithZod(await request.formData(), { schema: cardFormSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["cvc"] }), { status: 400 });
  try {
    const outcome = await emulator.payCheckout(params.sessionId ?? "", submission.value);
    if (outcome.ok) return redirect(outcome.redirectTo);
    return data(submission.reply({ formErrors: [outcome.message], hideFields: ["cvc"] }), { status: outcome.status });
  } catch (error) {
    await recordServerError(error, { route: "/pay/checkout" });
    const message = "The payment went through in the emulator, but Spike Land did not confirm it. Try again in a moment; you will not be charged twice.";
    return data(submission.reply({ formErrors: [message], hideFields: ["cvc"] }), { status: 502 });
  }
}

export default function HostedCheckout() {
  const view = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const paying = navigation.state !== "idle" && navigation.formMethod === "POST";
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: cardFormSchema }),
    shouldValidate: "onSubmit",
    // Errors clear while typing, so the Pay button never jumps away from a click.
    shouldRevalidate: "onInput",
  });
  const payLabel = view.item.recurring ? "Subscribe" : "Pay";

  return (
    <div className="bg-slate-100 px-4 py-10">
      <div className="mx-auto grid max-w-4xl overflow-hidden rounded-2xl bg-white shadow-lg ring-1 ring-slate-200 md:grid-cols-2">
        <section aria-labelledby="order-heading" className="bg-gradient-to-br from-brand-900 to-brand-700 p-8 text-white">
          <a href={view.cancelUrl} className="text-sm font-medium text-brand-100 hover:text-white hover:underline">
            ← Back to Spike Land
          </a>
          <div className="mt-6 flex items-center gap-2">
            <p className="text-lg font-semibold">Spike Land</p>
            <span className="rounded bg-amber-300 px-2 py-0.5 text-xs font-bold uppercase tracking-wide text-amber-950">Test mode</span>
          </div>
          <h2 id="order-heading" className="mt-8 text-brand-100">{view.item.name}</h2>
          <p className="mt-1 text-4xl font-extrabold tracking-tight" data-testid="checkout-amount">
            <Money amount={view.amount} currency={view.item.currency} />
            {view.item.recurring ? <span className="text-lg font-medium text-brand-100"> per month</span> : null}
          </p>
          {view.lines.length > 0 ? (
            <>
              <ul aria-label="Order lines" className="mt-4 space-y-1 text-sm text-brand-50">
                {view.lines.map((line, index) => (
                  <li key={index} className="flex justify-between gap-4">
                    <span>
                      {line.quantity > 1 ? `${line.quantity} × ` : ""}
                      {line.name}
                      {line.description ? <span className="text-brand-100"> · {line.description}</span> : null}
                    </span>
                    <Money amount={fromMinorUnits(line.amountMinor)} currency={view.item.currency} />
                  </li>
                ))}
              </ul>
              {view.captureMethod === "manual" ? (
                <p className="mt-4 text-sm text-brand-100">Your card is authorised now and charged when the print studio accepts your order.</p>
              ) : null}
            </>
          ) : (
            <p className="mt-4 text-sm text-brand-100">
              {view.item.recurring ? `${view.item.tokens} tokens every month, renewing automatically until you cancel.` : `${view.item.tokens} tokens, added to your balance once the payment goes through.`}
            </p>
          )}
        </section>

        <section aria-labelledby="pay-heading" className="p-8">
          <h1 id="pay-heading" className="text-xl font-bold tracking-tight">Pay with card</h1>
          {view.state === "complete" ? (
            <div className="mt-6 space-y-4">
              <FormMessage tone="success">This checkout is already paid.</FormMessage>
              <a href={view.successUrl} className="font-semibold text-brand-700 hover:underline">Continue to Spike Land</a>
            </div>
          ) : view.state === "expired" ? (
            <div className="mt-6 space-y-4">
              <FormMessage>This checkout has expired. Go back to Spike Land and start again.</FormMessage>
              <a href={view.cancelUrl} className="font-semibold text-brand-700 hover:underline">Back to Spike Land</a>
            </div>
          ) : (
            <Form method="post" className="mt-6 space-y-5" {...getFormProps(form)}>
              <div className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
                <p className="font-semibold">No real money moves here.</p>
                <p>
                  Pay with <span className="font-mono">{view.testCards.success}</span>; <span className="font-mono">{view.testCards.declined}</span> is declined.
                  Any future expiry date and any 3 digits for the security code.
                </p>
              </div>
              {form.errors?.length ? <FormMessage>{form.errors[0]}</FormMessage> : null}
              {view.customerEmail ? (
                <p className="text-sm text-slate-700">
                  Paying as <span className="font-medium">{view.customerEmail}</span> <Badge>Spike Land account</Badge>
                </p>
              ) : null}
              <Field
                label="Card number"
                errors={fields.cardNumber.errors}
                inputProps={{ ...getInputProps(fields.cardNumber, { type: "text" }), inputMode: "numeric", autoComplete: "cc-number", placeholder: "1234 1234 1234 1234" }}
              />
              <div className="grid grid-cols-2 gap-4">
                <Field
                  label="Expiry date (MM / YY)"
                  errors={fields.expiry.errors}
                  inputProps={{ ...getInputProps(fields.expiry, { type: "text" }), inputMode: "numeric", autoComplete: "cc-exp", placeholder: "MM / YY" }}
                />
                <Field
                  label="Security code (CVC)"
                  errors={fields.cvc.errors}
                  inputProps={{ ...getInputProps(fields.cvc, { type: "text" }), inputMode: "numeric", autoComplete: "cc-csc", placeholder: "123" }}
                />
              </div>
              <Field label="Name on card" errors={fields.cardholder.errors} inputProps={{ ...getInputProps(fields.cardholder, { type: "text" }), autoComplete: "cc-name" }} />
              <Button type="submit" className="w-full py-3 text-base" disabled={paying}>
                {paying ? (
                  <>
                    <Spinner /> Processing…
                  </>
                ) : (
                  <>
                    {payLabel} <Money amount={view.amount} currency={view.item.currency} />
                  </>
                )}
              </Button>
              <p aria-live="polite" className="sr-only">{paying ? "Processing your payment." : ""}</p>
            </Form>
          )}
        </section>
      </div>
      <p className="mx-auto mt-6 max-w-4xl text-center text-xs text-slate-600">
        Spike Land's built-in payment emulator stands in for Stripe Checkout while no Stripe keys are configured.
      </p>
    </div>
  );
}
