/** The cart: lines, merging, bounds, ownership, print sizes, direct uploads and exact totals. */
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { seed } from "../../../../prisma/seed.ts";
import { prisma } from "../platform/db.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { storeUpload } from "../images/upload.server.ts";
import { addToCart, cartItemCount, CartError, cartSummary, printSource, removeItem, setCustomText, setQuantity } from "./cart.server.ts";
import { makeUser } from "../../../test/fixtures.ts";

const jpeg = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: { r: 30, g: 140, b: 90 } } }).jpeg().toBuffer();

async function photo(userId: string, width = 2000, height = 2600) {
  return storeUpload(userId, await jpeg(width, height), "photo.jpg");
}

/** A completed enhancement of the image with a stored result. */
async function enhanced(userId: string, imageId: string, width: number, height: number) {
  const key = `images/${userId}/${imageId}/enhanced-${width}.jpg`;
  await objectStorage().put(key, await jpeg(width, height), { contentType: "image/jpeg" });
  return prisma.imageEnhancementJob.create({
    data: { userId, imageId, tier: "TIER_4K", tokensCost: 10, status: "COMPLETED", enhancedR2Key: key, enhancedWidth: width, enhancedHeight: height },
  });
}

async function refusal(promise: Promise<unknown>): Promise<CartError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(CartError);
  return error as CartError;
}

/** A plain product at a given price, with no variants and a small minimum size. */
async function pricedProduct(price: string) {
  const category = await prisma.merchCategory.upsert({ where: { slug: "test-stickers" }, update: {}, create: { name: "Test stickers", slug: "test-stickers" } });
  return prisma.merchProduct.create({
    data: { name: `Sticker ${price}`, categoryId: category.id, provider: "PRODIGI", providerSku: "TEST", basePrice: "1.00", retailPrice: price, minWidth: 10, minHeight: 10 },
  });
}

beforeAll(async () => {
  await seed();
});

