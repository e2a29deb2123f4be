/** The order history, the order page (owner only, timeline, tracking, "pay again") and the print file route. */
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { objectStorage } from "../.server/providers/storage/index.server.ts";
import { prisma } from "../.server/platform/db.server.ts";
import { checkoutFormSchema, createOrderFromCart } from "../.server/merch/orders.server.ts";
import { seed } from "../../../prisma/seed.ts";
import { makeUser, signIn } from "../../test/fixtures.ts";
import { formRequest, getRequest, routeArgs, run } from "../../test/request.ts";
import { loader as listLoader } from "./orders._index.tsx";
import { action as orderAction, loader as orderLoader } from "./orders.$id.tsx";
import { loader as printLoader } from "./orders_.$id.print.$itemId.tsx";

beforeAll(async () => {
  await seed();
});

const DETAILS = checkoutFormSchema.parse({ name: "Ada Lovelace", line1: "1 Test Street", city: "London", postalCode: "SW1A 1AA", country: "GB", email: "ada@example.com" });

async function customerWithOrder() {
  const user = await makeUser();
  const cart = await prisma.merchCart.create({ data: { userId: user.id } });
  await prisma.merchCartItem.create({ data: { cartId: cart.id, productId: "prod_canvas", variantId: "var_canvas_30x40", uploadedImageR2Key: `merch/${user.id}/a.jpg`, quantity: 1 } });
  const order = await createOrderFromCart(user.id, DETAILS, "UK");
  const { cookie } = await signIn(user.id);
  return { user, cookie, order };
}

describe("GET /orders", () => {
  it("needs a signed-in user and lists only theirs", async () => {
    expect((await run(() => listLoader(routeArgs(getRequest("/orders"))))).location).toBe("/login?redirectTo=%2Forders");
    const { cookie, order } = await customerWithOrder();
    await customerWithOrder();
    const page = await run(() => listLoader(routeArgs(getRequest("/orders", { cookie }))));
    expect(page.body).toMatchObject({ total: 1, page: 1, pages: 1 });
    expect(page.body.orders).toEqual([expect.objectContaining({ id: order.id, orderNumber: order.orderNumber, status: "PENDING", total: "54.98" })]);
  });
});

