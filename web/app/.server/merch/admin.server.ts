/**
 * Merch administration: the catalogue (categories, products and their variants) and the orders
 * desk (a filtered list, one order's full story, resubmitting it to the print provider, cancelling
 * it with the payment released or refunded). Every change is audited in the transaction that makes
 * it; the audit action list has no merch entries, so changes are USER_UPDATE with `metadata.event`.
 */
import { z } from "zod";
import { canMove, MERCH_ORDER_STATUSES, type MerchOrderStatus } from "@spike-land/shared/merch/orders";
import { formatMoney, normaliseAmount, toMinorUnits } from "@spike-land/shared/payments/money";
import { Prisma, prisma, type PodProvider } from "../platform/db.server.ts";
import { recordAudit } from "../platform/audit.server.ts";
import { pageCount, pageWindow } from "../platform/pagination.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { paymentProvider } from "../providers/payments/index.server.ts";
import { PaymentProviderError } from "../providers/payments/types.ts";
import { addOrderEvent, lockOrder, moveOrder, OrderStateError } from "./events.server.ts";
import { enqueueOrderSubmission } from "./fulfilment-queue.server.ts";

export const POD_PROVIDERS = ["PRODIGI", "PRINTFUL"] as const satisfies readonly PodProvider[];
export const ADMIN_ORDER_PAGE_SIZE = 25;
const THUMB_SECONDS = 15 * 60;
const TX = { maxWait: 10_000, timeout: 30_000 };

type Actor = { id: string };
type Tx = Prisma.TransactionClient;

export type FieldErrors = Record<string, string[]>;
/** What the catalogue forms get back: which form answered, its message, per-field errors and the values to refill. */
export type AdminFormReply = { formId: string; ok: boolean; message: string; fieldErrors?: FieldErrors; values?: Record<string, string>; savedId?: string };

/** A posted form's text fields (file fields dropped), for zod to read. */
export function textFields(formData: FormData): Record<string, string> {
  return Object.fromEntries([...formData.entries()].filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}
export type AdminResult = { ok: true; id: string; message: string } | { ok: false; status: 400 | 404 | 409 | 502 | 503; message: string; fieldErrors?: FieldErrors };
export type Parsed<T> = { ok: true; value: T } | { ok: false; status: 400; message: string; fieldErrors: FieldErrors };

function audit(tx: Tx, actor: Actor, ip: string | null, targetId: string, event: string, metadata: Record<string, Prisma.InputJsonValue | null> = {}) {
  return recordAudit(tx, { actorId: actor.id, action: "USER_UPDATE", targetId, metadata: { event, ...metadata }, ipAddress: ip });
}

function isUniqueViolation(error: unknown): error is Prisma.PrismaClientKnownRequestError {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** Reads a form (or plain fields) with a schema: field messages keyed by field name, and the first as a summary. */
export function parseWith<S extends z.ZodType>(schema: S, input: FormData | Record<string, string>): Parsed<z.output<S>> {
  const fields = input instanceof FormData ? Object.fromEntries([...input.entries()].filter(([, value]) => typeof value === "string")) : input;
  const parsed = schema.safeParse(fields);
  if (parsed.success) return { ok: true, value: parsed.data };
  const fieldErrors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? "form");
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return { ok: false, status: 400, message: parsed.error.issues[0]?.message ?? "Check the highlighted fields.", fieldErrors };
}

// ---------------------------------------------------------------------------------------------
// Form schemas

const text = (label: string, max: number) =>
  z.string({ error: `Enter the ${label}.` }).trim().min(1, `Enter the ${label}.`).max(max, `Keep the ${label} to ${max} characters or fewer.`);

const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `Keep the ${label} to ${max} characters or fewer.`)
    .optional()
    .transform((value) => (value ? value : null));

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

export const categoryFormSchema = z.object({
  name: text("category name", 60),
  slug: text("slug", 60).regex(SLUG_PATTERN, "Use lower-case letters, digits and single dashes in the slug, like wall-art."),
  description: optionalText("description", 500),
  active: checkbox,
});
export type CategoryForm = z.output<typeof categoryFormSchema>;