describe("adding to the cart", () => {
  it("prices (retail + variant delta) × quantity exactly and merges the same line", async () => {
    const user = await makeUser();
    const image = await photo(user.id);
    await addToCart(user.id, { productId: "prod_lustre_print", variant: { variantId: "var_print_30x40" }, quantity: 2, source: { imageId: image.id } });
    const again = await addToCart(user.id, { productId: "prod_lustre_print", variant: { attributes: { size: "30x40" } }, quantity: 1, source: { imageId: image.id } });
    expect(again.quantity).toBe(3);
    expect(await prisma.merchCart.count({ where: { userId: user.id } })).toBe(1);
    expect(await prisma.merchCartItem.count({ where: { cart: { userId: user.id } } })).toBe(1);

    const summary = await cartSummary(user.id, "UK");
    // 3 × (24.99 + 6.00) = 92.97, not 92.96999999999998.
    expect(summary.items).toEqual([
      expect.objectContaining({ productName: "Lustre photo print", variantName: "30×40 cm", quantity: 3, unitPrice: "30.99", lineTotal: "92.97", customText: null, imageR2Key: image.originalR2Key }),
    ]);
    expect(summary).toMatchObject({ subtotal: "92.97", shipping: "0.00", total: "92.97", currency: "GBP", region: "UK" });
    expect(await cartItemCount(user.id)).toBe(3);
  });

  it("sums several lines exactly and adds UK shipping below £55", async () => {
    const user = await makeUser();
    const image = await photo(user.id);
    await addToCart(user.id, { productId: "prod_lustre_print", variant: { variantId: "var_print_20x30" }, quantity: 1, source: { imageId: image.id } });
    await addToCart(user.id, { productId: "prod_tshirt", variant: { attributes: { size: "XL", color: "white" } }, quantity: 1, customText: "Summer 2026", source: { imageId: image.id } });
    const summary = await cartSummary(user.id, "UK");
    expect(summary.items.map((item) => item.lineTotal)).toEqual(["24.99", "31.99"]);
    expect(summary).toMatchObject({ subtotal: "56.98", shipping: "0.00", total: "56.98" });
    await setQuantity(user.id, summary.items[1]!.id, 1);
    await removeItem(user.id, summary.items[1]!.id);
    expect(await cartSummary(user.id, "UK")).toMatchObject({ subtotal: "24.99", shipping: "4.99", total: "29.98" });
  });

  it("applies the shipping thresholds at the penny: UK 54.99 pays, 55.00 is free; EU 64.99 pays, 65.00 is free", async () => {
    const cases: Array<[string, "UK" | "EU", string, string]> = [
      ["54.99", "UK", "4.99", "59.98"],
      ["55.00", "UK", "0.00", "55.00"],
      ["64.99", "EU", "9.99", "74.98"],
      ["65.00", "EU", "0.00", "65.00"],
    ];
    for (const [price, region, shipping, total] of cases) {
      const user = await makeUser();
      const image = await photo(user.id, 100, 100);
      const product = await pricedProduct(price);
      await addToCart(user.id, { productId: product.id, variant: {}, quantity: 1, source: { imageId: image.id } });
      expect(await cartSummary(user.id, region)).toMatchObject({ subtotal: price, shipping, total, currency: "GBP", region });
    }
  });

  it("charges nothing for shipping on an empty cart", async () => {
    const user = await makeUser();
    expect(await cartSummary(user.id, "UK")).toEqual({ items: [], subtotal: "0.00", shipping: "0.00", total: "0.00", currency: "GBP", region: "UK" });
  });

  it("refuses a photo too small for the product, saying both sizes", async () => {
    const user = await makeUser();
    const image = await photo(user.id, 1200, 900);
    const error = await refusal(addToCart(user.id, { productId: "prod_canvas", variant: { variantId: "var_canvas_30x40" }, quantity: 1, source: { imageId: image.id } }));
    expect(error.status).toBe(400);
    expect(error.message).toContain("1200 × 900 px");
    expect(error.message).toContain("2400 × 2400 px");
    expect(await prisma.merchCartItem.count({ where: { cart: { userId: user.id } } })).toBe(0);
  });

  it("prints the largest completed enhancement, which can make a small original big enough", async () => {
    const user = await makeUser();
    const image = await photo(user.id, 1200, 900);
    await enhanced(user.id, image.id, 2048, 1536);
    const largest = await enhanced(user.id, image.id, 4096, 3072);
    await prisma.imageEnhancementJob.create({ data: { userId: user.id, imageId: image.id, tier: "TIER_4K", tokensCost: 10, status: "FAILED", enhancedWidth: 8000, enhancedHeight: 6000 } });
    expect(await printSource(user.id, image.id)).toMatchObject({ enhanced: true, width: 4096, height: 3072, r2Key: largest.enhancedR2Key });
    await addToCart(user.id, { productId: "prod_canvas", variant: { variantId: "var_canvas_40x60" }, quantity: 1, source: { imageId: image.id } });
    const summary = await cartSummary(user.id, "EU");
    expect(summary.items[0]).toMatchObject({ imageR2Key: largest.enhancedR2Key, unitPrice: "69.99" });
    expect(summary).toMatchObject({ subtotal: "69.99", shipping: "0.00", total: "69.99" });
  });

  it("answers 404 for someone else's photo or cart item", async () => {
    const [owner, other] = await Promise.all([makeUser(), makeUser()]);
    const image = await photo(owner.id);
    const error = await refusal(addToCart(other.id, { productId: "prod_lustre_print", variant: { variantId: "var_print_20x30" }, quantity: 1, source: { imageId: image.id } }));
    expect(error).toMatchObject({ status: 404, message: "We could not find that photo." });
    const { itemId } = await addToCart(owner.id, { productId: "prod_lustre_print", variant: { variantId: "var_print_20x30" }, quantity: 1, source: { imageId: image.id } });
    expect(await refusal(setQuantity(other.id, itemId, 2))).toMatchObject({ status: 404 });
    expect(await refusal(removeItem(other.id, itemId))).toMatchObject({ status: 404 });
    expect(await prisma.merchCartItem.findUniqueOrThrow({ where: { id: itemId } })).toMatchObject({ quantity: 1 });
  });

  it("keeps quantities between 1 and 20, also when merging", async () => {
    const user = await makeUser();
    const image = await photo(user.id);
    const line = { productId: "prod_lustre_print", variant: { variantId: "var_print_20x30" }, source: { imageId: image.id } };
    expect(await refusal(addToCart(user.id, { ...line, quantity: 0 }))).toMatchObject({ status: 400, message: "The quantity must be at least 1. To take the item out, press Remove." });
    expect(await refusal(addToCart(user.id, { ...line, quantity: 21 }))).toMatchObject({ status: 400, message: "You can order at most 20 of one item." });
    const { itemId } = await addToCart(user.id, { ...line, quantity: 18 });
    expect(await refusal(addToCart(user.id, { ...line, quantity: 3 }))).toMatchObject({
      status: 400,
      message: "Your cart already has 18 of this item; you can order at most 20 of one item.",
    });
    await addToCart(user.id, { ...line, quantity: 2 });
    expect(await refusal(setQuantity(user.id, itemId, 21))).toMatchObject({ status: 400 });
    expect(await prisma.merchCartItem.findUniqueOrThrow({ where: { id: itemId } })).toMatchObject({ quantity: 20 });
  });

  it("counts all of ten adds of the same line arriving at once, in one line", async () => {
    const user = await makeUser();
    const image = await photo(user.id);
    const line = { productId: "prod_lustre_print", variant: { variantId: "var_print_20x30" }, quantity: 1, source: { imageId: image.id } };
    await Promise.all(Array.from({ length: 10 }, () => addToCart(user.id, line)));
    const items = await prisma.merchCartItem.findMany({ where: { cart: { userId: user.id } }, select: { quantity: true } });
    expect(items).toEqual([{ quantity: 10 }]);
  });

  it("takes custom text only where the product allows it, up to 40 characters", async () => {
    const user = await makeUser();
    const image = await photo(user.id);
    const print = await refusal(addToCart(user.id, { productId: "prod_lustre_print", variant: { variantId: "var_print_20x30" }, quantity: 1, customText: "Hello", source: { imageId: image.id } }));
    expect(print).toMatchObject({ status: 400, message: "The Lustre photo print does not take custom text." });
    const tee = { productId: "prod_tshirt", variant: { variantId: "var_tee_m_black" }, quantity: 1, source: { imageId: image.id } };
    expect(await refusal(addToCart(user.id, { ...tee, customText: "x".repeat(41) }))).toMatchObject({ status: 400, message: "Keep the custom text to 40 characters; this has 41." });
    const { itemId } = await addToCart(user.id, { ...tee, customText: "x".repeat(40) });
    await setCustomText(user.id, itemId, "  Family trip  ");
    expect((await cartSummary(user.id, "UK")).items[0]).toMatchObject({ customText: "Family trip", customTextMax: 40 });
  });

  it("refuses a size or colour the product does not make", async () => {
    const user = await makeUser();
    const image = await photo(user.id);
    const error = await refusal(addToCart(user.id, { productId: "prod_tshirt", variant: { attributes: { size: "S", color: "white" } }, quantity: 1, source: { imageId: image.id } }));
    expect(error.status).toBe(400);
    expect(error.message).toBe("The Photo t-shirt does not come in S / White. Available: S / Black, M / Black, L / White, XL / White.");
  });
});

