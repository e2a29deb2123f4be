/** The checkout page: signed-in only, the server's totals for either region, the address checks, and "Pay" → the card page. */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../.server/platform/db.server.ts";
import { cartSummary } from "../.server/merch/cart.server.ts";
import { seed } from "../../../prisma/seed.ts";
import { makeUser, signIn } from "../../test/fixtures.ts";
import { formRequest, getRequest, routeArgs, run } from "../../test/request.ts";
import { action, loader } from "./shop.checkout.tsx";

beforeAll(async () => {
  await seed();
});

const FORM = { name: "Ada Lovelace", line1: "1 Test Street", line2: "", city: "London", postalCode: "SW1A 1AA", country: "GB", email: "ada@example.com", phone: "" };

async function shopper(quantity = 1) {
  const user = await makeUser({ name: "Ada Lovelace" });
  const cart = await prisma.merchCart.create({ data: { userId: user.id } });
  await prisma.merchCartItem.create({ data: { cartId: cart.id, productId: "prod_lustre_print", variantId: "var_print_20x30", uploadedImageR2Key: `merch/${user.id}/a.jpg`, quantity } });
  const { cookie } = await signIn(user.id);
  return { user, cookie };
}

const submit = (cookie: string | undefined, fields: Record<string, string>) => run(() => action(routeArgs(formRequest("/shop/checkout", fields, cookie ? { cookie } : {}))));

describe("GET /shop/checkout", () => {
  it("sends signed-out visitors to the login page", async () => {
    expect((await run(() => loader(routeArgs(getRequest("/shop/checkout"))))).location).toBe("/login?redirectTo=%2Fshop%2Fcheckout");
  });

  it("shows the cart with the server's totals for UK and EU shipping, and prefills the email", async () => {
    const { user, cookie } = await shopper(2);
    const page = await run(() => loader(routeArgs(getRequest("/shop/checkout", { cookie }))));
    expect(page.status).toBe(200);
    const [uk, eu] = await Promise.all([cartSummary(user.id, "UK"), cartSummary(user.id, "EU")]);
    expect(page.body.totals.UK).toEqual({ subtotal: uk.subtotal, shipping: uk.shipping, total: uk.total, currency: uk.currency });
    expect(page.body.totals.EU).toEqual({ subtotal: eu.subtotal, shipping: eu.shipping, total: eu.total, currency: eu.currency });
    expect(page.body.totals).toEqual({
      UK: { subtotal: "49.98", shipping: "4.99", total: "54.97", currency: "GBP" },
      EU: { subtotal: "49.98", shipping: "9.99", total: "59.97", currency: "GBP" },
    });
    expect(page.body.items).toEqual([expect.objectContaining({ productName: "Lustre photo print", variantName: "20×30 cm", quantity: 2, lineTotal: "49.98" })]);
    expect(page.body.defaults).toMatchObject({ name: "Ada Lovelace", email: user.email, country: "GB" });
    expect(page.body.countries[0]).toEqual({ code: "GB", name: "United Kingdom" });
    expect(page.body.countries.map((c: { code: string }) => c.code)).toContain("DE");
  });
});

describe("POST /shop/checkout", () => {
  it("needs a signed-in user", async () => {
    expect((await submit(undefined, FORM)).location).toMatch(/^\/login/);
  });

  it("answers 400 with a message per field and places no order", async () => {
    const { user, cookie } = await shopper();
    const answer = await submit(cookie, { ...FORM, name: "", postalCode: "ABC", email: "nope" });
    expect(answer.status).toBe(400);
    expect(answer.fieldErrors).toEqual({
      name: ["Enter the name of the person receiving the order."],
      email: ["Enter an email address like name@example.com, for the order updates."],
    });
    const postcode = await submit(cookie, { ...FORM, postalCode: "ABC" });
    expect(postcode.status).toBe(400);
    expect(postcode.fieldErrors).toEqual({ postalCode: ["Enter a UK postcode like SW1A 1AA."] });
    const country = await submit(cookie, { ...FORM, country: "US" });
    expect(country.fieldErrors).toEqual({ country: ["We ship to the UK and the EU only; choose one of those countries."] });
    expect(await prisma.merchOrder.count({ where: { userId: user.id } })).toBe(0);
  });

  it("says so when the cart is empty", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    const answer = await submit(cookie, FORM);
    expect(answer.status).toBe(400);
    expect(answer.fieldErrors).toEqual({ "": ["Your cart is empty. Add a print, canvas or t-shirt first."] });
  });

  it("places the order for the cart's total and sends the customer to the card page", async () => {
    const { user, cookie } = await shopper(2);
    const answer = await submit(cookie, { ...FORM, country: "DE", postalCode: "10115", phone: "+49 30 123456" });
    expect(answer.status).toBe(302);
    expect(answer.location).toMatch(/\/pay\/checkout\/cs_local_/);
    const order = await prisma.merchOrder.findFirstOrThrow({ where: { userId: user.id }, include: { events: { orderBy: { createdAt: "asc" } } } });
    expect(order).toMatchObject({ status: "PAYMENT_PENDING", customerPhone: "+49 30 123456", shippingAddress: expect.objectContaining({ country: "DE", postalCode: "10115" }) });
    expect(order.totalAmount.toFixed(2)).toBe("59.97");
    expect(order.events.map((e) => e.type)).toEqual(["ORDER_CREATED", "CHECKOUT_STARTED"]);
    expect(await prisma.merchCartItem.count({ where: { cart: { userId: user.id } } })).toBe(0);
  });
});
