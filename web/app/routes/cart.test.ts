/** The cart page: sign-in, totals by region, the quantity stepper and its bounds, custom text and remove. */
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { seed } from "../../../prisma/seed.ts";
import { prisma } from "../.server/platform/db.server.ts";
import { storeUpload } from "../.server/images/upload.server.ts";
import { addToCart } from "../.server/merch/cart.server.ts";
import { action, loader } from "./cart.tsx";
import { formRequest, getRequest, routeArgs, run } from "../../test/request.ts";
import { makeUser, signIn } from "../../test/fixtures.ts";

const jpeg = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: { r: 90, g: 90, b: 200 } } }).jpeg().toBuffer();

const page = (cookie: string | null, query = "") => run(() => loader(routeArgs(getRequest(`/cart${query}`, { cookie }))));
const post = (cookie: string | null, fields: Record<string, string>) => run(() => action(routeArgs(formRequest("/cart", fields, { cookie }))));

/** A signed-in user with 3 × 30×40 cm prints (3 × 30.99) and one M t-shirt (29.99) in the cart. */
async function shopper() {
  const user = await makeUser();
  const { cookie } = await signIn(user.id);
  const photo = await storeUpload(user.id, await jpeg(2000, 2600), "photo.jpg");
  const print = await addToCart(user.id, { productId: "prod_lustre_print", variant: { variantId: "var_print_30x40" }, quantity: 3, source: { imageId: photo.id } });
  const tee = await addToCart(user.id, { productId: "prod_tshirt", variant: { variantId: "var_tee_m_black" }, quantity: 1, source: { imageId: photo.id } });
  return { user, cookie, photo, printId: print.itemId, teeId: tee.itemId };
}

beforeAll(async () => {
  await seed();
});

