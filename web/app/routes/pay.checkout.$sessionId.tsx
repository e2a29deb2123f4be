/**
 * The local payment emulator's hosted checkout page (Stripe Checkout's stand-in): a card form that
 * takes Stripe's test cards. It exists only while no Stripe keys are configured; otherwise 404.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { DomainError } from "@spike-land/shared/errors";
import { cardFormSchema, TEST_CARDS } from "@spike-land/shared/payments/card";
import { fromMinorUnits } from "@spike-land/shared/payments/money";
import { CardPaymentPanel, CheckoutOrderPanel } from "../components/billing/hosted-checkout.tsx";
import { handleForm } from "../.server/http/forms.server.ts";
import { paymentEmulator } from "../.server/providers/payments/index.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";

export const meta: MetaFunction = () => [{ title: "Pay — Spike Land (test payments)" }, { name: "robots", content: "noindex" }];

const UNCONFIRMED = "The payment went through in the emulator, but Spike Land did not confirm it. Try again in a moment; you will not be charged twice.";

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
  return handleForm(
    request,
    cardFormSchema,
    async (card) => {
      const outcome = await emulator.payCheckout(params.sessionId ?? "", card).catch(async (error: unknown) => {
        // The card was charged in the emulator but the app did not take the payment in: say so, and log why.
        await recordServerError(error, { route: "/pay/checkout" });
        throw new DomainError(502, UNCONFIRMED);
      });
      if (!outcome.ok) throw new DomainError(outcome.status, outcome.message);
      return redirect(outcome.redirectTo);
    },
    { hideFields: ["cvc"] },
  );
}

export default function HostedCheckout() {
  const view = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <div className="bg-slate-100 px-4 py-10">
      <div className="mx-auto grid max-w-4xl overflow-hidden rounded-2xl bg-white shadow-lg ring-1 ring-slate-200 md:grid-cols-2">
        <CheckoutOrderPanel view={view} />
        <CardPaymentPanel view={view} reply={reply} />
      </div>
      <p className="mx-auto mt-6 max-w-4xl text-center text-xs text-slate-600">
        Spike Land's built-in payment emulator stands in for Stripe Checkout while no Stripe keys are configured.
      </p>
    </div>
  );
}
