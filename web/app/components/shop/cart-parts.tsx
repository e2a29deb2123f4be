/**
 * The cart page's parts: one line (mockup, quantity stepper, custom text, Remove, and the reply to
 * what was last done to it) and the summary with the delivery region and the server's totals. The
 * line's forms validate in the browser with the cart action's schema, given by the page.
 */
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useSubmit } from "@remix-run/react";
import type { z } from "zod";
import { formatMoney } from "@spike-land/shared/payments/money";
import type { ShippingRegion } from "@spike-land/shared/merch/shipping";
import { resultFor, type FormReply } from "../../lib/form-reply.ts";
import type { CartSummary } from "../../.server/merch/cart.server.ts";
import { Button, Card, FormMessage } from "../ui.tsx";

type Line = CartSummary["items"][number];
export type CartFormSchema = z.ZodType<Record<string, unknown>>;

/** The cart line a quantity or custom text reply belongs under: the item id its form posted. */
export function replyLineId(reply: FormReply | undefined): string | null {
  const itemId = reply?.result.initialValue?.itemId;
  return (reply?.intent === "quantity" || reply?.intent === "text") && typeof itemId === "string" ? itemId : null;
}

const numberInput = "mt-1 block rounded-lg border-0 px-3 py-2 text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600";

export function CartLine({ line, currency, maxQuantity, reply, schema }: { line: Line; currency: string; maxQuantity: number; reply: FormReply | undefined; schema: CartFormSchema }) {
  const label = `${line.productName}${line.variantName ? `, ${line.variantName}` : ""}`;
  const mine = replyLineId(reply) === line.id ? reply : undefined;
  const onValidate = ({ formData }: { formData: FormData }) => parseWithZod(formData, { schema });
  const [quantityForm] = useForm({ id: `quantity-${line.id}`, lastResult: resultFor(mine, "quantity"), onValidate });
  const [textForm] = useForm({ id: `text-${line.id}`, lastResult: resultFor(mine, "text"), onValidate });
  // Whatever either form last refused (in the browser or on the server), else what was done.
  const error = Object.values({ ...quantityForm.allErrors, ...textForm.allErrors }).flat()[0];
  return (
    <li className="flex flex-col gap-4 py-6 sm:flex-row">
      <img src={line.imageThumbUrl} alt={`${line.imageName ?? "Your photo"} on the ${label}`} width={160} height={160} className="h-40 w-40 shrink-0 rounded-xl bg-slate-100 ring-1 ring-slate-200" />
      <div className="flex-1 space-y-3">
        <div className="flex flex-wrap items-start justify-between gap-2">
          <div>
            <h2 className="text-base font-semibold text-slate-900">{line.productName}</h2>
            {line.variantName ? <p className="text-sm text-slate-600">{line.variantName}</p> : null}
            {line.imageName ? (
              <p className="text-sm text-slate-600">
                Photo: {line.imageName}
                {line.versionLabel ? ` (${line.versionLabel})` : ""}
              </p>
            ) : (
              <p className="text-sm text-red-700">The photo of this item, or the version chosen, was deleted; remove it.</p>
            )}
          </div>
          <div className="text-right">
            <p className="text-base font-semibold text-slate-900">{formatMoney(line.lineTotal, currency)}</p>
            <p className="text-sm text-slate-600">{formatMoney(line.unitPrice, currency)} each</p>
          </div>
        </div>

        <Form method="post" className="flex items-end gap-2" aria-label={`Quantity of ${label}`} {...getFormProps(quantityForm)}>
          <input type="hidden" name="intent" value="quantity" />
          <input type="hidden" name="itemId" value={line.id} />
          <Button type="submit" name="step" value="-1" variant="secondary" className="px-3" disabled={line.quantity <= 1} aria-label={`One fewer ${label}`}>
            −
          </Button>
          <div>
            <label htmlFor={`quantity-${line.id}-input`} className="block text-xs font-medium text-slate-700">
              Quantity
            </label>
            <input id={`quantity-${line.id}-input`} name="quantity" type="number" min={1} max={maxQuantity} defaultValue={line.quantity} key={line.quantity} className={`${numberInput} w-20`} />
          </div>
          <Button type="submit" name="step" value="1" variant="secondary" className="px-3" disabled={line.quantity >= maxQuantity} aria-label={`One more ${label}`}>
            +
          </Button>
          <Button type="submit" variant="ghost">
            Update
          </Button>
        </Form>

        {line.customTextMax ? (
          <Form method="post" className="flex flex-wrap items-end gap-2" aria-label={`Custom text of ${label}`} {...getFormProps(textForm)}>
            <input type="hidden" name="intent" value="text" />
            <input type="hidden" name="itemId" value={line.id} />
            <div className="min-w-0 flex-1">
              <label htmlFor={`text-${line.id}-input`} className="block text-xs font-medium text-slate-700">
                Custom text (up to {line.customTextMax} characters)
              </label>
              <input id={`text-${line.id}-input`} name="customText" type="text" maxLength={line.customTextMax} defaultValue={line.customText ?? ""} className={`${numberInput} w-full`} />
            </div>
            <Button type="submit" variant="secondary">
              Save text
            </Button>
          </Form>
        ) : null}

        <Form method="post">
          <input type="hidden" name="intent" value="remove" />
          <input type="hidden" name="itemId" value={line.id} />
          <button type="submit" className="rounded text-sm font-semibold text-red-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600" aria-label={`Remove ${label}`}>
            Remove
          </button>
        </Form>
        {error ? <FormMessage>{error}</FormMessage> : mine?.notice ? <FormMessage tone="success">{mine.notice}</FormMessage> : null}
      </div>
    </li>
  );
}