describe("the cart page", () => {
  it("needs a signed-in browser", async () => {
    expect((await page(null)).location).toBe("/login?redirectTo=%2Fcart");
    expect((await post(null, { intent: "remove", itemId: "x" })).location).toMatch(/^\/login\?redirectTo=/);
  });

  it("shows lines, exact totals and UK shipping by default, EU on request", async () => {
    const { cookie, photo, printId } = await shopper();
    const uk = await page(cookie, "?added=1");
    expect(uk.body.added).toBe(true);
    expect(uk.body.summary.items[0]).toMatchObject({
      id: printId,
      productName: "Lustre photo print",
      variantName: "30×40 cm",
      quantity: 3,
      unitPrice: "30.99",
      lineTotal: "92.97",
      imageThumbUrl: `/shop/mockup?item=${printId}`,
      imageName: photo.name,
    });
    expect(uk.body.summary).toMatchObject({ subtotal: "122.96", shipping: "0.00", total: "122.96", currency: "GBP", region: "UK" });
    expect((await page(cookie, "?region=EU")).body.summary.region).toBe("EU");
    expect((await page(cookie, "?region=MARS")).body.summary.region).toBe("UK");
  });

  it("steps the quantity up and down within 1 to 20, with clear messages", async () => {
    const { cookie, printId } = await shopper();
    expect(await post(cookie, { intent: "quantity", itemId: printId, quantity: "3", step: "1" })).toMatchObject({ status: 200, message: "Quantity updated." });
    expect(await prisma.merchCartItem.findUniqueOrThrow({ where: { id: printId } })).toMatchObject({ quantity: 4 });
    await post(cookie, { intent: "quantity", itemId: printId, quantity: "4", step: "-1" });
    expect(await prisma.merchCartItem.findUniqueOrThrow({ where: { id: printId } })).toMatchObject({ quantity: 3 });

    await post(cookie, { intent: "quantity", itemId: printId, quantity: "1" });
    expect(await post(cookie, { intent: "quantity", itemId: printId, quantity: "1", step: "-1" })).toMatchObject({
      status: 400,
      message: "The quantity must be at least 1. To take the item out, press Remove.",
    });
    await post(cookie, { intent: "quantity", itemId: printId, quantity: "3" });
    expect(await post(cookie, { intent: "quantity", itemId: printId, quantity: "21" })).toMatchObject({ status: 400, message: "You can order at most 20 of one item." });
    expect(await post(cookie, { intent: "quantity", itemId: printId, quantity: "two" })).toMatchObject({ status: 400, message: "Enter how many you would like." });
    expect(await prisma.merchCartItem.findUniqueOrThrow({ where: { id: printId } })).toMatchObject({ quantity: 3 });

    // 1 × 30.99 + 29.99 = 60.98: still over the £55 threshold.
    await post(cookie, { intent: "quantity", itemId: printId, quantity: "1" });
    expect((await page(cookie)).body.summary).toMatchObject({ subtotal: "60.98", shipping: "0.00", total: "60.98" });
  });

  it("counts every press of + when ten arrive at once from the same page, and stops at 20", async () => {
    const { cookie, printId } = await shopper();
    // Every request comes from a page that still shows 3.
    const press = () => post(cookie, { intent: "quantity", itemId: printId, quantity: "3", step: "1" });
    const first = await Promise.all(Array.from({ length: 10 }, press));
    expect(first.map((outcome) => outcome.status)).toEqual(Array(10).fill(200));
    expect(await prisma.merchCartItem.findUniqueOrThrow({ where: { id: printId } })).toMatchObject({ quantity: 13 });

    const second = await Promise.all(Array.from({ length: 10 }, press));
    expect(second.filter((outcome) => outcome.status === 200)).toHaveLength(7);
    expect(second.filter((outcome) => outcome.status === 400).map((outcome) => outcome.message)).toEqual(
      Array(3).fill("Your cart already has 20 of this item; you can order at most 20 of one item."),
    );
    expect(await prisma.merchCartItem.findUniqueOrThrow({ where: { id: printId } })).toMatchObject({ quantity: 20 });
  });

  it("saves custom text on apparel only and removes lines", async () => {
    const { cookie, printId, teeId } = await shopper();
    expect(await post(cookie, { intent: "text", itemId: teeId, customText: "Best dad" })).toMatchObject({ status: 200, message: "Custom text saved." });
    expect(await post(cookie, { intent: "text", itemId: printId, customText: "Hello" })).toMatchObject({
      status: 400,
      message: "The Lustre photo print does not take custom text.",
    });
    expect(await post(cookie, { intent: "text", itemId: teeId, customText: "y".repeat(41) })).toMatchObject({ status: 400 });

    expect(await post(cookie, { intent: "remove", itemId: printId })).toMatchObject({ status: 200, message: "Removed from your cart." });
    const after = await page(cookie);
    expect(after.body.summary.items).toEqual([expect.objectContaining({ id: teeId, customText: "Best dad" })]);
    expect(after.body.summary).toMatchObject({ subtotal: "29.99", shipping: "4.99", total: "34.98" });
    expect((await page(cookie, "?region=EU")).body.summary).toMatchObject({ subtotal: "29.99", shipping: "9.99", total: "39.98" });
  });

  it("answers 404 for someone else's line and 400 for an unknown intent", async () => {
    const { printId } = await shopper();
    const stranger = await makeUser();
    const { cookie } = await signIn(stranger.id);
    expect(await post(cookie, { intent: "remove", itemId: printId })).toMatchObject({ status: 404, message: "We could not find that item in your cart." });
    expect(await post(cookie, { intent: "quantity", itemId: printId, quantity: "5" })).toMatchObject({ status: 404 });
    expect(await post(cookie, { intent: "explode", itemId: printId })).toMatchObject({ status: 400, message: "Choose what to change in your cart." });
    expect(await prisma.merchCartItem.findUniqueOrThrow({ where: { id: printId } })).toMatchObject({ quantity: 3 });
  });
});
