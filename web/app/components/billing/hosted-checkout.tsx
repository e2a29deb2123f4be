/**
 * The payment emulator's card page in two halves: what is being paid for (left) and the card form
 * with the test cards (right). The form validates in the browser with the same card schema the
 * page's action uses.
 */
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import { cardFormSchema } from "@spike-land/shared/payments/card";
import { fromMinorUnits } from "@spike-land/shared/payments/money";
import type { FormReply } from "../../lib/form-reply.ts";
import { Badge, Button, Field, FormMessage } from "../ui.tsx";
import { Money, Spinner } from "../payments.tsx";

export type HostedCheckoutView = {
  item: { name: string; currency: string; recurring: boolean; tokens: number };
  amount: string;
  lines: Array<{ name: string; description: string | null; quantity: number; amountMinor: number }>;
  captureMethod: "manual" | "automatic";
  customerEmail: string | null;
  cancelUrl: string;
  successUrl: string;
  state: "open" | "complete" | "expired";
  testCards: { success: string; declined: string };
};

export function CheckoutOrderPanel({ view }: { view: HostedCheckoutView }) {
  return (
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
          {view.captureMethod === "manual" ? <p className="mt-4 text-sm text-brand-100">Your card is authorised now and charged when the print studio accepts your order.</p> : null}
        </>
      ) : (
        <p className="mt-4 text-sm text-brand-100">
          {view.item.recurring ? `${view.item.tokens} tokens every month, renewing automatically until you cancel.` : `${view.item.tokens} tokens, added to your balance once the payment goes through.`}
        </p>
      )}
    </section>
  );
}

function CardForm({ view, reply }: { view: HostedCheckoutView; reply: FormReply | undefined }) {
  const navigation = useNavigation();
  const paying = navigation.state !== "idle" && navigation.formMethod === "POST";
  const [form, fields] = useForm({
    lastResult: reply?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: cardFormSchema }),
    shouldValidate: "onSubmit",
    // Errors clear while typing, so the Pay button never jumps away from a click.
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" className="mt-6 space-y-5" {...getFormProps(form)}>
      <div className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
        <p className="font-semibold">No real money moves here.</p>
        <p>
          Pay with <span className="font-mono">{view.testCards.success}</span>; <span className="font-mono">{view.testCards.declined}</span> is declined. Any future expiry date and any 3
          digits for the security code.
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
            {view.item.recurring ? "Subscribe" : "Pay"} <Money amount={view.amount} currency={view.item.currency} />
          </>
        )}
      </Button>
      <p aria-live="polite" className="sr-only">{paying ? "Processing your payment." : ""}</p>
    </Form>
  );
}

export function CardPaymentPanel({ view, reply }: { view: HostedCheckoutView; reply: FormReply | undefined }) {
  return (
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
        <CardForm view={view} reply={reply} />
      )}
    </section>
  );
}
