/**
 * The shop checkout's two halves: the shipping address form (validated in the browser with the
 * shared checkout schema the action uses; the country picks UK or EU shipping) and the order
 * summary with the server's totals for that region.
 */
import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import { checkoutFormSchema } from "@spike-land/shared/merch/checkout";
import type { ShippingRegion } from "@spike-land/shared/merch/shipping";
import { formatMoney } from "@spike-land/shared/payments/money";
import type { FormReply } from "../../lib/form-reply.ts";
import { Button, Card, cx, Field, FormMessage } from "../ui.tsx";

export type CheckoutTotals = { subtotal: string; shipping: string; total: string; currency: string };
export type CheckoutItem = {
  id: string;
  productName: string;
  variantName: string | null;
  quantity: number;
  unitPrice: string;
  lineTotal: string;
  imageThumbUrl: string;
  customText: string | null;
};
export type AddressDefaults = { name: string; line1: string; line2: string; city: string; postalCode: string; country: string; email: string; phone: string };

function Money({ amount, currency }: { amount: string; currency: string }) {
  return <>{formatMoney(amount, currency)}</>;
}

export function AddressForm({
  reply,
  defaults,
  countries,
  country,
  onCountryChange,
  total,
}: {
  reply: FormReply | undefined;
  defaults: AddressDefaults;
  countries: Array<{ code: string; name: string }>;
  country: string;
  onCountryChange: (country: string) => void;
  total: CheckoutTotals;
}) {
  const navigation = useNavigation();
  const placing = navigation.state !== "idle" && navigation.formMethod === "POST";
  const [form, fields] = useForm({
    lastResult: reply?.result,
    defaultValue: defaults,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: checkoutFormSchema }),
    // On input, so a corrected field clears its message as it is typed rather than on blur, when
    // the vanishing message would shift the Pay button away from the click that caused the blur.
    shouldRevalidate: "onInput",
  });
  // The country select is controlled: the summary follows it (UK and EU shipping differ).
  const { defaultValue: _defaultCountry, key: _key, ...countrySelect } = getSelectProps(fields.country);
  return (
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
            onChange={(event) => onCountryChange(event.currentTarget.value)}
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
          <Field label="Phone (optional)" hint="The courier may need it." errors={fields.phone.errors} inputProps={{ ...getInputProps(fields.phone, { type: "tel" }), autoComplete: "tel" }} />
        </div>
        <Button type="submit" className="w-full sm:w-auto" disabled={placing}>
          {placing ? "Placing your order…" : `Pay ${formatMoney(total.total, total.currency)}`}
        </Button>
        <p className="text-sm text-slate-600">You will enter your card on our payment provider&apos;s secure page.</p>
      </Form>
    </Card>
  );
}

export function OrderSummaryCard({ items, totals, region, freeFrom }: { items: CheckoutItem[]; totals: CheckoutTotals; region: ShippingRegion; freeFrom: string }) {
  return (
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
                {item.quantity} × <Money amount={item.unitPrice} currency={totals.currency} />
              </p>
              {item.customText ? <p className="truncate text-slate-500">“{item.customText}”</p> : null}
            </div>
            <p className="text-sm font-medium text-slate-900">
              <Money amount={item.lineTotal} currency={totals.currency} />
            </p>
          </li>
        ))}
      </ul>
      <dl className="mt-4 space-y-2 border-t border-slate-200 pt-4 text-sm" data-testid="checkout-totals">
        <div className="flex justify-between">
          <dt className="text-slate-600">Subtotal</dt>
          <dd>
            <Money amount={totals.subtotal} currency={totals.currency} />
          </dd>
        </div>
        <div className="flex justify-between">
          <dt className="text-slate-600">Shipping ({region === "UK" ? "United Kingdom" : "European Union"})</dt>
          <dd>{totals.shipping === "0.00" ? "Free" : <Money amount={totals.shipping} currency={totals.currency} />}</dd>
        </div>
        <div className="flex justify-between border-t border-slate-200 pt-2 text-base font-semibold">
          <dt>Total</dt>
          <dd>
            <Money amount={totals.total} currency={totals.currency} />
          </dd>
        </div>
      </dl>
      <p className="mt-3 text-xs text-slate-500">
        Free {region === "UK" ? "UK" : "EU"} shipping on orders from {formatMoney(freeFrom, totals.currency)}.
      </p>
    </Card>
  );
}
