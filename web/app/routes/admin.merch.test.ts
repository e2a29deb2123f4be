/**
 * The merch admin pages through their loaders and actions: admin-only access, catalogue forms with
 * their messages and status codes, the order filters, resubmitting and cancelling from an order.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderNumber } from "@spike-land/shared/merch/orders";
import { prisma } from "../.server/platform/db.server.ts";
import { env } from "../.server/platform/env.server.ts";
import { startQueue, stopQueue } from "../.server/platform/queue.server.ts";
import { MERCH_SUBMIT_QUEUE } from "../.server/merch/fulfilment-queue.server.ts";
import { loader as layoutLoader } from "./admin.merch.tsx";
import { loader as ordersLoader } from "./admin.merch._index.tsx";
import { action as orderAction, loader as orderLoader } from "./admin.merch.orders.$id.tsx";
import { action as productsAction, loader as productsLoader } from "./admin.merch.products.tsx";
import { action as categoriesAction, loader as categoriesLoader } from "./admin.merch.categories.tsx";
import { formRequest, getRequest, routeArgs, run } from "../../test/request.ts";
import { makeUser, signIn } from "../../test/fixtures.ts";

beforeAll(() => startQueue(env.DATABASE_URL, { maintenance: false }));
afterAll(() => stopQueue());

const suffix = () => randomBytes(3).toString("hex");

async function admin() {
  const user = await makeUser({ role: "ADMIN" });
  return { user, ...(await signIn(user.id)) };
}

async function category() {
  const tag = suffix();
  return prisma.merchCategory.create({ data: { name: `Canvas ${tag}`, slug: `canvas-${tag}` } });
}

async function product(provider: "PRODIGI" | "PRINTFUL" = "PRODIGI") {
  const cat = await category();
  return prisma.merchProduct.create({ data: { name: `Canvas ${suffix()}`, categoryId: cat.id, provider, providerSku: "GLOBAL-CAN", basePrice: "21.00", retailPrice: "49.99" } });
}

async function order(userId: string, status: "PENDING" | "PAID" | "SHIPPED", provider: "PRODIGI" | "PRINTFUL" = "PRODIGI") {
  const item = await product(provider);
  return prisma.merchOrder.create({
    data: {
      userId,
      orderNumber: orderNumber(new Date(), (size) => randomBytes(size)),
      status,
      subtotal: "49.99",
      shippingCost: "0.00",
      totalAmount: "49.99",
      shippingAddress: { name: "Grace Hopper", line1: "2 Compiler Way", city: "Leeds", postalCode: "LS1 1AA", country: "GB" },
      customerEmail: `buyer-${suffix()}@example.com`,
      items: { create: { productId: item.id, productName: item.name, imageUrl: "https://example.com/a.jpg", imageR2Key: `merch/${userId}/a.jpg`, quantity: 1, unitPrice: "49.99", totalPrice: "49.99" } },
    },
  });
}

const productFields = (categoryId: string, overrides: Record<string, string> = {}) => ({
  intent: "create-product",
  name: "Gallery canvas",
  description: "Stretched canvas",
  categoryId,
  provider: "PRODIGI",
  providerSku: "GLOBAL-CAN-GAL",
  basePrice: "21",
  retailPrice: "59.99",
  minWidth: "2400",
  minHeight: "2400",
  minDpi: "150",
  active: "on",
  ...overrides,
});

describe("merch admin access", () => {
  it("answers 403 to non-admins and sends signed-out visitors to sign in", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    const pending = await order(user.id, "PENDING");
    const paths: Array<[string, (args: ReturnType<typeof routeArgs>) => unknown, Record<string, string>]> = [
      ["/admin/merch", layoutLoader, {}],
      ["/admin/merch", ordersLoader, {}],
      [`/admin/merch/orders/${pending.id}`, orderLoader, { id: pending.id }],
      ["/admin/merch/products", productsLoader, {}],
      ["/admin/merch/categories", categoriesLoader, {}],
    ];
    for (const [path, loader, params] of paths) {
      expect((await run(() => loader(routeArgs(getRequest(path, { cookie }), params)))).status).toBe(403);
    }
    const cancel = await run(() => orderAction(routeArgs(formRequest(`/admin/merch/orders/${pending.id}`, { intent: "cancel", confirm: "yes" }, { cookie }), { id: pending.id })));
    expect(cancel.status).toBe(403);
    expect((await prisma.merchOrder.findUniqueOrThrow({ where: { id: pending.id } })).status).toBe("PENDING");
    const create = await run(() => categoriesAction(routeArgs(formRequest("/admin/merch/categories", { intent: "create", name: "Mugs", slug: "mugs" }, { cookie }))));
    expect(create.status).toBe(403);
    expect(await prisma.merchCategory.count({ where: { slug: "mugs" } })).toBe(0);
    const product = await run(() => productsAction(routeArgs(formRequest("/admin/merch/products", productFields("x"), { cookie }))));
    expect(product.status).toBe(403);

    const signedOut = await run(() => ordersLoader(routeArgs(getRequest("/admin/merch?status=PAID"))));
    expect(signedOut.location).toBe("/login?redirectTo=%2Fadmin%2Fmerch%3Fstatus%3DPAID");
  });
});

describe("categories page", () => {
  it("creates a category, refuses a duplicate slug with 409 and a malformed one with 400", async () => {
    const { user, cookie } = await admin();
    const tag = suffix();
    const created = await run(() => categoriesAction(routeArgs(formRequest("/admin/merch/categories", { intent: "create", name: `Mugs ${tag}`, slug: `mugs-${tag}`, active: "on" }, { cookie }))));
    expect(created.status).toBe(200);
    expect(created.message).toBe(`Category Mugs ${tag} created.`);
    const savedId = (await prisma.merchCategory.findUniqueOrThrow({ where: { slug: `mugs-${tag}` } })).id;
    const duplicate = await run(() => categoriesAction(routeArgs(formRequest("/admin/merch/categories", { intent: "create", name: `Cups ${tag}`, slug: `mugs-${tag}` }, { cookie }))));
    expect(duplicate.status).toBe(409);
    expect(duplicate.fieldErrors.slug).toEqual([`The slug “mugs-${tag}” is already used by Mugs ${tag}.`]);
    const malformed = await run(() => categoriesAction(routeArgs(formRequest("/admin/merch/categories", { intent: "create", name: "", slug: "Mugs Cups" }, { cookie }))));
    expect(malformed.status).toBe(400);
    expect(malformed.fieldErrors).toMatchObject({ name: ["Enter the category name."], slug: ["Use lower-case letters, digits and single dashes in the slug, like wall-art."] });
    expect(malformed.body.result.initialValue).toMatchObject({ slug: "Mugs Cups" });

    const page = await run(() => categoriesLoader(routeArgs(getRequest(`/admin/merch/categories?edit=${savedId}`, { cookie }))));
    expect(page.status).toBe(200);
    expect(page.body.editing).toMatchObject({ name: `Mugs ${tag}`, slug: `mugs-${tag}`, isActive: true });
    const hidden = await run(() => categoriesAction(routeArgs(formRequest("/admin/merch/categories", { intent: "deactivate", id: savedId }, { cookie }))));
    expect(hidden.status).toBe(200);
    expect(hidden.message).toBe(`Mugs ${tag} is now hidden from the shop.`);
    expect((await prisma.merchCategory.findUniqueOrThrow({ where: { id: savedId } })).isActive).toBe(false);
    expect(await prisma.auditLog.count({ where: { userId: user.id } })).toBe(2);
    expect((await run(() => categoriesLoader(routeArgs(getRequest("/admin/merch/categories?edit=missing", { cookie }))))).status).toBe(404);
  });
});

describe("products page", () => {
  it("explains bad prices, refuses a retail price under the base price, and saves a good product", async () => {
    const { cookie } = await admin();
    const cat = await category();
    const post = (fields: Record<string, string>) => run(() => productsAction(routeArgs(formRequest("/admin/merch/products", fields, { cookie }))));

    const badFormat = await post(productFields(cat.id, { basePrice: "21,00", retailPrice: "59.999" }));
    expect(badFormat.status).toBe(400);
    expect(badFormat.fieldErrors).toMatchObject({
      basePrice: ["Enter the base price as an amount like 12.50 (digits, at most two decimals)."],
      retailPrice: ["Enter the retail price as an amount like 12.50 (digits, at most two decimals)."],
    });
    const under = await post(productFields(cat.id, { basePrice: "21.00", retailPrice: "19.99" }));
    expect(under.status).toBe(400);
    expect(under.fieldErrors.retailPrice).toEqual(["The retail price must be at least the base price (£21.00), or every sale loses money."]);
    expect(await prisma.merchProduct.count({ where: { categoryId: cat.id } })).toBe(0);

    const saved = await post(productFields(cat.id));
    expect(saved.status).toBe(200);
    expect(saved.message).toBe("Product Gallery canvas created.");
    const row = await prisma.merchProduct.findFirstOrThrow({ where: { categoryId: cat.id } });
    expect(row).toMatchObject({ categoryId: cat.id, provider: "PRODIGI", minWidth: 2400, isActive: true });
    expect(row.basePrice.toFixed(2)).toBe("21.00");

    const page = await run(() => productsLoader(routeArgs(getRequest(`/admin/merch/products?edit=${row.id}`, { cookie }))));
    expect(page.body.editing).toMatchObject({ id: row.id, basePrice: "21.00", retailPrice: "59.99", variants: [] });
  });

  it("adds, edits and deactivates variants inline", async () => {
    const { cookie } = await admin();
    const item = await product();
    const post = (fields: Record<string, string>) => run(() => productsAction(routeArgs(formRequest("/admin/merch/products", fields, { cookie }))));

    const invalid = await post({ intent: "create-variant", id: item.id, name: "", providerSku: "X", priceDelta: "abc" });
    expect(invalid.status).toBe(400);
    expect(invalid.fieldErrors).toMatchObject({ name: ["Enter the variant name."], priceDelta: ["Enter the price difference as an amount like 12.50 (digits, at most two decimals)."] });

    const added = await post({ intent: "create-variant", id: item.id, name: "40×60 cm", providerSku: "GLOBAL-CAN-16x24", priceDelta: "20", size: "40x60", colour: "" });
    expect(added.status).toBe(200);
    expect(added.message).toBe(`Variant 40×60 cm added to ${item.name}.`);
    const variantId = (await prisma.merchVariant.findFirstOrThrow({ where: { productId: item.id } })).id;
    const edited = await post({ intent: "update-variant", id: variantId, name: "40×60 cm", providerSku: "GLOBAL-CAN-16x24", priceDelta: "22.5", size: "40x60", colour: "natural" });
    expect(edited.status).toBe(200);
    expect(edited.message).toBe("Variant 40×60 cm saved.");
    const variant = await prisma.merchVariant.findUniqueOrThrow({ where: { id: variantId } });
    expect(variant.priceDelta.toFixed(2)).toBe("22.50");
    expect(variant.attributes).toEqual({ size: "40x60", color: "natural" });

    const off = await post({ intent: "deactivate-variant", id: variantId });
    expect(off.status).toBe(200);
    expect(off.message).toBe("Variant 40×60 cm is no longer offered.");
    expect((await prisma.merchVariant.findUniqueOrThrow({ where: { id: variantId } })).isActive).toBe(false);
    const missing = await post({ intent: "update-variant", id: "missing", name: "X", providerSku: "X", priceDelta: "0" });
    expect(missing.status).toBe(404);
    expect(missing.message).toBe("That variant no longer exists.");
    const unknown = await post({ intent: "delete-everything" });
    expect(unknown.status).toBe(400);
    expect(unknown.message).toBe("Choose what to change.");
  });
});

describe("orders", () => {
  it("lists orders filtered by status, provider and order number", async () => {
    const { cookie } = await admin();
    const owner = await makeUser();
    const paid = await order(owner.id, "PAID", "PRODIGI");
    const shipped = await order(owner.id, "SHIPPED", "PRINTFUL");
    const list = (query: string) => run(() => ordersLoader(routeArgs(getRequest(`/admin/merch${query}`, { cookie }))));

    const byStatus = await list("?status=SHIPPED");
    expect(byStatus.status).toBe(200);
    const statusIds = byStatus.body.orders.map((row: { id: string }) => row.id);
    expect(statusIds).toContain(shipped.id);
    expect(statusIds).not.toContain(paid.id);
    const byProvider = await list("?provider=PRODIGI");
    const providerIds = byProvider.body.orders.map((row: { id: string }) => row.id);
    expect(providerIds).toContain(paid.id);
    expect(providerIds).not.toContain(shipped.id);
    const byNumber = await list(`?q=${paid.orderNumber}`);
    expect(byNumber.body.orders).toEqual([expect.objectContaining({ id: paid.id, orderNumber: paid.orderNumber, total: "£49.99", status: "PAID" })]);
    expect(byNumber.body.total).toBe(1);
    expect(byNumber.body.pages).toBe(1);
  });

  it("shows an order, resubmits it (event + queued job) and refuses to cancel a shipped one", async () => {
    const { user, cookie } = await admin();
    const owner = await makeUser();
    const paid = await order(owner.id, "PAID");
    const detail = await run(() => orderLoader(routeArgs(getRequest(`/admin/merch/orders/${paid.id}`, { cookie }), { id: paid.id })));
    expect(detail.status).toBe(200);
    expect(detail.body.order).toMatchObject({ orderNumber: paid.orderNumber, canResubmit: true, canCancel: true, total: "£49.99" });
    expect((await run(() => orderLoader(routeArgs(getRequest("/admin/merch/orders/missing", { cookie }), { id: "missing" })))).status).toBe(404);

    const resubmitted = await run(() => orderAction(routeArgs(formRequest(`/admin/merch/orders/${paid.id}`, { intent: "resubmit" }, { cookie }), { id: paid.id })));
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.message).toBe(`${paid.orderNumber} was queued for the print provider again.`);
    expect(await prisma.merchOrderEvent.count({ where: { orderId: paid.id, type: "RESUBMITTED" } })).toBe(1);
    const jobs = await prisma.$queryRaw<Array<{ state: string }>>`
      SELECT state::text AS state FROM pgboss.job WHERE name = ${MERCH_SUBMIT_QUEUE} AND data->>'orderId' = ${paid.id}`;
    expect(jobs).toEqual([{ state: "created" }]);

    const unconfirmed = await run(() => orderAction(routeArgs(formRequest(`/admin/merch/orders/${paid.id}`, { intent: "cancel" }, { cookie }), { id: paid.id })));
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.message).toBe("Confirm the cancellation first: the payment is released or refunded and this cannot be undone.");
    expect((await prisma.merchOrder.findUniqueOrThrow({ where: { id: paid.id } })).status).toBe("PAID");

    const shipped = await order(owner.id, "SHIPPED");
    const refused = await run(() => orderAction(routeArgs(formRequest(`/admin/merch/orders/${shipped.id}`, { intent: "cancel", confirm: "yes" }, { cookie }), { id: shipped.id })));
    expect(refused.status).toBe(409);
    expect(refused.message).toBe("This order has already shipped, so it can no longer be cancelled or refunded here.");
    expect((await prisma.merchOrder.findUniqueOrThrow({ where: { id: shipped.id } })).status).toBe("SHIPPED");

    const pending = await order(owner.id, "PENDING");
    const cancelled = await run(() => orderAction(routeArgs(formRequest(`/admin/merch/orders/${pending.id}`, { intent: "cancel", confirm: "yes" }, { cookie, ip: "192.0.2.44" }), { id: pending.id })));
    expect(cancelled.status).toBe(200);
    expect(cancelled.message).toBe(`${pending.orderNumber} was cancelled.`);
    expect((await prisma.merchOrder.findUniqueOrThrow({ where: { id: pending.id } })).status).toBe("CANCELLED");
    expect(await prisma.merchOrderEvent.count({ where: { orderId: pending.id, type: "CANCELLED" } })).toBe(1);
    const audits = await prisma.auditLog.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } });
    expect(audits.map((row) => (row.metadata as { event: string }).event)).toEqual(["merch.order_resubmit", "merch.order_cancel"]);
    expect(audits[1]).toMatchObject({ targetId: pending.id, ipAddress: "192.0.2.44" });
  });
});
