/** Billing: the current plan and its renewal date, cancel or resume, change plan, and every payment with its receipt reference. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { planIdField } from "@spike-land/shared/payments/checkout";
import { PageHeading } from "../components/ui.tsx";
import { ReplyMessage } from "../components/form-reply.tsx";
import { longDate } from "../components/payments.tsx";
import { EmulatorToolsCard, PaymentHistoryCard, PlanCard } from "../components/billing/billing-sections.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { advanceToNextPeriod, billingOverview, changePlan, setCancelAtPeriodEnd } from "../.server/payments/billing.server.ts";
import { peekBalance } from "../.server/tokens/ledger.server.ts";

export const meta: MetaFunction = () => [{ title: "Billing — Spike Land" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return billingOverview(user.id);
}

const intentSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("cancel") }),
    z.object({ intent: z.literal("resume") }),
    z.object({ intent: z.literal("change-plan"), planId: planIdField }),
    z.object({ intent: z.literal("advance-period") }),
  ],
  { error: "Choose one of the actions on this page." },
);

const dateLabel = (date: Date) => longDate(date.toISOString());

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return handleForm(request, intentSchema, async (input) => {
    switch (input.intent) {
      case "cancel": {
        const { endsAt } = await setCancelAtPeriodEnd(user.id, true);
        return `Your subscription will end on ${dateLabel(endsAt)}. You keep your plan and tokens until then.`;
      }
      case "resume": {
        const { endsAt } = await setCancelAtPeriodEnd(user.id, false);
        return `Welcome back: your subscription will renew on ${dateLabel(endsAt)}.`;
      }
      case "change-plan": {
        const result = await changePlan(user.id, input.planId);
        if (result.change === "upgrade") {
          const balance = await peekBalance(user.id);
          return `You're now on the ${result.planName} plan. Your balance is ${balance?.balance ?? 0} tokens.`;
        }
        if (result.change === "downgrade") return `You'll move to the ${result.planName} plan on ${dateLabel(result.periodEnd)}, when this period ends.`;
        return `You'll stay on the ${result.planName} plan.`;
      }
      case "advance-period": {
        const { ended } = await advanceToNextPeriod(user.id);
        return ended ? "The period ended and so did your subscription: you're back on the free tier." : "A new period started and the renewal was applied.";
      }
    }
  });
}

export default function Billing() {
  const { subscription, ended, plans, history, canAdvancePeriod } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-4xl space-y-8 px-4 py-10">
      <PageHeading title="Billing" description="Your plan, its renewals, and every payment you have made." />
      <ReplyMessage reply={reply} />
      <PlanCard subscription={subscription} ended={ended} plans={plans} />
      {canAdvancePeriod ? <EmulatorToolsCard /> : null}
      <PaymentHistoryCard history={history} />
    </div>
  );
}
