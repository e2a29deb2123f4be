/** Where the payment page sends the browser when the person goes back without paying. */
import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { Card, PageHeading } from "../components/ui.tsx";

export const meta: MetaFunction = () => [{ title: "Checkout cancelled — Spike Land" }];

export default function CheckoutCancelled() {
  return (
    <div className="mx-auto max-w-xl px-4 py-12">
      <PageHeading title="Checkout cancelled" description="You left the payment page, so nothing was charged." />
      <Card className="space-y-4">
        <p className="text-slate-700">Your balance and plan are as they were. You can pick a pack or a plan again whenever you like.</p>
        <Link to="/pricing" className="inline-block rounded-lg bg-brand-600 px-4 py-2.5 text-sm font-semibold text-white hover:bg-brand-700">
          Back to pricing
        </Link>
      </Card>
    </div>
  );
}