export const productFormSchema = z
  .object({
    name: text("product name", 120),
    description: optionalText("description", 2000),
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
  })
  .superRefine((form, context) => {
    // Zod runs this even when a price failed its own format check; compare only two valid amounts.
    if (!MONEY_PATTERN.test(form.basePrice) || !MONEY_PATTERN.test(form.retailPrice)) return;
    if (toMinorUnits(form.retailPrice) < toMinorUnits(form.basePrice)) {
      context.addIssue({
        code: "custom",
        path: ["retailPrice"],
        message: `The retail price must be at least the base price (${formatMoney(form.basePrice)}), or every sale loses money.`,
      });
    }
  });
export type ProductForm = z.output<typeof productFormSchema>;

export const variantFormSchema = z.object({
  name: text("variant name", 60),
  providerSku: text("variant SKU", 100),
  priceDelta: money("price difference"),
  size: optionalText("size", 40),
  colour: optionalText("colour", 40),
});
export type VariantForm = z.output<typeof variantFormSchema>;

// ---------------------------------------------------------------------------------------------
// Categories

export async function listCategories() {
  const rows = await prisma.merchCategory.findMany({
    orderBy: [{ sortOrder: "asc" }, { name: "asc" }],
    select: { id: true, name: true, slug: true, description: true, sortOrder: true, isActive: true, _count: { select: { products: true } } },
  });
  return rows.map(({ _count, ...category }) => ({ ...category, products: _count.products }));
}

