/** Where the payment page sends the browser after paying: what was bought, or progress while the webhook is on its way. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useState } from "react";
import { z } from "zod";
import { Card, FormMessage, PageHeading } from "../components/ui.tsx";
import { Money, Spinner, longDate } from "../components/payments.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import { packOutcome, planOutcome } from "../.server/payments/checkout.server.ts";

export const meta: MetaFunction = () => [{ title: "Thank you — Spike Land" }];

const query = z.object({
  payment: z.string().trim().min(1).max(64).optional(),
  plan: z.string().trim().regex(/^plan_[a-z0-9_]+$/).optional(),
});

const POLL_MS = 2_000;
const GIVE_UP_AFTER_MS = 60_000;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success || (!parsed.data.payment && !parsed.data.plan)) throw redirect("/billing");
  if (parsed.data.payment) {
    const outcome = await packOutcome(user.id, parsed.data.payment);
    if (!outcome) throw new Response("We couldn't find that payment on your account.", { status: 404 });
    return { kind: "pack" as const, pack: outcome, plan: null };
  }
  const plan = await planOutcome(user.id);
  return { kind: "plan" as const, pack: null, plan };
}

/** Re-reads the page every few seconds while the payment is being confirmed. */
function usePolling(active: boolean) {
  const revalidator = useRevalidator();
  const [gaveUp, setGaveUp] = useState(false);
  useEffect(() => {
    if (!active) return;
    const started = Date.now();
    const timer = setInterval(() => {
      if (Date.now() - started > GIVE_UP_AFTER_MS) {
        setGaveUp(true);
        clearInterval(timer);
      } else if (revalidator.state === "idle") {
        revalidator.revalidate();
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [active, revalidator]);
  return gaveUp;
}

function Confirming({ gaveUp }: { gaveUp: boolean }) {
  return gaveUp ? (
    <FormMessage tone="info">This is taking longer than usual. You'll get a receipt by email as soon as the payment is confirmed; your balance updates then.</FormMessage>
  ) : (
    <p role="status" className="flex items-center gap-3 text-slate-700">
      <Spinner className="h-5 w-5 text-brand-600" /> Confirming your payment…
    </p>
  );
}

export default function CheckoutSuccess() {
  const { kind, pack, plan } = useLoaderData<typeof loader>();
  const pending = (kind === "pack" && pack?.status === "PENDING") || (kind === "plan" && !plan?.subscription);
  const gaveUp = usePolling(pending);

  return (
    <div className="mx-auto max-w-xl px-4 py-12">
      {kind === "pack" && pack ? (
        <>
          <PageHeading title={pack.status === "SUCCEEDED" ? "Payment received" : pack.status === "FAILED" ? "Your payment didn't go through" : "Almost there"} />
          <Card className="space-y-4">
            {pack.status === "SUCCEEDED" ? (
              <p className="text-slate-800" data-testid="purchase-result">
                Thank you! {pack.tokens} tokens from the {pack.packName} pack (<Money amount={pack.amount} currency={pack.currency} />) were added. Your balance is now{" "}
                <strong>{pack.balance}</strong> tokens. A receipt is on its way to your inbox.
              </p>
            ) : pack.status === "FAILED" ? (
              <FormMessage>Nothing was charged. Try again from the pricing page with another card.</FormMessage>
            ) : (
              <Confirming gaveUp={gaveUp} />
            )}
            <div className="flex flex-wrap gap-4 pt-2 text-sm font-semibold">
              <Link to="/tokens" className="text-brand-700 hover:underline">See your tokens</Link>
              <Link to="/billing" className="text-brand-700 hover:underline">Billing and receipts</Link>
              <Link to="/pricing" className="text-brand-700 hover:underline">Back to pricing</Link>
            </div>
          </Card>
        </>
      ) : plan ? (
        <>
          <PageHeading title={plan.subscription ? "Your subscription is active" : "Almost there"} />
          <Card className="space-y-4">
            {plan.subscription ? (
              <p className="text-slate-800" data-testid="purchase-result">
                Welcome to the {plan.subscription.planName} plan ({plan.subscription.tier} tier): {plan.subscription.tokensPerMonth} tokens a month, renewing on{" "}
                {longDate(plan.subscription.currentPeriodEnd)}. Your balance is now <strong>{plan.balance}</strong> tokens.
              </p>
            ) : (
              <Confirming gaveUp={gaveUp} />
            )}
            <div className="flex flex-wrap gap-4 pt-2 text-sm font-semibold">
              <Link to="/billing" className="text-brand-700 hover:underline">Manage your subscription</Link>
              <Link to="/tokens" className="text-brand-700 hover:underline">See your tokens</Link>
            </div>
          </Card>
        </>
      ) : null}
    </div>
  );
}