export type ShippingRule = { region: ShippingRegion; label: string; cost: string; freeFrom: string };

export function CartSummaryCard({ summary, rules, busy }: { summary: CartSummary; rules: ShippingRule[]; busy: boolean }) {
  const submit = useSubmit();
  const rule = rules.find((candidate) => candidate.region === summary.region) ?? rules[0]!;
  return (
    <Card aria-labelledby="summary-heading" className="h-fit">
      <h2 id="summary-heading" className="text-lg font-semibold text-slate-900">
        Summary
      </h2>
      <Form method="get" className="mt-4" onChange={(event) => submit(event.currentTarget, { replace: true, preventScrollReset: true })}>
        <label htmlFor="region" className="block text-sm font-medium text-slate-800">
          Deliver to
        </label>
        <div className="mt-1 flex gap-2">
          <select
            id="region"
            name="region"
            defaultValue={summary.region}
            className="block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
          >
            {rules.map((candidate) => (
              <option key={candidate.region} value={candidate.region}>
                {candidate.label}
              </option>
            ))}
          </select>
          <noscript>
            <Button type="submit" variant="secondary">
              Update
            </Button>
          </noscript>
        </div>
      </Form>
      <dl className="mt-6 space-y-2 text-sm" aria-busy={busy}>
        <div className="flex justify-between">
          <dt className="text-slate-600">Subtotal</dt>
          <dd className="font-medium text-slate-900" data-testid="cart-subtotal">
            {formatMoney(summary.subtotal, summary.currency)}
          </dd>
        </div>
        <div className="flex justify-between">
          <dt className="text-slate-600">Shipping ({summary.region})</dt>
          <dd className="font-medium text-slate-900">{summary.shipping === "0.00" ? "Free" : formatMoney(summary.shipping, summary.currency)}</dd>
        </div>
        <div className="flex justify-between border-t border-slate-200 pt-2 text-base">
          <dt className="font-semibold text-slate-900">Total</dt>
          <dd className="font-bold text-slate-900" data-testid="cart-total">
            {formatMoney(summary.total, summary.currency)}
          </dd>
        </div>
      </dl>
      <p className="mt-3 text-xs text-slate-600">
        Delivery {formatMoney(rule.cost, summary.currency)}, free from {formatMoney(rule.freeFrom, summary.currency)}. Prices and totals are in pounds sterling.
      </p>
      <Link
        to={`/shop/checkout?region=${summary.region}`}
        className="mt-6 flex w-full items-center justify-center rounded-lg bg-brand-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:ring-offset-2"
      >
        Checkout
      </Link>
    </Card>
  );
}