describe("direct uploads", () => {
  it("stores a checked, metadata-free JPEG under merch/<userId>/ and prints it; removing the line deletes it", async () => {
    const user = await makeUser();
    const png = await sharp({ create: { width: 1900, height: 2500, channels: 3, background: { r: 200, g: 20, b: 20 } } })
      .png()
      .withMetadata({ exif: { IFD0: { Copyright: "secret" } } })
      .toBuffer();
    const { itemId } = await addToCart(user.id, { productId: "prod_tshirt", variant: { variantId: "var_tee_s_black" }, quantity: 1, source: { upload: { bytes: png, filename: "me.png" } } });
    const summary = await cartSummary(user.id, "UK");
    const key = summary.items[0]!.imageR2Key!;
    expect(key).toMatch(new RegExp(`^merch/${user.id}/[0-9a-f]{32}\\.jpg$`));
    const stored = await objectStorage().get(key);
    const metadata = await sharp(stored!.body).metadata();
    expect(metadata).toMatchObject({ format: "jpeg", width: 1900, height: 2500 });
    expect(metadata.exif).toBeUndefined();
    await removeItem(user.id, itemId);
    expect(await objectStorage().get(key)).toBeNull();
  });

  it("refuses a file that is not an image, and one too small, storing nothing", async () => {
    const user = await makeUser();
    const line = { productId: "prod_tshirt", variant: { variantId: "var_tee_s_black" }, quantity: 1 };
    const fake = await refusal(addToCart(user.id, { ...line, source: { upload: { bytes: Buffer.from("not a photo"), filename: "fake.jpg" } } }));
    expect(fake).toMatchObject({ status: 400, message: "fake.jpg is not an image we can read; upload JPEG, PNG, WebP, AVIF or HEIC." });
    const small = await refusal(addToCart(user.id, { ...line, source: { upload: { bytes: await jpeg(800, 600), filename: "small.jpg" } } }));
    expect(small.message).toContain("800 × 600 px");
    expect(small.message).toContain("1800 × 2400 px");
    expect(await objectStorage().list(`merch/${user.id}/`)).toEqual([]);
  });
});
