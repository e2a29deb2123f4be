/**
 * GET /cart — the signed-in user's cart: each line with its mockup, option, quantity stepper, custom
 * text (where the product takes it) and Remove; the subtotal, shipping for the chosen region (UK by
 * default, or EU) and the total, all computed on the server. POST changes one line.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { SHIPPING_REGIONS, SHIPPING_RULES, type ShippingRegion } from "@spike-land/shared/merch/shipping";
import { Card, FormMessage, PageHeading } from "../components/ui.tsx";
import { ReplyMessage } from "../components/form-reply.tsx";
import { CartLine, CartSummaryCard, replyLineId } from "../components/shop/cart-parts.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { MAX_QUANTITY } from "@spike-land/shared/merch/orders";
import { cartSummary, removeItem, setCustomText, setQuantity, stepQuantity } from "../.server/merch/cart.server.ts";

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

const cartSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("quantity"),
      itemId,
      quantity: z.coerce.number({ error: "Enter how many you would like." }).int("Enter a whole number of items."),
      step: z.enum(["-1", "1"]).optional(),
    }),
    z.object({ intent: z.literal("text"), itemId, customText: z.string().max(500, "Keep the custom text short.").default("") }),
    z.object({ intent: z.literal("remove"), itemId }),
  ],
  { error: "Choose what to change in your cart." },
);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return handleForm(request, cartSchema, async (input) => {
    switch (input.intent) {
      case "quantity":
        if (input.step) await stepQuantity(user.id, input.itemId, input.step === "1" ? 1 : -1);
        else await setQuantity(user.id, input.itemId, input.quantity);
        return "Quantity updated.";
      case "text":
        await setCustomText(user.id, input.itemId, input.customText);
        return "Custom text saved.";
      case "remove":
        await removeItem(user.id, input.itemId);
        return "Removed from your cart.";
    }
  });
}

export default function CartPage() {
  const { summary, added, rules, maxQuantity } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  // A reply about a line still in the cart shows under that line; any other at the top.
  const lineId = replyLineId(reply);
  const onLine = summary.items.some((line) => line.id === lineId);
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
      {reply && !onLine ? (
        <div className="mb-6">
          <ReplyMessage reply={reply} />
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
                <CartLine key={line.id} line={line} currency={summary.currency} maxQuantity={maxQuantity} reply={reply} schema={cartSchema} />
              ))}
            </ul>
          </Card>
          <CartSummaryCard summary={summary} rules={rules} busy={busy} />
        </div>
      )}
    </div>
  );
}
