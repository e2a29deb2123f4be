/** POST /checkout/start: opens a hosted checkout for a token pack or a plan and sends the browser there. */
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { checkoutItemSchema } from "@spike-land/shared/payments/checkout";
import { replyMessage } from "../lib/form-reply.ts";
import { Card, FormMessage, PageHeading } from "../components/ui.tsx";
import { getOptionalUser } from "../.server/auth/guards.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { startCheckout } from "../.server/payments/checkout.server.ts";
import { appUrlFor } from "../.server/platform/env.server.ts";

export const meta: MetaFunction = () => [{ title: "Checkout — Spike Land" }];

export async function loader() {
  return redirect("/pricing");
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await getOptionalUser(request);
  if (!user) return redirect(`/login?redirectTo=${encodeURIComponent("/pricing")}`);
  return handleForm(request, checkoutItemSchema, async (item) => {
    const { url } = await startCheckout(user.id, item, appUrlFor(request));
    return redirect(url);
  });
}

/** Shown only when the form was posted without JavaScript and the checkout could not start. */
export default function CheckoutStart() {
  const reply = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-xl px-4 py-12">
      <PageHeading title="We couldn't start the checkout" />
      <Card className="space-y-4">
        <FormMessage>{replyMessage(reply)?.text ?? "Choose a token pack or a plan on the pricing page."}</FormMessage>
        <Link to="/pricing" className="inline-block font-semibold text-brand-700 hover:underline">
          Back to pricing
        </Link>
      </Card>
    </div>
  );
}
