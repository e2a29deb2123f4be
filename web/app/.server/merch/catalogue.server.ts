/**
 * The shop catalogue as pages show it: active categories and products, their variants grouped by
 * attribute (size, colour) for radio groups, and prices as exact decimal strings. A unit price is the
 * product's retail price plus the variant's delta, computed on minor units, never on floats.
 */
import { fromMinorUnits, toMinorUnits } from "@spike-land/shared/payments/money";
import { prisma, type Prisma } from "../platform/db.server.ts";

/** Apparel takes a short line of text printed under the photo; prints and canvases take none. */
export const CUSTOM_TEXT_MAX: Record<string, number> = { apparel: 40 };

export function customTextLimit(categorySlug: string): number | null {
  return CUSTOM_TEXT_MAX[categorySlug] ?? null;
}

/** A Decimal column (or any decimal text, possibly negative) as signed minor units. */
export function minorOf(amount: { toString(): string } | string): number {
  const text = amount.toString().trim();
  return text.startsWith("-") ? -toMinorUnits(text.slice(1)) : toMinorUnits(text);
}

/** Signed minor units back to a decimal string ("-2.00" for a discount variant). */
export function amountOf(minor: number): string {
  return minor < 0 ? `-${fromMinorUnits(-minor)}` : fromMinorUnits(minor);
}

/** The price of one unit: retail price + variant delta. */
export function unitPriceMinor(product: { retailPrice: { toString(): string } }, variant: { priceDelta: { toString(): string } } | null): number {
  return minorOf(product.retailPrice) + (variant ? minorOf(variant.priceDelta) : 0);
}

export type VariantAttributes = Record<string, string>;

