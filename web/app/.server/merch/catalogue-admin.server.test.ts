/**
 * The merch catalogue admin against the real database: categories (unique names and slugs, order,
 * visibility), products and their variants, each change audited, and the refusals with their
 * status, message and field.
 */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "../platform/db.server.ts";
import { makeUser } from "../../../test/fixtures.ts";
import * as admin from "./catalogue-admin.server.ts";

const suffix = () => randomBytes(3).toString("hex");

async function category(overrides: { name?: string; slug?: string } = {}) {
  const tag = suffix();
  return prisma.merchCategory.create({ data: { name: overrides.name ?? `Prints ${tag}`, slug: overrides.slug ?? `prints-${tag}`, sortOrder: 100 } });
}

async function auditEvents(actorId: string) {
  const rows = await prisma.auditLog.findMany({ where: { userId: actorId }, orderBy: { createdAt: "asc" } });
  return rows.map((row) => ({ action: row.action, targetId: row.targetId, event: (row.metadata as { event?: string } | null)?.event }));
}

const product = {
  name: "Matte print",
  description: null,
  categoryId: "cat",
  provider: "PRODIGI",
  providerSku: "GLOBAL-PHO-MAT",
  basePrice: "8.50",
  retailPrice: "24.99",
  minWidth: 1800,
  minHeight: 1800,
  minDpi: 150,
  printAreaWidth: 3600,
  printAreaHeight: 4800,
  active: true,
} satisfies admin.ProductInput;

describe("categories", () => {
  it("creates, refuses a duplicate slug or name with 409, edits, hides and reorders, auditing each change", async () => {
    const actor = await makeUser({ role: "ADMIN" });
    const tag = suffix();
    const created = await admin.createCategory(actor, { name: `Frames ${tag}`, slug: `frames-${tag}`, description: null, active: true }, "192.0.2.1");
    expect(created).toMatchObject({ message: `Category Frames ${tag} created.` });

    const sameSlug = admin.createCategory(actor, { name: `Other ${tag}`, slug: `frames-${tag}`, description: null, active: true });
    await expect(sameSlug).rejects.toMatchObject({ status: 409, field: "slug", message: `The slug “frames-${tag}” is already used by Frames ${tag}.` });
    const sameName = admin.createCategory(actor, { name: `FRAMES ${tag}`, slug: `other-${tag}`, description: null, active: true });
    await expect(sameName).rejects.toMatchObject({ status: 409, field: "name", message: `A category called “Frames ${tag}” already exists.` });

    const other = await category();
    const clash = admin.updateCategory(actor, other.id, { name: other.name, slug: `frames-${tag}`, description: null, active: true });
    await expect(clash).rejects.toMatchObject({ status: 409 });
    const renamed = await admin.updateCategory(actor, created.id, { name: `Framed ${tag}`, slug: `framed-${tag}`, description: "Ready to hang", active: true });
    expect(renamed).toMatchObject({ id: created.id, message: `Category Framed ${tag} saved.` });
    expect(await prisma.merchCategory.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ name: `Framed ${tag}`, slug: `framed-${tag}`, description: "Ready to hang" });
    await expect(admin.updateCategory(actor, "missing", { name: "X", slug: "x", description: null, active: true })).rejects.toMatchObject({ status: 404 });

    expect(await admin.setCategoryActive(actor, created.id, false)).toMatchObject({ message: `Framed ${tag} is now hidden from the shop.` });
    expect((await prisma.merchCategory.findUniqueOrThrow({ where: { id: created.id } })).isActive).toBe(false);

    // `other` (sort order 100) is last; moving it up swaps it with the one before it and renumbers the list.
    const before = (await admin.listCategories()).map((row) => row.id);
    const index = before.indexOf(other.id);
    expect(index).toBe(before.length - 1);
    expect(await admin.moveCategory(actor, other.id, "up")).toMatchObject({ message: `${other.name} moved up.` });
    const after = await admin.listCategories();
    expect(after.map((row) => row.id)).toEqual([...before.slice(0, index - 1), other.id, before[index - 1], ...before.slice(index + 1)]);
    expect(after.map((row) => row.sortOrder)).toEqual(after.map((_, position) => position + 1));
    await expect(admin.moveCategory(actor, after[0]!.id, "up")).rejects.toMatchObject({ status: 409, message: `${after[0]!.name} is already first.` });

    expect(await auditEvents(actor.id)).toEqual([
      { action: "USER_UPDATE", targetId: created.id, event: "merch.category_create" },
      { action: "USER_UPDATE", targetId: created.id, event: "merch.category_update" },
      { action: "USER_UPDATE", targetId: created.id, event: "merch.category_deactivate" },
      { action: "USER_UPDATE", targetId: other.id, event: "merch.category_move" },
    ]);
  });
});

