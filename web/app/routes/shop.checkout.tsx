/**
 * GET/POST /shop/checkout — the shipping address and the order summary, then "Pay": the cart becomes
 * an order and the customer goes to the card page (Stripe Checkout, or the local emulator), where the
 * card is authorised; the payment is taken when the print studio accepts the order.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { isDomainError } from "@spike-land/shared/errors";
import { checkoutFormSchema } from "@spike-land/shared/merch/checkout";
import { regionOf, SHIPPING_RULES, type ShippingRegion } from "@spike-land/shared/merch/shipping";
import { Card, PageHeading } from "../components/ui.tsx";
import { AddressForm, OrderSummaryCard } from "../components/shop/checkout-form.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { cartSummary } from "../.server/merch/cart.server.ts";
import { createOrderFromCart, lastShippingDetails, SHIPPING_COUNTRY_OPTIONS, startOrderPayment } from "../.server/merch/orders.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";
import { appUrlFor } from "../.server/platform/env.server.ts";

export const meta: MetaFunction = () => [{ title: "Checkout — Spike Land shop" }];

function totalsOf(summary: Awaited<ReturnType<typeof cartSummary>>) {
  return { subtotal: summary.subtotal, shipping: summary.shipping, total: summary.total, currency: summary.currency };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [uk, eu, last] = await Promise.all([cartSummary(user.id, "UK"), cartSummary(user.id, "EU"), lastShippingDetails(user.id)]);
  const address = last.address;
  return {
    items: uk.items.map((item) => ({
      id: item.id,
      productName: item.productName,
      variantName: item.variantName,
      quantity: item.quantity,
      unitPrice: item.unitPrice,
      lineTotal: item.lineTotal,
      imageThumbUrl: item.imageThumbUrl,
      customText: item.customText,
    })),
    totals: { UK: totalsOf(uk), EU: totalsOf(eu) } satisfies Record<ShippingRegion, unknown>,
    rules: SHIPPING_RULES,
    countries: SHIPPING_COUNTRY_OPTIONS,
    defaults: {
      name: address?.name ?? user.name ?? "",
      line1: address?.line1 ?? "",
      line2: address?.line2 ?? "",
      city: address?.city ?? "",
      postalCode: address?.postalCode ?? "",
      country: address?.country ?? "GB",
      email: last.email ?? user.email ?? "",
      phone: last.phone ?? "",
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return handleForm(request, checkoutFormSchema, async (details) => {
    const order = await createOrderFromCart(user.id, details, regionOf(details.country)!);
    // The order is saved either way; when the payment page cannot be opened, the order's page offers it again.
    const paymentPage = await startOrderPayment(user.id, order.id, appUrlFor(request)).catch(async (error: unknown) => {
      if (!isDomainError(error)) await recordServerError(error, { route: "/shop/checkout", userId: user.id });
      return null;
    });
    return redirect(paymentPage ?? `/orders/${order.id}?payment=unavailable`);
  });
}

export default function Checkout() {
  const { items, totals, rules, countries, defaults } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [country, setCountry] = useState(defaults.country);
  const region: ShippingRegion = regionOf(country) ?? "UK";

  if (!items.length) {
    return (
      <div className="mx-auto max-w-3xl px-4 py-10">
        <PageHeading title="Checkout" />
        <Card>
          <p className="text-slate-700">
            Your cart is empty.{" "}
            <Link to="/shop" className="font-semibold text-brand-700 hover:underline">
              Choose a print, canvas or t-shirt
            </Link>{" "}
            to order.
          </p>
        </Card>
      </div>
    );
  }

  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <PageHeading
        title="Checkout"
        description="Where should we send your order? Your card is only authorised now; we take the payment when the print studio accepts the order."
        actions={
          <Link to="/cart" className="text-sm font-semibold text-brand-700 hover:underline">
            ← Back to your cart
          </Link>
        }
      />
      <div className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <AddressForm reply={reply} defaults={defaults} countries={countries} country={country} onCountryChange={setCountry} total={totals[region]} />
        <OrderSummaryCard items={items} totals={totals[region]} region={region} freeFrom={rules[region].freeFrom} />
      </div>
    </div>
  );
}