export function variantAttributes(value: unknown): VariantAttributes {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

/** Words for attribute names and values in the radio groups. */
export const ATTRIBUTE_LABEL: Record<string, string> = { size: "Size", color: "Colour" };

export function attributeValueLabel(name: string, value: string): string {
  if (name === "size") return /^\d+x\d+$/.test(value) ? `${value.replace("x", " × ")} cm` : value;
  return value.charAt(0).toUpperCase() + value.slice(1);
}

const variantSelect = { id: true, name: true, priceDelta: true, attributes: true } satisfies Prisma.MerchVariantSelect;
const productSelect = {
  id: true,
  name: true,
  description: true,
  retailPrice: true,
  currency: true,
  minDpi: true,
  minWidth: true,
  minHeight: true,
  printAreaWidth: true,
  printAreaHeight: true,
  mockupTemplate: true,
  category: { select: { slug: true, name: true } },
  variants: { where: { isActive: true }, orderBy: [{ priceDelta: "asc" }, { createdAt: "asc" }], select: variantSelect },
} satisfies Prisma.MerchProductSelect;

/** The cheapest active variant's price, for "from £24.99". */
function fromPrice(product: { retailPrice: { toString(): string }; variants: Array<{ priceDelta: { toString(): string } }> }): string {
  const deltas = product.variants.map((variant) => minorOf(variant.priceDelta));
  return amountOf(minorOf(product.retailPrice) + (deltas.length ? Math.min(...deltas) : 0));
}

export async function listCategories() {
  const categories = await prisma.merchCategory.findMany({
    where: { isActive: true },
    orderBy: [{ sortOrder: "asc" }, { name: "asc" }],
    select: {
      id: true,
      name: true,
      slug: true,
      description: true,
      products: { where: { isActive: true }, orderBy: [{ sortOrder: "asc" }, { name: "asc" }], select: { id: true, name: true, retailPrice: true, currency: true, variants: { where: { isActive: true }, select: { priceDelta: true } } } },
    },
  });
  return categories.map((category) => ({
    id: category.id,
    name: category.name,
    slug: category.slug,
    description: category.description,
    productCount: category.products.length,
    firstProductId: category.products[0]?.id ?? null,
    fromPrice: category.products.length ? amountOf(Math.min(...category.products.map((product) => minorOf(fromPrice(product))))) : null,
    currency: category.products[0]?.currency ?? "GBP",
  }));
}

export async function findCategory(slug: string) {
  const category = await prisma.merchCategory.findFirst({
    where: { slug, isActive: true },
    select: {
      id: true,
      name: true,
      slug: true,
      description: true,
      products: { where: { isActive: true }, orderBy: [{ sortOrder: "asc" }, { name: "asc" }], select: productSelect },
    },
  });
  if (!category) return null;
  return { ...category, products: category.products.map(productView) };
}

export type ProductView = ReturnType<typeof productView>;

function productView(product: {
  id: string;
  name: string;
  description: string | null;
  retailPrice: { toString(): string };
  currency: string;
  minDpi: number;
  minWidth: number;
  minHeight: number;
  printAreaWidth: number | null;
  printAreaHeight: number | null;
  mockupTemplate: string | null;
  category: { slug: string; name: string };
  variants: Array<{ id: string; name: string; priceDelta: { toString(): string }; attributes: unknown }>;
}) {
  const variants = product.variants.map((variant) => ({
    id: variant.id,
    name: variant.name,
    priceDelta: amountOf(minorOf(variant.priceDelta)),
    unitPrice: amountOf(unitPriceMinor(product, variant)),
    attributes: variantAttributes(variant.attributes),
  }));
  // Attribute groups in first-seen order, each value listed once (size: S, M, L, XL; color: black, white).
  const groups = new Map<string, string[]>();
  for (const variant of variants) {
    for (const [name, value] of Object.entries(variant.attributes)) {
      const values = groups.get(name) ?? [];
      if (!values.includes(value)) values.push(value);
      groups.set(name, values);
    }
  }
  return {
    id: product.id,
    name: product.name,
    description: product.description,
    categorySlug: product.category.slug,
    categoryName: product.category.name,
    retailPrice: amountOf(minorOf(product.retailPrice)),
    fromPrice: fromPrice(product),
    currency: product.currency,
    minDpi: product.minDpi,
    minWidth: product.minWidth,
    minHeight: product.minHeight,
    printAreaWidth: product.printAreaWidth,
    printAreaHeight: product.printAreaHeight,
    mockupTemplate: product.mockupTemplate,
    customTextMax: customTextLimit(product.category.slug),
    variants,
    attributeGroups: [...groups.entries()].map(([name, values]) => ({
      name,
      label: ATTRIBUTE_LABEL[name] ?? name.charAt(0).toUpperCase() + name.slice(1),
      options: values.map((value) => ({ value, label: attributeValueLabel(name, value) })),
    })),
  };
}

/** An active product of an active category, by id (the page checks it belongs to the category in the URL). */
export async function findProduct(productId: string) {
  const product = await prisma.merchProduct.findFirst({ where: { id: productId, isActive: true, category: { isActive: true } }, select: productSelect });
  return product ? productView(product) : null;
}

export type VariantChoice = { variantId?: string | null | undefined; attributes?: VariantAttributes | undefined };
export type VariantResolution = { ok: true; variant: ProductView["variants"][number] | null } | { ok: false; message: string };

/**
 * The variant a form chose: by id, or by one value per attribute group (the radio groups). A product
 * without variants needs none; a combination the product does not make is refused with the ones it does.
 */
export function resolveVariant(product: ProductView, choice: VariantChoice): VariantResolution {
  if (product.variants.length === 0) return { ok: true, variant: null };
  if (choice.variantId) {
    const variant = product.variants.find((candidate) => candidate.id === choice.variantId);
    return variant ? { ok: true, variant } : { ok: false, message: `Choose one of the options of the ${product.name}.` };
  }
  const attributes = choice.attributes ?? {};
  for (const group of product.attributeGroups) {
    if (!attributes[group.name]) return { ok: false, message: `Choose a ${group.label.toLowerCase()}.` };
  }
  const variant = product.variants.find((candidate) => product.attributeGroups.every((group) => candidate.attributes[group.name] === attributes[group.name]));
  if (variant) return { ok: true, variant };
  const wanted = product.attributeGroups.map((group) => attributeValueLabel(group.name, attributes[group.name] ?? "")).join(" / ");
  return { ok: false, message: `The ${product.name} does not come in ${wanted}. Available: ${product.variants.map((candidate) => candidate.name).join(", ")}.` };
}