describe("products and variants", () => {
  it("creates and edits a product, and adds, edits and deactivates its variants", async () => {
    const actor = await makeUser({ role: "ADMIN" });
    const cat = await category();
    const form = { ...product, categoryId: cat.id };
    const created = await admin.createProduct(actor, form);
    expect(await prisma.merchProduct.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ name: "Matte print", provider: "PRODIGI", printAreaWidth: 3600, isActive: true });

    const missingCategory = admin.createProduct(actor, { ...form, categoryId: "nope" });
    await expect(missingCategory).rejects.toMatchObject({ status: 400, field: "categoryId", message: "Choose a category that exists." });

    const edited = await admin.updateProduct(actor, created.id, { ...form, retailPrice: "29.99", active: false });
    expect(edited).toMatchObject({ message: "Product Matte print saved." });
    const saved = await prisma.merchProduct.findUniqueOrThrow({ where: { id: created.id } });
    expect(saved.retailPrice.toFixed(2)).toBe("29.99");
    expect(saved.isActive).toBe(false);

    const variant = await admin.createVariant(actor, created.id, { name: "30×40 cm", providerSku: "GLOBAL-30x40", priceDelta: "6.00", size: "30x40", colour: null });
    const updated = await admin.updateVariant(actor, variant.id, { name: "30×40 cm black", providerSku: "GLOBAL-30x40-B", priceDelta: "7.50", size: "30x40", colour: "black" });
    expect(updated).toMatchObject({ id: variant.id, message: "Variant 30×40 cm black saved." });
    const row = await prisma.merchVariant.findUniqueOrThrow({ where: { id: variant.id } });
    expect(row).toMatchObject({ name: "30×40 cm black", providerSku: "GLOBAL-30x40-B", attributes: { size: "30x40", color: "black" }, isActive: true });
    expect(row.priceDelta.toFixed(2)).toBe("7.50");

    expect(await admin.setVariantActive(actor, variant.id, false)).toMatchObject({ message: "Variant 30×40 cm black is no longer offered." });
    expect((await prisma.merchVariant.findUniqueOrThrow({ where: { id: variant.id } })).isActive).toBe(false);
    await expect(admin.updateVariant(actor, "missing", { name: "X", providerSku: "X", priceDelta: "0.00", size: null, colour: null })).rejects.toMatchObject({ status: 404 });

    const listed = (await admin.listProducts()).find((entry) => entry.id === created.id);
    expect(listed).toMatchObject({ retailPrice: "29.99", basePrice: "8.50", variants: [{ name: "30×40 cm black", priceDelta: "7.50", size: "30x40", colour: "black", isActive: false }] });
    expect(await admin.getProduct(created.id)).toEqual(listed);
    await expect(admin.getProduct("missing")).rejects.toMatchObject({ status: 404, message: "That product no longer exists." });

    expect((await auditEvents(actor.id)).map((entry) => entry.event)).toEqual([
      "merch.product_create",
      "merch.product_update",
      "merch.variant_create",
      "merch.variant_update",
      "merch.variant_deactivate",
    ]);
  });
});