async function categoryClash(tx: Tx, form: CategoryForm, exceptId: string | null): Promise<AdminResult | null> {
  const clash = await tx.merchCategory.findFirst({
    where: { OR: [{ name: { equals: form.name, mode: "insensitive" } }, { slug: form.slug }], ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { name: true, slug: true },
  });
  if (!clash) return null;
  return clash.slug === form.slug
    ? { ok: false, status: 409, message: `The slug “${form.slug}” is already used by ${clash.name}. Choose another slug.`, fieldErrors: { slug: [`The slug “${form.slug}” is already used by ${clash.name}.`] } }
    : { ok: false, status: 409, message: `A category called “${clash.name}” already exists. Choose another name.`, fieldErrors: { name: [`A category called “${clash.name}” already exists.`] } };
}

const categoryTaken: AdminResult = { ok: false, status: 409, message: "That name or slug is already used by another category.", fieldErrors: { slug: ["That name or slug is already used by another category."] } };

export async function createCategory(actor: Actor, form: CategoryForm, ip: string | null = null): Promise<AdminResult> {
  try {
    return await prisma.$transaction(async (tx): Promise<AdminResult> => {
      const clash = await categoryClash(tx, form, null);
      if (clash) return clash;
      const last = await tx.merchCategory.aggregate({ _max: { sortOrder: true } });
      const category = await tx.merchCategory.create({
        data: { name: form.name, slug: form.slug, description: form.description, isActive: form.active, sortOrder: (last._max.sortOrder ?? 0) + 1 },
      });
      await audit(tx, actor, ip, category.id, "merch.category_create", { name: form.name, slug: form.slug, active: form.active });
      return { ok: true, id: category.id, message: `Category ${form.name} created.` };
    }, TX);
  } catch (error) {
    if (isUniqueViolation(error)) return categoryTaken;
    throw error;
  }
}

export async function updateCategory(actor: Actor, id: string, form: CategoryForm, ip: string | null = null): Promise<AdminResult> {
  try {
    return await prisma.$transaction(async (tx): Promise<AdminResult> => {
      const before = await tx.merchCategory.findUnique({ where: { id } });
      if (!before) return { ok: false, status: 404, message: "That category no longer exists." };
      const clash = await categoryClash(tx, form, id);
      if (clash) return clash;
      await tx.merchCategory.update({ where: { id }, data: { name: form.name, slug: form.slug, description: form.description, isActive: form.active } });
      await audit(tx, actor, ip, id, "merch.category_update", {
        before: { name: before.name, slug: before.slug, active: before.isActive },
        after: { name: form.name, slug: form.slug, active: form.active },
      });
      return { ok: true, id, message: `Category ${form.name} saved.` };
    }, TX);
  } catch (error) {
    if (isUniqueViolation(error)) return categoryTaken;
    throw error;
  }
}

export async function setCategoryActive(actor: Actor, id: string, active: boolean, ip: string | null = null): Promise<AdminResult> {
  return prisma.$transaction(async (tx): Promise<AdminResult> => {
    const category = await tx.merchCategory.findUnique({ where: { id }, select: { name: true } });
    if (!category) return { ok: false, status: 404, message: "That category no longer exists." };
    await tx.merchCategory.update({ where: { id }, data: { isActive: active } });
    await audit(tx, actor, ip, id, active ? "merch.category_activate" : "merch.category_deactivate", { name: category.name });
    return { ok: true, id, message: `${category.name} is now ${active ? "shown in" : "hidden from"} the shop.` };
  }, TX);
}

/** Moves a category one place up or down; the whole list is renumbered 1..n so the order is always unambiguous. */
export async function moveCategory(actor: Actor, id: string, direction: "up" | "down", ip: string | null = null): Promise<AdminResult> {
  return prisma.$transaction(async (tx): Promise<AdminResult> => {
    await tx.$queryRaw`SELECT id FROM merch_categories ORDER BY id FOR UPDATE`;
    const rows = await tx.merchCategory.findMany({ orderBy: [{ sortOrder: "asc" }, { name: "asc" }], select: { id: true, name: true } });
    const index = rows.findIndex((row) => row.id === id);
    if (index < 0) return { ok: false, status: 404, message: "That category no longer exists." };
    const target = direction === "up" ? index - 1 : index + 1;
    const moved = rows[index]!;
    if (target < 0 || target >= rows.length) return { ok: false, status: 409, message: `${moved.name} is already ${direction === "up" ? "first" : "last"}.` };
    [rows[index], rows[target]] = [rows[target]!, moved];
    for (const [position, row] of rows.entries()) await tx.merchCategory.update({ where: { id: row.id }, data: { sortOrder: position + 1 } });
    await audit(tx, actor, ip, id, "merch.category_move", { name: moved.name, direction, position: target + 1 });
    return { ok: true, id, message: `${moved.name} moved ${direction}.` };
  }, TX);
}

// ---------------------------------------------------------------------------------------------
// Products and variants

function attributesOf(value: Prisma.JsonValue | null): { size: string; colour: string } {
  const record = value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const read = (key: string) => (typeof record[key] === "string" ? (record[key] as string) : "");
  return { size: read("size"), colour: read("color") || read("colour") };
}

export async function listProducts() {
  const rows = await prisma.merchProduct.findMany({
    orderBy: [{ sortOrder: "asc" }, { name: "asc" }],
    include: { category: { select: { id: true, name: true } }, variants: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] } },
  });
  return rows.map((product) => ({
    id: product.id,
    name: product.name,
    description: product.description,
    category: product.category,
    provider: product.provider,
    providerSku: product.providerSku,
    basePrice: product.basePrice.toFixed(2),
    retailPrice: product.retailPrice.toFixed(2),
    currency: product.currency,
    minWidth: product.minWidth,
    minHeight: product.minHeight,
    minDpi: product.minDpi,
    printAreaWidth: product.printAreaWidth,
    printAreaHeight: product.printAreaHeight,
    isActive: product.isActive,
    variants: product.variants.map((variant) => ({
      id: variant.id,
      name: variant.name,
      providerSku: variant.providerSku,
      priceDelta: variant.priceDelta.toFixed(2),
      isActive: variant.isActive,
      ...attributesOf(variant.attributes),
    })),
  }));
}
export type AdminProduct = Awaited<ReturnType<typeof listProducts>>[number];

function productColumns(form: ProductForm) {
  return {
    name: form.name,
    description: form.description,
    categoryId: form.categoryId,
    provider: form.provider,
    providerSku: form.providerSku,
    basePrice: form.basePrice,
    retailPrice: form.retailPrice,
    minWidth: form.minWidth,
    minHeight: form.minHeight,
    minDpi: form.minDpi,
    printAreaWidth: form.printAreaWidth,
    printAreaHeight: form.printAreaHeight,
    isActive: form.active,
  };
}

const noCategory: AdminResult = { ok: false, status: 400, message: "Choose a category that exists.", fieldErrors: { categoryId: ["Choose a category that exists."] } };