describe("GET /orders/:id", () => {
  it("shows the owner the order with its timeline and tracking; anyone else gets a 404", async () => {
    const { cookie, order } = await customerWithOrder();
    await prisma.merchShipment.create({ data: { orderId: order.id, provider: "PRODIGI", carrier: "Royal Mail", trackingNumber: "RM123456789GB", trackingUrl: "https://track.example/RM123456789GB", status: "SHIPPED", shippedAt: new Date() } });
    const page = await run(() => orderLoader(routeArgs(getRequest(`/orders/${order.id}`, { cookie }), { id: order.id })));
    expect(page.status).toBe(200);
    expect(page.body.order).toMatchObject({ orderNumber: order.orderNumber, status: "PENDING", payable: true, final: false, total: "54.98", shipping: "4.99" });
    expect(page.body.order.events).toEqual([expect.objectContaining({ type: "ORDER_CREATED", label: "Order placed" })]);
    expect(page.body.order.shipments).toEqual([expect.objectContaining({ carrier: "Royal Mail", trackingNumber: "RM123456789GB", status: "SHIPPED" })]);

    const stranger = await signIn((await makeUser()).id);
    expect((await run(() => orderLoader(routeArgs(getRequest(`/orders/${order.id}`, { cookie: stranger.cookie }), { id: order.id })))).status).toBe(404);
    expect((await run(() => orderAction(routeArgs(formRequest(`/orders/${order.id}`, { intent: "pay" }, { cookie: stranger.cookie }), { id: order.id })))).status).toBe(404);
  });

  it("shows the return-from-payment banner only while it is still true, so a reload later does not repeat it", async () => {
    const { cookie, order } = await customerWithOrder();
    const notice = async (query: string) => (await run(() => orderLoader(routeArgs(getRequest(`/orders/${order.id}?${query}`, { cookie }), { id: order.id })))).body.notice;
    const setStatus = (status: "PAID" | "SUBMITTED" | "DELIVERED") => prisma.merchOrder.update({ where: { id: order.id }, data: { status } });

    // Back from the card page before the authorisation has arrived: not yet "authorised".
    expect(await notice("paid=1")).toEqual({ tone: "info", message: "We are confirming your payment with the card provider; this page updates by itself." });
    expect(await notice("cancelled=1")).toMatchObject({ tone: "info", message: expect.stringContaining("You left the payment page") });
    await setStatus("PAID");
    expect(await notice("paid=1")).toEqual({ tone: "success", message: "Payment authorised — we'll take payment when the print studio accepts your order." });
    expect(await notice("cancelled=1")).toBeNull();
    expect(await notice("payment=unavailable")).toBeNull();
    await setStatus("SUBMITTED");
    expect(await notice("paid=1")).toBeNull();
    await setStatus("DELIVERED");
    expect(await notice("paid=1")).toBeNull();
    expect(await notice("")).toBeNull();
  });

  it("opens the payment again for an unpaid order, and refuses once it is paid", async () => {
    const { cookie, order } = await customerWithOrder();
    const pay = () => run(() => orderAction(routeArgs(formRequest(`/orders/${order.id}`, { intent: "pay" }, { cookie }), { id: order.id })));
    const first = await pay();
    expect(first.status).toBe(302);
    expect(first.location).toMatch(/\/pay\/checkout\/cs_local_/);
    await prisma.merchOrder.update({ where: { id: order.id }, data: { status: "PAID" } });
    const refused = await pay();
    expect(refused.status).toBe(409);
    expect(refused.message).toBe("This order does not need paying: it has already been paid or was cancelled.");
    const bad = await run(() => orderAction(routeArgs(formRequest(`/orders/${order.id}`, { intent: "delete" }, { cookie }), { id: order.id })));
    expect(bad.status).toBe(400);
  });
});

describe("GET /orders/:id/print/:itemId", () => {
  it("redirects the owner and admins to a signed link for the print file, and is a 404 for anyone else", async () => {
    const { cookie, order, user } = await customerWithOrder();
    const item = await prisma.merchOrderItem.findFirstOrThrow({ where: { orderId: order.id } });
    const open = (c: string) => run(() => printLoader(routeArgs(getRequest(item.imageUrl, { cookie: c }), { id: order.id, itemId: item.id })));
    const own = await open(cookie);
    expect(own.status).toBe(302);
    expect(own.location).toContain(encodeURIComponent(`merch/${user.id}/a.jpg`).replaceAll("%2F", "/"));
    const admin = await signIn((await makeUser({ role: "ADMIN" })).id);
    expect((await open(admin.cookie)).status).toBe(302);
    const stranger = await signIn((await makeUser()).id);
    expect((await open(stranger.cookie)).status).toBe(404);
  });

  it("draws a small WebP preview of the print file for the order page", async () => {
    const { cookie, order, user } = await customerWithOrder();
    const item = await prisma.merchOrderItem.findFirstOrThrow({ where: { orderId: order.id } });
    const photo = await sharp({ create: { width: 900, height: 600, channels: 3, background: { r: 200, g: 80, b: 30 } } }).jpeg().toBuffer();
    await objectStorage().put(`merch/${user.id}/a.jpg`, photo, { contentType: "image/jpeg", cacheControl: "private" });
    const request = getRequest(`${item.imageUrl}?thumb=1`, { cookie });
    const response = (await printLoader(routeArgs(request, { id: order.id, itemId: item.id }))) as Response;
    expect(response.headers.get("Content-Type")).toBe("image/webp");
    const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["webp", 240, 240]);
  });
});
