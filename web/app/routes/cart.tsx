/**
 * GET /cart — the signed-in user's cart: each line with its mockup, option, quantity stepper, custom
 * text (where the product takes it) and Remove; the subtotal, shipping for the chosen region (UK by
 * default, or EU) and the total, all computed on the server. POST changes one line.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { z } from "zod";
import { SHIPPING_REGIONS, SHIPPING_RULES, type ShippingRegion } from "@spike-land/shared/merch/shipping";
import { formatMoney } from "@spike-land/shared/payments/money";
import { Button, Card, FormMessage, PageHeading } from "../components/ui.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import { CartError, cartSummary, MAX_QUANTITY, removeItem, setCustomText, setQuantity, stepQuantity } from "../.server/merch/cart.server.ts";

export const meta: MetaFunction = () => [{ title: "Your cart — Spike Land shop" }];

const regionSchema = z.enum(SHIPPING_REGIONS).catch("UK");

const REGION_NAMES: Record<ShippingRegion, string> = { UK: "United Kingdom", EU: "European Union" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const query = new URL(request.url).searchParams;
  const region = regionSchema.parse(query.get("region") ?? "UK");
  const summary = await cartSummary(user.id, region);
  return {
    summary,
    added: query.get("added") === "1",
    // The thresholds are shown in the shop's currency: orders are charged in GBP.
    rules: SHIPPING_REGIONS.map((name) => ({ region: name, label: REGION_NAMES[name], cost: SHIPPING_RULES[name].cost, freeFrom: SHIPPING_RULES[name].freeFrom })),
    maxQuantity: MAX_QUANTITY,
  };
}

const itemId = z.string({ error: "Choose an item of your cart." }).trim().min(1, "Choose an item of your cart.").max(64, "That item is not in your cart.");

const actionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("quantity"),
    itemId,
    quantity: z.coerce.number({ error: "Enter how many you would like." }).int("Enter a whole number of items."),
    step: z.enum(["-1", "1"]).optional(),
  }),
  z.object({ intent: z.literal("text"), itemId, customText: z.string().max(500, "Keep the custom text short.").default("") }),
  z.object({ intent: z.literal("remove"), itemId }),
], { error: "Choose what to change in your cart." });

type ActionResult = { ok: boolean; message: string; itemId?: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  const fields = Object.fromEntries([...form.entries()].filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  const parsed = actionSchema.safeParse(fields);
  if (!parsed.success) return data<ActionResult>({ ok: false, message: parsed.error.issues[0]?.message ?? "Check the form." }, { status: 400 });
  const input = parsed.data;
  try {
    if (input.intent === "quantity") {
      if (input.step) await stepQuantity(user.id, input.itemId, input.step === "1" ? 1 : -1);
      else await setQuantity(user.id, input.itemId, input.quantity);
      return data<ActionResult>({ ok: true, message: "Quantity updated.", itemId: input.itemId });
    }
    if (input.intent === "text") {
      await setCustomText(user.id, input.itemId, input.customText);
      return data<ActionResult>({ ok: true, message: "Custom text saved.", itemId: input.itemId });
    }
    await removeItem(user.id, input.itemId);
    return data<ActionResult>({ ok: true, message: "Removed from your cart." });
  } catch (error) {
    if (error instanceof CartError) return data<ActionResult>({ ok: false, message: error.message, itemId: input.itemId }, { status: error.status });
    throw error;
  }
}

type Line = ReturnType<typeof useLoaderData<typeof loader>>["summary"]["items"][number];

function CartLine({ line, currency, maxQuantity, result }: { line: Line; currency: string; maxQuantity: number; result: ActionResult | undefined }) {
  const label = `${line.productName}${line.variantName ? `, ${line.variantName}` : ""}`;
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

        <Form method="post" className="flex items-end gap-2" aria-label={`Quantity of ${label}`}>
          <input type="hidden" name="intent" value="quantity" />
          <input type="hidden" name="itemId" value={line.id} />
          <Button type="submit" name="step" value="-1" variant="secondary" className="px-3" disabled={line.quantity <= 1} aria-label={`One fewer ${label}`}>
            −
          </Button>
          <div>
            <label htmlFor={`quantity-${line.id}`} className="block text-xs font-medium text-slate-700">
              Quantity
            </label>
            <input
              id={`quantity-${line.id}`}
              name="quantity"
              type="number"
              min={1}
              max={maxQuantity}
              defaultValue={line.quantity}
              key={line.quantity}
              className="mt-1 block w-20 rounded-lg border-0 px-3 py-2 text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600"
            />
          </div>
          <Button type="submit" name="step" value="1" variant="secondary" className="px-3" disabled={line.quantity >= maxQuantity} aria-label={`One more ${label}`}>
            +
          </Button>
          <Button type="submit" variant="ghost">
            Update
          </Button>
        </Form>

        {line.customTextMax ? (
          <Form method="post" className="flex flex-wrap items-end gap-2" aria-label={`Custom text of ${label}`}>
            <input type="hidden" name="intent" value="text" />
            <input type="hidden" name="itemId" value={line.id} />
            <div className="min-w-0 flex-1">
              <label htmlFor={`text-${line.id}`} className="block text-xs font-medium text-slate-700">
                Custom text (up to {line.customTextMax} characters)
              </label>
              <input
                id={`text-${line.id}`}
                name="customText"
                type="text"
                maxLength={line.customTextMax}
                defaultValue={line.customText ?? ""}
                className="mt-1 block w-full rounded-lg border-0 px-3 py-2 text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600"
              />
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
        {result?.itemId === line.id ? <FormMessage tone={result.ok ? "success" : "error"}>{result.message}</FormMessage> : null}
      </div>
    </li>
  );
}

export default function CartPage() {
  const { summary, added, rules, maxQuantity } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const rule = rules.find((candidate) => candidate.region === summary.region) ?? rules[0]!;
  const busy = navigation.state !== "idle";
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <PageHeading
        title="Your cart"
        actions={
          <Link to="/shop" className="text-sm font-semibold text-brand-700 hover:underline">
            Continue shopping
          </Link>
        }
      />
      {added ? (
        <div className="mb-6">
          <FormMessage tone="success">Added to your cart.</FormMessage>
        </div>
      ) : null}
      {result && !result.itemId ? (
        <div className="mb-6">
          <FormMessage tone={result.ok ? "success" : "error"}>{result.message}</FormMessage>
        </div>
      ) : null}
      {summary.items.length === 0 ? (
        <Card>
          <p className="text-slate-700">Your cart is empty.</p>
          <Link to="/shop" className="mt-4 inline-flex rounded-lg bg-brand-600 px-4 py-2.5 text-sm font-semibold text-white hover:bg-brand-700">
            Browse the shop
          </Link>
        </Card>
      ) : (
        <div className="grid gap-8 lg:grid-cols-3">
          <Card className="lg:col-span-2" aria-label="Items">
            <ul className="-my-6 divide-y divide-slate-200">
              {summary.items.map((line) => (
                <CartLine key={line.id} line={line} currency={summary.currency} maxQuantity={maxQuantity} result={result} />
              ))}
            </ul>
          </Card>
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
        </div>
      )}
    </div>
  );
}