export async function createProduct(actor: Actor, form: ProductForm, ip: string | null = null): Promise<AdminResult> {
  return prisma.$transaction(async (tx): Promise<AdminResult> => {
    if (!(await tx.merchCategory.findUnique({ where: { id: form.categoryId }, select: { id: true } }))) return noCategory;
    const last = await tx.merchProduct.aggregate({ _max: { sortOrder: true } });
    const product = await tx.merchProduct.create({ data: { ...productColumns(form), sortOrder: (last._max.sortOrder ?? 0) + 1 } });
    await audit(tx, actor, ip, product.id, "merch.product_create", { name: form.name, basePrice: form.basePrice, retailPrice: form.retailPrice, provider: form.provider });
    return { ok: true, id: product.id, message: `Product ${form.name} created.` };
  }, TX);
}

export async function updateProduct(actor: Actor, id: string, form: ProductForm, ip: string | null = null): Promise<AdminResult> {
  return prisma.$transaction(async (tx): Promise<AdminResult> => {
    const before = await tx.merchProduct.findUnique({ where: { id } });
    if (!before) return { ok: false, status: 404, message: "That product no longer exists." };
    if (!(await tx.merchCategory.findUnique({ where: { id: form.categoryId }, select: { id: true } }))) return noCategory;
    await tx.merchProduct.update({ where: { id }, data: productColumns(form) });
    await audit(tx, actor, ip, id, "merch.product_update", {
      before: { name: before.name, basePrice: before.basePrice.toFixed(2), retailPrice: before.retailPrice.toFixed(2), active: before.isActive },
      after: { name: form.name, basePrice: form.basePrice, retailPrice: form.retailPrice, active: form.active },
    });
    return { ok: true, id, message: `Product ${form.name} saved.` };
  }, TX);
}

function variantColumns(form: VariantForm) {
  const attributes: Record<string, string> = {};
  if (form.size) attributes.size = form.size;
  if (form.colour) attributes.color = form.colour;
  return { name: form.name, providerSku: form.providerSku, priceDelta: form.priceDelta, attributes: Object.keys(attributes).length ? attributes : Prisma.DbNull };
}

export async function createVariant(actor: Actor, productId: string, form: VariantForm, ip: string | null = null): Promise<AdminResult> {
  return prisma.$transaction(async (tx): Promise<AdminResult> => {
    const product = await tx.merchProduct.findUnique({ where: { id: productId }, select: { name: true } });
    if (!product) return { ok: false, status: 404, message: "That product no longer exists." };
    const variant = await tx.merchVariant.create({ data: { productId, ...variantColumns(form) } });
    await audit(tx, actor, ip, variant.id, "merch.variant_create", { productId, name: form.name, priceDelta: form.priceDelta });
    return { ok: true, id: variant.id, message: `Variant ${form.name} added to ${product.name}.` };
  }, TX);
}

export async function updateVariant(actor: Actor, variantId: string, form: VariantForm, ip: string | null = null): Promise<AdminResult> {
  return prisma.$transaction(async (tx): Promise<AdminResult> => {
    const before = await tx.merchVariant.findUnique({ where: { id: variantId } });
    if (!before) return { ok: false, status: 404, message: "That variant no longer exists." };
    await tx.merchVariant.update({ where: { id: variantId }, data: variantColumns(form) });
    await audit(tx, actor, ip, variantId, "merch.variant_update", {
      productId: before.productId,
      before: { name: before.name, providerSku: before.providerSku, priceDelta: before.priceDelta.toFixed(2) },
      after: { name: form.name, providerSku: form.providerSku, priceDelta: form.priceDelta },
    });
    return { ok: true, id: variantId, message: `Variant ${form.name} saved.` };
  }, TX);
}

export async function setVariantActive(actor: Actor, variantId: string, active: boolean, ip: string | null = null): Promise<AdminResult> {
  return prisma.$transaction(async (tx): Promise<AdminResult> => {
    const variant = await tx.merchVariant.findUnique({ where: { id: variantId }, select: { name: true, productId: true } });
    if (!variant) return { ok: false, status: 404, message: "That variant no longer exists." };
    await tx.merchVariant.update({ where: { id: variantId }, data: { isActive: active } });
    await audit(tx, actor, ip, variantId, active ? "merch.variant_activate" : "merch.variant_deactivate", { productId: variant.productId, name: variant.name });
    return { ok: true, id: variantId, message: `Variant ${variant.name} ${active ? "is on sale again" : "is no longer offered"}.` };
  }, TX);
}

