/**
 * The merch catalogue for admins: categories (unique names and slugs, shop order, shown or hidden),
 * products (prices, print requirements, provider) and their variants. Every change is audited in the
 * transaction that makes it. Refusals are `CatalogueError`s: their status, their message, and the
 * form field they belong to when there is one.
 */
import { DomainError } from "@spike-land/shared/errors";
import { Prisma, prisma, type PodProvider } from "../platform/db.server.ts";
import { ADMIN_TX, auditMerchChange as audit, type Actor } from "./admin-audit.server.ts";

type Tx = Prisma.TransactionClient;

export class CatalogueError extends DomainError {
  constructor(status: number, message: string, field?: string) {
    super(status, message, undefined, { field });
  }
}

/** What a change did, in the words the page shows. */
export type CatalogueChange = { id: string; message: string };

export type CategoryInput = { name: string; slug: string; description: string | null; active: boolean };
export type ProductInput = {
  name: string;
  description: string | null;
  categoryId: string;
  provider: PodProvider;
  providerSku: string;
  basePrice: string;
  retailPrice: string;
  minWidth: number;
  minHeight: number;
  minDpi: number;
  printAreaWidth: number | null;
  printAreaHeight: number | null;
  active: boolean;
};
export type VariantInput = { name: string; providerSku: string; priceDelta: string; size: string | null; colour: string | null };

function isUniqueViolation(error: unknown): error is Prisma.PrismaClientKnownRequestError {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

// ---------------------------------------------------------------------------------------------
// Categories

const categorySelect = { id: true, name: true, slug: true, description: true, sortOrder: true, isActive: true, _count: { select: { products: true } } } as const;
type CategoryRow = Prisma.MerchCategoryGetPayload<{ select: typeof categorySelect }>;

function categoryView({ _count, ...category }: CategoryRow) {
  return { ...category, products: _count.products };
}
export type AdminCategory = ReturnType<typeof categoryView>;

export async function listCategories(): Promise<AdminCategory[]> {
  const rows = await prisma.merchCategory.findMany({ orderBy: [{ sortOrder: "asc" }, { name: "asc" }], select: categorySelect });
  return rows.map(categoryView);
}

const categoryGone = () => new CatalogueError(404, "That category no longer exists.");

/** One category for its edit form. */
export async function getCategory(id: string): Promise<AdminCategory> {
  const row = await prisma.merchCategory.findUnique({ where: { id }, select: categorySelect });
  if (!row) throw categoryGone();
  return categoryView(row);
}

async function refuseClash(tx: Tx, form: CategoryInput, exceptId: string | null): Promise<void> {
  const clash = await tx.merchCategory.findFirst({
    where: { OR: [{ name: { equals: form.name, mode: "insensitive" } }, { slug: form.slug }], ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { name: true, slug: true },
  });
  if (!clash) return;
  throw clash.slug === form.slug
    ? new CatalogueError(409, `The slug “${form.slug}” is already used by ${clash.name}.`, "slug")
    : new CatalogueError(409, `A category called “${clash.name}” already exists.`, "name");
}

/** The database's own unique check, for two admins saving the same name at once. */
async function uniqueCategory<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw new CatalogueError(409, "That name or slug is already used by another category.", "slug");
    throw error;
  }
}

export function createCategory(actor: Actor, form: CategoryInput, ip: string | null = null): Promise<CatalogueChange> {
  return uniqueCategory(() =>
    prisma.$transaction(async (tx) => {
      await refuseClash(tx, form, null);
      const last = await tx.merchCategory.aggregate({ _max: { sortOrder: true } });
      const category = await tx.merchCategory.create({
        data: { name: form.name, slug: form.slug, description: form.description, isActive: form.active, sortOrder: (last._max.sortOrder ?? 0) + 1 },
      });
      await audit(tx, actor, ip, category.id, "merch.category_create", { name: form.name, slug: form.slug, active: form.active });
      return { id: category.id, message: `Category ${form.name} created.` };
    }, ADMIN_TX),
  );
}

