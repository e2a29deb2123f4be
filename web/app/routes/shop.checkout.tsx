/**
 * GET/POST /shop/checkout — the shipping address and the order summary, then "Pay": the cart becomes
 * an order and the customer goes to the card page (Stripe Checkout, or the local emulator), where the
 * card is authorised; the payment is taken when the print studio accepts the order.
 */
import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { regionOf, SHIPPING_RULES, type ShippingRegion } from "@spike-land/shared/merch/shipping";
import { formatMoney } from "@spike-land/shared/payments/money";
import { Button, Card, cx, Field, FormMessage, PageHeading } from "../components/ui.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import { prisma } from "../.server/platform/db.server.ts";
import { cartSummary } from "../.server/merch/cart.server.ts";
import { checkoutFormSchema, createOrderFromCart, OrderError, SHIPPING_COUNTRY_OPTIONS, startOrderPayment, type ShippingAddress } from "../.server/merch/orders.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";
import { appUrlFor } from "../.server/platform/env.server.ts";

export const meta: MetaFunction = () => [{ title: "Checkout — Spike Land shop" }];

function totalsOf(summary: Awaited<ReturnType<typeof cartSummary>>) {
  return { subtotal: summary.subtotal, shipping: summary.shipping, total: summary.total, currency: summary.currency };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [uk, eu, last] = await Promise.all([
    cartSummary(user.id, "UK"),
    cartSummary(user.id, "EU"),
    prisma.merchOrder.findFirst({ where: { userId: user.id }, orderBy: { createdAt: "desc" }, select: { shippingAddress: true, customerPhone: true, customerEmail: true } }),
  ]);
  const address = (last?.shippingAddress ?? null) as ShippingAddress | null;
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
      email: last?.customerEmail ?? user.email ?? "",
      phone: last?.customerPhone ?? "",
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await request.formData(), { schema: checkoutFormSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const details = submission.value;
  let order: { id: string };
  try {
    order = await createOrderFromCart(user.id, details, regionOf(details.country)!);
  } catch (error) {
    if (error instanceof OrderError) return data(submission.reply({ formErrors: [error.message] }), { status: error.status });
    throw error;
  }
  try {
    return redirect(await startOrderPayment(user.id, order.id, appUrlFor(request)));
  } catch (error) {
    // The order is saved; its page offers the payment again.
    if (!(error instanceof OrderError)) await recordServerError(error, { route: "/shop/checkout", userId: user.id });
    return redirect(`/orders/${order.id}?payment=unavailable`);
  }
}

function Money({ amount, currency }: { amount: string; currency: string }) {
  return <>{formatMoney(amount, currency)}</>;
}

export default function Checkout() {
  const { items, totals, rules, countries, defaults } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const placing = navigation.state !== "idle" && navigation.formMethod === "POST";
  const [country, setCountry] = useState(defaults.country);
  const region: ShippingRegion = regionOf(country) ?? "UK";
  const summary = totals[region];
  const rule = rules[region];
  const [form, fields] = useForm({ lastResult, defaultValue: defaults, shouldRevalidate: "onBlur" });
  // The country select is controlled: the summary follows it (UK and EU shipping differ).
  const { defaultValue: _defaultCountry, key: _key, ...countrySelect } = getSelectProps(fields.country);

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
        <Card aria-labelledby="address-heading">
          <h2 id="address-heading" className="text-lg font-semibold text-slate-900">
            Shipping address
          </h2>
          <Form method="post" className="mt-6 space-y-5" {...getFormProps(form)}>
            {form.errors?.length ? <FormMessage>{form.errors[0]}</FormMessage> : null}
            <Field label="Full name" errors={fields.name.errors} inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "name" }} />
            <Field label="Address line 1" errors={fields.line1.errors} inputProps={{ ...getInputProps(fields.line1, { type: "text" }), autoComplete: "address-line1" }} />
            <Field label="Address line 2 (optional)" errors={fields.line2.errors} inputProps={{ ...getInputProps(fields.line2, { type: "text" }), autoComplete: "address-line2" }} />
            <div className="grid gap-5 sm:grid-cols-2">
              <Field label="Town or city" errors={fields.city.errors} inputProps={{ ...getInputProps(fields.city, { type: "text" }), autoComplete: "address-level2" }} />
              <Field
                label={country === "GB" ? "Postcode" : "Postal code"}
                errors={fields.postalCode.errors}
                inputProps={{ ...getInputProps(fields.postalCode, { type: "text" }), autoComplete: "postal-code", className: "uppercase" }}
              />
            </div>
            <div className="space-y-1.5">
              <label htmlFor={fields.country.id} className="block text-sm font-medium text-slate-800">
                Country
              </label>
              <select
                {...countrySelect}
                value={country}
                onChange={(event) => setCountry(event.currentTarget.value)}
                autoComplete="country"
                aria-describedby={fields.country.errors?.length ? `${fields.country.id}-error` : `${fields.country.id}-hint`}
                className={cx(
                  "block w-full rounded-lg border-0 bg-white py-2.5 pl-3 pr-8 ring-1 ring-inset focus:ring-2 focus:ring-brand-600",
                  fields.country.errors?.length ? "ring-red-500" : "ring-slate-300",
                )}
              >
                {countries.map((option) => (
                  <option key={option.code} value={option.code}>
                    {option.name}
                  </option>
                ))}
              </select>
              <p id={`${fields.country.id}-hint`} className="text-sm text-slate-600">
                We ship to the United Kingdom and the European Union.
              </p>
              {fields.country.errors?.length ? (
                <p id={`${fields.country.id}-error`} className="text-sm font-medium text-red-700">
                  {fields.country.errors[0]}
                </p>
              ) : null}
            </div>
            <div className="grid gap-5 sm:grid-cols-2">
              <Field
                label="Email"
                hint="For the order confirmation and tracking."
                errors={fields.email.errors}
                inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "email" }}
              />
              <Field
                label="Phone (optional)"
                hint="The courier may need it."
                errors={fields.phone.errors}
                inputProps={{ ...getInputProps(fields.phone, { type: "tel" }), autoComplete: "tel" }}
              />
            </div>
            <Button type="submit" className="w-full sm:w-auto" disabled={placing}>
              {placing ? "Placing your order…" : `Pay ${formatMoney(summary.total, summary.currency)}`}
            </Button>
            <p className="text-sm text-slate-600">You will enter your card on our payment provider&apos;s secure page.</p>
          </Form>
        </Card>

        <Card aria-labelledby="summary-heading" className="h-fit">
          <h2 id="summary-heading" className="text-lg font-semibold text-slate-900">
            Order summary
          </h2>
          <ul className="mt-4 divide-y divide-slate-100">
            {items.map((item) => (
              <li key={item.id} className="flex gap-3 py-3">
                <img src={item.imageThumbUrl} alt="" width={56} height={56} loading="lazy" className="h-14 w-14 flex-none rounded-md bg-slate-100 object-cover" />
                <div className="min-w-0 flex-1 text-sm">
                  <p className="font-medium text-slate-900">{item.productName}</p>
                  <p className="text-slate-600">
                    {item.variantName ? `${item.variantName} · ` : ""}
                    {item.quantity} × <Money amount={item.unitPrice} currency={summary.currency} />
                  </p>
                  {item.customText ? <p className="truncate text-slate-500">“{item.customText}”</p> : null}
                </div>
                <p className="text-sm font-medium text-slate-900">
                  <Money amount={item.lineTotal} currency={summary.currency} />
                </p>
              </li>
            ))}
          </ul>
          <dl className="mt-4 space-y-2 border-t border-slate-200 pt-4 text-sm" data-testid="checkout-totals">
            <div className="flex justify-between">
              <dt className="text-slate-600">Subtotal</dt>
              <dd>
                <Money amount={summary.subtotal} currency={summary.currency} />
              </dd>
            </div>
            <div className="flex justify-between">
              <dt className="text-slate-600">Shipping ({region === "UK" ? "United Kingdom" : "European Union"})</dt>
              <dd>{summary.shipping === "0.00" ? "Free" : <Money amount={summary.shipping} currency={summary.currency} />}</dd>
            </div>
            <div className="flex justify-between border-t border-slate-200 pt-2 text-base font-semibold">
              <dt>Total</dt>
              <dd>
                <Money amount={summary.total} currency={summary.currency} />
              </dd>
            </div>
          </dl>
          <p className="mt-3 text-xs text-slate-500">
            Free {region === "UK" ? "UK" : "EU"} shipping on orders from {formatMoney(rule.freeFrom, summary.currency)}.
          </p>
        </Card>
      </div>
    </div>
  );
}