// ---------------------------------------------------------------------------------------------
// Orders

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = z
  .string()
  .regex(DAY)
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
  .nullable()
  .catch(null);

/** The list filters, read from the query string; anything unknown or malformed means "all". */
export const orderFilterSchema = z.object({
  status: z.enum(MERCH_ORDER_STATUSES).nullable().catch(null),
  provider: z.enum(POD_PROVIDERS).nullable().catch(null),
  from: day,
  to: day,
  q: z.string().trim().max(100).catch("").transform((value) => value),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type OrderFilter = z.output<typeof orderFilterSchema>;

export function parseOrderFilter(params: URLSearchParams): OrderFilter {
  const read = (key: string) => params.get(key) || null;
  return orderFilterSchema.parse({ status: read("status"), provider: read("provider"), from: read("from"), to: read("to"), q: params.get("q") ?? "", page: params.get("page") ?? 1 });
}

function orderWhere(filter: OrderFilter): Prisma.MerchOrderWhereInput {
  const createdAt: Prisma.DateTimeFilter = {};
  if (filter.from) createdAt.gte = new Date(`${filter.from}T00:00:00Z`);
  if (filter.to) createdAt.lt = new Date(Date.parse(`${filter.to}T00:00:00Z`) + 24 * 60 * 60 * 1000);
  return {
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.provider ? { items: { some: { product: { provider: filter.provider } } } } : {}),
    ...(filter.from || filter.to ? { createdAt } : {}),
    ...(filter.q ? { OR: [{ orderNumber: { contains: filter.q, mode: "insensitive" } }, { customerEmail: { contains: filter.q, mode: "insensitive" } }] } : {}),
  };
}

export async function listAdminOrders(filter: OrderFilter) {
  const where = orderWhere(filter);
  const [total, rows] = await Promise.all([
    prisma.merchOrder.count({ where }),
    prisma.merchOrder.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...pageWindow(filter.page, ADMIN_ORDER_PAGE_SIZE),
      select: {
        id: true,
        orderNumber: true,
        status: true,
        totalAmount: true,
        currency: true,
        customerEmail: true,
        stripePaymentStatus: true,
        createdAt: true,
        items: { select: { quantity: true, product: { select: { provider: true } } } },
      },
    }),
  ]);
  const orders = rows.map(({ items, totalAmount, ...order }) => ({
    ...order,
    total: formatMoney(totalAmount.toFixed(2), order.currency),
    itemCount: items.reduce((sum, item) => sum + item.quantity, 0),
    providers: [...new Set(items.map((item) => item.product.provider))].sort(),
  }));
  return { orders, total, pages: pageCount(total, ADMIN_ORDER_PAGE_SIZE) };
}

/** Provider item statuses that mean the provider did not take the item, so it may be sent again. */
const FAILED_POD_STATUSES = new Set(["failed", "rejected", "error", "cancelled", "canceled"]);

export function itemFailed(podStatus: string | null): boolean {
  return podStatus !== null && FAILED_POD_STATUSES.has(podStatus.trim().toLowerCase());
}

/** Resubmitting is for an authorised order not yet with the provider, or one the provider refused part of. */
export function canResubmit(status: MerchOrderStatus, items: ReadonlyArray<{ podStatus: string | null }>): boolean {
  return status === "PAID" || (status === "SUBMITTED" && items.some((item) => itemFailed(item.podStatus)));
}

const NOT_CANCELLABLE: Partial<Record<MerchOrderStatus, string>> = {
  SHIPPED: "This order has already shipped, so it can no longer be cancelled or refunded here.",
  DELIVERED: "This order has been delivered, so it can no longer be cancelled or refunded here.",
  CANCELLED: "This order is already cancelled.",
  REFUNDED: "This order has already been refunded.",
};

export function canCancel(status: MerchOrderStatus): boolean {
  return !NOT_CANCELLABLE[status];
}

const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);
const words = (status: string) => status.toLowerCase().replaceAll("_", " ");

const money2 = (value: Prisma.Decimal, currency: string) => formatMoney(value.toFixed(2), currency);