export function updateCategory(actor: Actor, id: string, form: CategoryInput, ip: string | null = null): Promise<CatalogueChange> {
  return uniqueCategory(() =>
    prisma.$transaction(async (tx) => {
      const before = await tx.merchCategory.findUnique({ where: { id } });
      if (!before) throw categoryGone();
      await refuseClash(tx, form, id);
      await tx.merchCategory.update({ where: { id }, data: { name: form.name, slug: form.slug, description: form.description, isActive: form.active } });
      await audit(tx, actor, ip, id, "merch.category_update", {
        before: { name: before.name, slug: before.slug, active: before.isActive },
        after: { name: form.name, slug: form.slug, active: form.active },
      });
      return { id, message: `Category ${form.name} saved.` };
    }, ADMIN_TX),
  );
}

export function setCategoryActive(actor: Actor, id: string, active: boolean, ip: string | null = null): Promise<CatalogueChange> {
  return prisma.$transaction(async (tx) => {
    const category = await tx.merchCategory.findUnique({ where: { id }, select: { name: true } });
    if (!category) throw categoryGone();
    await tx.merchCategory.update({ where: { id }, data: { isActive: active } });
    await audit(tx, actor, ip, id, active ? "merch.category_activate" : "merch.category_deactivate", { name: category.name });
    return { id, message: `${category.name} is now ${active ? "shown in" : "hidden from"} the shop.` };
  }, ADMIN_TX);
}

