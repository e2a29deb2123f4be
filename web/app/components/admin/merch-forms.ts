/**
 * The merch admin forms: one zod schema per form, read by the page actions through the form
 * pipeline and by the pages while typing, so both sides give the same messages. Browser-safe.
 */
import { z } from "zod";
import { optionalText } from "@spike-land/shared/forms";
import { formatMoney, normaliseAmount, toMinorUnits } from "@spike-land/shared/payments/money";
import type { PodProvider } from "../../.server/platform/db.server.ts";

export const POD_PROVIDERS = ["PRODIGI", "PRINTFUL"] as const satisfies readonly PodProvider[];

export const POD_PROVIDER_LABEL: Record<PodProvider, string> = { PRODIGI: "Prodigi", PRINTFUL: "Printful" };

const text = (label: string, max: number) =>
  z.string({ error: `Enter the ${label}.` }).trim().min(1, `Enter the ${label}.`).max(max, `Keep the ${label} to ${max} characters or fewer.`);

const optionalField = (label: string, max: number) => optionalText(max, `Keep the ${label} to ${max} characters or fewer.`);

const MONEY_PATTERN = /^\d{1,8}(\.\d{1,2})?$/;

/** A price as typed: digits with at most two decimals, normalised to "12.50". */
const money = (label: string) =>
  z
    .string({ error: `Enter the ${label}.` })
    .trim()
    .min(1, `Enter the ${label}.`)
    .regex(MONEY_PATTERN, `Enter the ${label} as an amount like 12.50 (digits, at most two decimals).`)
    .transform(normaliseAmount);

const whole = (label: string, min: number, max: number) =>
  z.coerce
    .number({ error: `Enter the ${label} as a whole number.` })
    .int(`Enter the ${label} as a whole number.`)
    .min(min, `The ${label} must be at least ${min}.`)
    .max(max, `The ${label} must be at most ${max}.`);

const optionalWhole = (label: string, min: number, max: number) =>
  z.preprocess((value) => (value === "" || value === undefined ? null : value), whole(label, min, max).nullable());

const checkbox = z
  .string()
  .optional()
  .transform((value) => value === "on" || value === "true");

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A category or product id posted back by the page (hidden field). */
export const recordId = (message: string) => z.string({ error: message }).trim().min(1, message).max(100, message);

export const categoryFields = z.object({
  name: text("category name", 60),
  slug: text("slug", 60).regex(SLUG_PATTERN, "Use lower-case letters, digits and single dashes in the slug, like wall-art."),
  description: optionalField("description", 500),
  active: checkbox,
});

export const productFields = z.object({
  name: text("product name", 120),
  description: optionalField("description", 2000),
  categoryId: z.string({ error: "Choose a category." }).trim().min(1, "Choose a category."),
  provider: z.enum(POD_PROVIDERS, { error: "Choose the print provider (Prodigi or Printful)." }),
  providerSku: text("provider SKU", 100),
  basePrice: money("base price"),
  retailPrice: money("retail price"),
  minWidth: whole("minimum width", 1, 50_000),
  minHeight: whole("minimum height", 1, 50_000),
  minDpi: whole("minimum dpi", 72, 1200),
  printAreaWidth: optionalWhole("print area width", 1, 50_000),
  printAreaHeight: optionalWhole("print area height", 1, 50_000),
  active: checkbox,
});

/** A retail price under the base price loses money on every sale. */
function retailCoversBase(form: { basePrice: string; retailPrice: string }, context: z.RefinementCtx) {
  // Zod runs this even when a price failed its own format check; compare only two valid amounts.
  if (!MONEY_PATTERN.test(form.basePrice) || !MONEY_PATTERN.test(form.retailPrice)) return;
  if (toMinorUnits(form.retailPrice) < toMinorUnits(form.basePrice)) {
    context.addIssue({
      code: "custom",
      path: ["retailPrice"],
      message: `The retail price must be at least the base price (${formatMoney(form.basePrice)}), or every sale loses money.`,
    });
  }
}

export const productFormSchema = productFields.superRefine(retailCoversBase);

export const variantFields = z.object({
  name: text("variant name", 60),
  providerSku: text("variant SKU", 100),
  priceDelta: money("price difference"),
  size: optionalField("size", 40),
  colour: optionalField("colour", 40),
});

const categoryId = recordId("Choose a category.");

/** Every form of the categories page, told apart by its intent. */
export const categoryIntents = z.discriminatedUnion(
  "intent",
  [
    categoryFields.extend({ intent: z.literal("create") }),
    categoryFields.extend({ intent: z.literal("update"), id: categoryId }),
    z.object({ intent: z.enum(["move-up", "move-down", "activate", "deactivate"]), id: categoryId }),
  ],
  { error: "Choose what to change." },
);

const productOrVariantId = recordId("Choose a product or variant.");

/** Every form of the products page, told apart by its intent. */
export const productIntents = z.discriminatedUnion(
  "intent",
  [
    productFields.extend({ intent: z.literal("create-product") }).superRefine(retailCoversBase),
    productFields.extend({ intent: z.literal("update-product"), id: productOrVariantId }).superRefine(retailCoversBase),
    variantFields.extend({ intent: z.literal("create-variant"), id: productOrVariantId }),
    variantFields.extend({ intent: z.literal("update-variant"), id: productOrVariantId }),
    z.object({ intent: z.enum(["activate-variant", "deactivate-variant"]), id: productOrVariantId }),
  ],
  { error: "Choose what to change." },
);

const CANCEL_UNCONFIRMED = "Confirm the cancellation first: the payment is released or refunded and this cannot be undone.";

/** The order page's two buttons; cancelling needs the confirm step's "yes". */
export const orderIntents = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("resubmit") }),
    z.object({ intent: z.literal("cancel"), confirm: z.literal("yes", { error: CANCEL_UNCONFIRMED }) }),
  ],
  { error: "Choose what to do with this order." },
);