async function thumbnail(key: string, fallback: string): Promise<string> {
  try {
    return await objectStorage().signedGetUrl(key, { expiresInSeconds: THUMB_SECONDS });
  } catch {
    return fallback;
  }
}

/** One order with everything the desk needs, or null when there is no such order. */
export async function getAdminOrder(id: string) {
  const order = await prisma.merchOrder.findUnique({
    where: { id },
    include: {
      user: { select: { id: true, email: true, name: true } },
      items: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], include: { product: { select: { provider: true } } } },
      shipments: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
      events: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
    },
  });
  if (!order) return null;
  const items = await Promise.all(
    order.items.map(async (item) => ({
      id: item.id,
      productName: item.productName,
      variantName: item.variantName,
      provider: item.product.provider,
      quantity: item.quantity,
      unitPrice: money2(item.unitPrice, order.currency),
      totalPrice: money2(item.totalPrice, order.currency),
      customText: item.customText,
      podOrderId: item.podOrderId,
      podStatus: item.podStatus,
      failed: itemFailed(item.podStatus),
      shipmentId: item.shipmentId,
      imageKey: item.imageR2Key,
      thumbUrl: await thumbnail(item.imageR2Key, item.imageUrl),
    })),
  );
  const status = order.status as MerchOrderStatus;
  return {
    id: order.id,
    orderNumber: order.orderNumber,
    status,
    user: order.user,
    customerEmail: order.customerEmail,
    customerPhone: order.customerPhone,
    notes: order.notes,
    currency: order.currency,
    subtotal: money2(order.subtotal, order.currency),
    shippingCost: money2(order.shippingCost, order.currency),
    taxAmount: money2(order.taxAmount, order.currency),
    total: money2(order.totalAmount, order.currency),
    payment: { intentId: order.stripePaymentIntentId, status: order.stripePaymentStatus, paidAt: order.paidAt },
    shippingAddress: addressOf(order.shippingAddress),
    createdAt: order.createdAt,
    items,
    shipments: order.shipments.map((shipment) => ({
      id: shipment.id,
      provider: shipment.provider,
      providerShipId: shipment.providerShipId,
      carrier: shipment.carrier,
      trackingNumber: shipment.trackingNumber,
      trackingUrl: shipment.trackingUrl && /^https?:\/\//i.test(shipment.trackingUrl) ? shipment.trackingUrl : null,
      status: shipment.status,
      shippedAt: shipment.shippedAt,
      deliveredAt: shipment.deliveredAt,
    })),
    events: order.events.map((event) => ({ id: event.id, type: event.type, data: event.data, createdAt: event.createdAt })),
    canResubmit: canResubmit(status, order.items),
    canCancel: canCancel(status),
  };
}
export type AdminOrder = NonNullable<Awaited<ReturnType<typeof getAdminOrder>>>;

export type Address = { name: string; line1: string; line2: string; city: string; postalCode: string; country: string };

function addressOf(value: Prisma.JsonValue): Address {
  const record = value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const read = (key: string) => (typeof record[key] === "string" ? (record[key] as string) : "");
  return { name: read("name"), line1: read("line1"), line2: read("line2"), city: read("city"), postalCode: read("postalCode"), country: read("country") };
}

/**
 * Sends an order to its print provider again: a RESUBMITTED event and the audit entry are written,
 * and the submission job is sent last inside the same transaction, so a failed send keeps nothing.
 */
export async function resubmitOrder(actor: Actor, orderId: string, ip: string | null = null): Promise<AdminResult> {
  return prisma.$transaction(async (tx): Promise<AdminResult> => {
    const status = await lockOrder(tx, orderId).catch((error: unknown) => {
      if (error instanceof OrderStateError && error.status === 404) return null;
      throw error;
    });
    if (!status) return { ok: false, status: 404, message: "That order was not found." };
    const order = await tx.merchOrder.findUniqueOrThrow({ where: { id: orderId }, select: { orderNumber: true, items: { select: { podStatus: true } } } });
    if (!canResubmit(status, order.items)) {
      return {
        ok: false,
        status: 409,
        message:
          status === "SUBMITTED"
            ? `${order.orderNumber} is with the print provider and none of its items failed, so there is nothing to resubmit.`
            : `${order.orderNumber} is ${words(status)}; only a paid order, or a submitted one with a failed item, can be resubmitted.`,
      };
    }
    const attempt = `resubmit-${Date.now()}`;
    await addOrderEvent(tx, orderId, "RESUBMITTED", { by: actor.id, attempt, from: status });
    await audit(tx, actor, ip, orderId, "merch.order_resubmit", { orderNumber: order.orderNumber, attempt, status });
    await enqueueOrderSubmission(orderId, attempt);
    return { ok: true, id: orderId, message: `${order.orderNumber} was queued for the print provider again.` };
  }, TX);
}