/** Moves a category one place up or down; the whole list is renumbered 1..n so the order is always unambiguous. */
export function moveCategory(actor: Actor, id: string, direction: "up" | "down", ip: string | null = null): Promise<CatalogueChange> {
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM merch_categories ORDER BY id FOR UPDATE`;
    const rows = await tx.merchCategory.findMany({ orderBy: [{ sortOrder: "asc" }, { name: "asc" }], select: { id: true, name: true } });
    const index = rows.findIndex((row) => row.id === id);
    if (index < 0) throw categoryGone();
    const target = direction === "up" ? index - 1 : index + 1;
    const moved = rows[index]!;
    if (target < 0 || target >= rows.length) throw new CatalogueError(409, `${moved.name} is already ${direction === "up" ? "first" : "last"}.`);
    [rows[index], rows[target]] = [rows[target]!, moved];
    for (const [position, row] of rows.entries()) await tx.merchCategory.update({ where: { id: row.id }, data: { sortOrder: position + 1 } });
    await audit(tx, actor, ip, id, "merch.category_move", { name: moved.name, direction, position: target + 1 });
    return { id, message: `${moved.name} moved ${direction}.` };
  }, ADMIN_TX);
}

// ---------------------------------------------------------------------------------------------
// Products and variants

function attributesOf(value: Prisma.JsonValue | null): { size: string; colour: string } {
  const record = value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const read = (key: string) => (typeof record[key] === "string" ? (record[key] as string) : "");
  return { size: read("size"), colour: read("color") || read("colour") };
}

const productInclude = { category: { select: { id: true, name: true } }, variants: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] } } satisfies Prisma.MerchProductInclude;
type ProductRow = Prisma.MerchProductGetPayload<{ include: typeof productInclude }>;

function productView(product: ProductRow) {
  return {
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
  };
}
export type AdminProduct = ReturnType<typeof productView>;
export type AdminVariant = AdminProduct["variants"][number];

export async function listProducts(): Promise<AdminProduct[]> {
  const rows = await prisma.merchProduct.findMany({ orderBy: [{ sortOrder: "asc" }, { name: "asc" }], include: productInclude });
  return rows.map(productView);
}

const productGone = () => new CatalogueError(404, "That product no longer exists.");
const variantGone = () => new CatalogueError(404, "That variant no longer exists.");

/** One product with its variants, for its edit form. */
export async function getProduct(id: string): Promise<AdminProduct> {
  const row = await prisma.merchProduct.findUnique({ where: { id }, include: productInclude });
  if (!row) throw productGone();
  return productView(row);
}

function productColumns(form: ProductInput) {
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

async function requireCategory(tx: Tx, categoryId: string): Promise<void> {
  if (!(await tx.merchCategory.findUnique({ where: { id: categoryId }, select: { id: true } }))) {
    throw new CatalogueError(400, "Choose a category that exists.", "categoryId");
  }
}

export function createProduct(actor: Actor, form: ProductInput, ip: string | null = null): Promise<CatalogueChange> {
  return prisma.$transaction(async (tx) => {
    await requireCategory(tx, form.categoryId);
    const last = await tx.merchProduct.aggregate({ _max: { sortOrder: true } });
    const product = await tx.merchProduct.create({ data: { ...productColumns(form), sortOrder: (last._max.sortOrder ?? 0) + 1 } });
    await audit(tx, actor, ip, product.id, "merch.product_create", { name: form.name, basePrice: form.basePrice, retailPrice: form.retailPrice, provider: form.provider });
    return { id: product.id, message: `Product ${form.name} created.` };
  }, ADMIN_TX);
}

export function updateProduct(actor: Actor, id: string, form: ProductInput, ip: string | null = null): Promise<CatalogueChange> {
  return prisma.$transaction(async (tx) => {
    const before = await tx.merchProduct.findUnique({ where: { id } });
    if (!before) throw productGone();
    await requireCategory(tx, form.categoryId);
    await tx.merchProduct.update({ where: { id }, data: productColumns(form) });
    await audit(tx, actor, ip, id, "merch.product_update", {
      before: { name: before.name, basePrice: before.basePrice.toFixed(2), retailPrice: before.retailPrice.toFixed(2), active: before.isActive },
      after: { name: form.name, basePrice: form.basePrice, retailPrice: form.retailPrice, active: form.active },
    });
    return { id, message: `Product ${form.name} saved.` };
  }, ADMIN_TX);
}

function variantColumns(form: VariantInput) {
  const attributes: Record<string, string> = {};
  if (form.size) attributes.size = form.size;
  if (form.colour) attributes.color = form.colour;
  return { name: form.name, providerSku: form.providerSku, priceDelta: form.priceDelta, attributes: Object.keys(attributes).length ? attributes : Prisma.DbNull };
}

export function createVariant(actor: Actor, productId: string, form: VariantInput, ip: string | null = null): Promise<CatalogueChange> {
  return prisma.$transaction(async (tx) => {
    const product = await tx.merchProduct.findUnique({ where: { id: productId }, select: { name: true } });
    if (!product) throw productGone();
    const variant = await tx.merchVariant.create({ data: { productId, ...variantColumns(form) } });
    await audit(tx, actor, ip, variant.id, "merch.variant_create", { productId, name: form.name, priceDelta: form.priceDelta });
    return { id: variant.id, message: `Variant ${form.name} added to ${product.name}.` };
  }, ADMIN_TX);
}

export function updateVariant(actor: Actor, variantId: string, form: VariantInput, ip: string | null = null): Promise<CatalogueChange> {
  return prisma.$transaction(async (tx) => {
    const before = await tx.merchVariant.findUnique({ where: { id: variantId } });
    if (!before) throw variantGone();
    await tx.merchVariant.update({ where: { id: variantId }, data: variantColumns(form) });
    await audit(tx, actor, ip, variantId, "merch.variant_update", {
      productId: before.productId,
      before: { name: before.name, providerSku: before.providerSku, priceDelta: before.priceDelta.toFixed(2) },
      after: { name: form.name, providerSku: form.providerSku, priceDelta: form.priceDelta },
    });
    return { id: variantId, message: `Variant ${form.name} saved.` };
  }, ADMIN_TX);
}

export function setVariantActive(actor: Actor, variantId: string, active: boolean, ip: string | null = null): Promise<CatalogueChange> {
  return prisma.$transaction(async (tx) => {
    const variant = await tx.merchVariant.findUnique({ where: { id: variantId }, select: { name: true, productId: true } });
    if (!variant) throw variantGone();
    await tx.merchVariant.update({ where: { id: variantId }, data: { isActive: active } });
    await audit(tx, actor, ip, variantId, active ? "merch.variant_activate" : "merch.variant_deactivate", { productId: variant.productId, name: variant.name });
    return { id: variantId, message: `Variant ${variant.name} ${active ? "is on sale again" : "is no longer offered"}.` };
  }, ADMIN_TX);
}
