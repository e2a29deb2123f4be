/** POST /checkout/start: opens a hosted checkout for a token pack or a plan and sends the browser there. */
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { checkoutItemSchema, type CheckoutStartResult } from "@spike-land/shared/payments/checkout";
import { Card, FormMessage, PageHeading } from "../components/ui.tsx";
import { getOptionalUser } from "../.server/auth/guards.server.ts";
import { startCheckout } from "../.server/payments/checkout.server.ts";
import { PaymentError } from "../.server/payments/errors.ts";
import { appUrlFor } from "../.server/platform/env.server.ts";

export const meta: MetaFunction = () => [{ title: "Checkout — Spike Land" }];

export async function loader() {
  return redirect("/pricing");
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await getOptionalUser(request);
  if (!user) return redirect(`/login?redirectTo=${encodeURIComponent("/pricing")}`);
  const parsed = checkoutItemSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data<CheckoutStartResult>({ ok: false, message: parsed.error.issues[0]!.message }, { status: 400 });
  try {
    const { url } = await startCheckout(user.id, parsed.data, appUrlFor(request));
    return redirect(url);
  } catch (error) {
    if (error instanceof PaymentError) return data<CheckoutStartResult>({ ok: false, message: error.message }, { status: error.status });
    throw error;
  }
}

/** Shown only when the form was posted without JavaScript and the checkout could not start. */
export default function CheckoutStart() {
  const result = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-xl px-4 py-12">
      <PageHeading title="We couldn't start the checkout" />
      <Card className="space-y-4">
        <FormMessage>{result?.message ?? "Choose a token pack or a plan on the pricing page."}</FormMessage>
        <Link to="/pricing" className="inline-block font-semibold text-brand-700 hover:underline">
          Back to pricing
        </Link>
      </Card>
    </div>
  );
}