/**
 * Cancels an order before it ships. A captured payment is refunded (REFUNDED); an authorisation is
 * released (CANCELLED); an order never paid is simply cancelled. The payment provider is called
 * before the order row is locked: its webhook for the same change may take that lock itself, and
 * may even make the status move first, in which case only the admin's event and audit are added.
 */
export async function cancelOrder(actor: Actor, orderId: string, ip: string | null = null): Promise<AdminResult> {
  const order = await prisma.merchOrder.findUnique({
    where: { id: orderId },
    select: { orderNumber: true, status: true, stripePaymentIntentId: true, stripePaymentStatus: true, totalAmount: true, currency: true },
  });
  if (!order) return { ok: false, status: 404, message: "That order was not found." };
  const from = order.status as MerchOrderStatus;
  const refusal = NOT_CANCELLABLE[from];
  if (refusal) return { ok: false, status: 409, message: refusal };
  const intent = order.stripePaymentIntentId;
  const payment = intent ? order.stripePaymentStatus : null;
  const to: MerchOrderStatus = payment === "captured" ? "REFUNDED" : "CANCELLED";
  if (!canMove(from, to)) {
    return { ok: false, status: 409, message: `An order that is ${words(from)} with a ${payment ?? "missing"} payment cannot be ${to === "REFUNDED" ? "refunded" : "cancelled"} here.` };
  }
  if (intent && (payment === "captured" || payment === "authorized")) {
    const provider = paymentProvider();
    if (!provider) return { ok: false, status: 503, message: "Payments are switched off, so the payment cannot be released. Nothing was changed." };
    try {
      if (payment === "captured") await provider.refundPaymentIntent(intent);
      else await provider.cancelPaymentIntent(intent);
    } catch (error) {
      if (!(error instanceof PaymentProviderError)) throw error;
      return error.status === 409
        ? { ok: false, status: 409, message: `The payment changed meanwhile (${error.message}). Reload the order and try again.` }
        : { ok: false, status: 502, message: `The payment provider refused: ${sentence(error.message)} Nothing was changed.` };
    }
  }
  const paymentAfter = payment === "captured" ? "refunded" : payment === "authorized" ? "cancelled" : order.stripePaymentStatus;
  const amount = money2(order.totalAmount, order.currency);
  const data = { by: actor.id, from, payment: paymentAfter, ...(payment === "captured" ? { refunded: amount } : {}) };
  try {
    await prisma.$transaction(async (tx) => {
      const moved = await moveOrder(tx, orderId, to, to, { data, changes: { stripePaymentStatus: paymentAfter } });
      if (!moved) {
        // The provider's webhook got there first: keep its status, record the payment word and the admin's step.
        await tx.merchOrder.update({ where: { id: orderId }, data: { stripePaymentStatus: paymentAfter } });
        if (!(await tx.merchOrderEvent.findFirst({ where: { orderId, type: to }, select: { id: true } }))) await addOrderEvent(tx, orderId, to, data);
      }
      await audit(tx, actor, ip, orderId, "merch.order_cancel", { orderNumber: order.orderNumber, from, to, payment: paymentAfter, amount });
    }, TX);
  } catch (error) {
    if (error instanceof OrderStateError) return { ok: false, status: 409, message: `${error.message}${payment === "captured" || payment === "authorized" ? ` The payment is already ${paymentAfter}; check the order.` : ""}` };
    throw error;
  }
  const message =
    payment === "captured"
      ? `${order.orderNumber} was cancelled and ${amount} refunded.`
      : payment === "authorized"
        ? `${order.orderNumber} was cancelled and the payment authorisation released.`
        : `${order.orderNumber} was cancelled.`;
  return { ok: true, id: orderId, message };
}
