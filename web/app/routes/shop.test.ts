/** The shop pages signed out and in, adding to the cart from a photo or an upload, and the mockup route. */
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { seed } from "../../../prisma/seed.ts";
import { prisma } from "../.server/platform/db.server.ts";
import { objectStorage } from "../.server/providers/storage/index.server.ts";
import { storeUpload } from "../.server/images/upload.server.ts";
import { cartSummary, removeItem } from "../.server/merch/cart.server.ts";
import { loader as indexLoader } from "./shop._index.tsx";
import { loader as categoryLoader } from "./shop.$category.tsx";
import { action as productAction, loader as productLoader } from "./shop.$category_.$product.tsx";
import { loader as mockupLoader } from "./shop.mockup.tsx";
import { formRequest, getRequest, routeArgs, run } from "../../test/request.ts";
import { makeUser, signIn } from "../../test/fixtures.ts";

const jpeg = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } } }).jpeg().toBuffer();

const PRINT = { category: "prints", product: "prod_lustre_print" };
const TEE = { category: "apparel", product: "prod_tshirt" };

const productPage = (params: { category: string; product: string }, cookie?: string, query = "") =>
  run(() => productLoader(routeArgs(getRequest(`/shop/${params.category}/${params.product}${query}`, { cookie: cookie ?? null }), params)));

const add = (params: { category: string; product: string }, fields: Record<string, string> | FormData, cookie?: string) =>
  run(() => productAction(routeArgs(formRequest(`/shop/${params.category}/${params.product}`, fields, { cookie: cookie ?? null }), params)));

const mockup = (query: string, cookie?: string) => run(() => mockupLoader(routeArgs(getRequest(`/shop/mockup?${query}`, { cookie: cookie ?? null }))));

beforeAll(async () => {
  await seed();
});

describe("browsing signed out", () => {
  it("lists categories and products with prices", async () => {
    const index = await run(() => indexLoader());
    expect(index.body.categories.map((category: { slug: string; fromPrice: string }) => [category.slug, category.fromPrice])).toEqual([
      ["prints", "24.99"],
      ["canvas", "49.99"],
      ["apparel", "29.99"],
    ]);
    const apparel = await run(() => categoryLoader(routeArgs(getRequest("/shop/apparel"), { category: "apparel" })));
    expect(apparel.body.products).toEqual([expect.objectContaining({ id: "prod_tshirt", name: "Photo t-shirt", fromPrice: "29.99", options: 4 })]);
    expect((await run(() => categoryLoader(routeArgs(getRequest("/shop/nothing"), { category: "nothing" })))).status).toBe(404);
  });

  it("shows a product with its options, prices and a sample mockup, and a sign-in link to buy", async () => {
    const page = await productPage(PRINT);
    expect(page.status).toBe(200);
    expect(page.body.signedIn).toBe(false);
    expect(page.body.photos).toEqual([]);
    expect(page.body.loginUrl).toBe("/login?redirectTo=%2Fshop%2Fprints%2Fprod_lustre_print");
    expect(page.body.product.variants.map((variant: { id: string; unitPrice: string }) => [variant.id, variant.unitPrice])).toEqual([
      ["var_print_20x30", "24.99"],
      ["var_print_30x40", "30.99"],
      ["var_print_50x70", "39.99"],
    ]);
    expect(page.body.selection).toEqual({ variantId: "var_print_20x30", photo: null });
    const chosen = await productPage(PRINT, undefined, "?attr_size=50x70");
    expect(chosen.body.selection.variantId).toBe("var_print_50x70");

    const sample = await mockup("product=prod_lustre_print&variant=var_print_50x70");
    expect(sample.status).toBe(200);
    expect(sample.headers.get("Content-Type")).toBe("image/webp");
    expect(sample.headers.get("Cache-Control")).toBe("public, max-age=3600");
  });

  it("answers 404 for a product under the wrong category or an unknown one", async () => {
    expect((await productPage({ category: "apparel", product: "prod_lustre_print" })).status).toBe(404);
    expect((await productPage({ category: "prints", product: "prod_nothing" })).status).toBe(404);
  });

  it("sends Add to cart to sign-in and back", async () => {
    const result = await add(PRINT, { photo: "img_x", quantity: "1", attr_size: "20x30" });
    expect(result.status).toBe(302);
    expect(result.location).toBe("/login?redirectTo=%2Fshop%2Fprints%2Fprod_lustre_print");
  });
});

describe("buying signed in", () => {
  it("lists the user's photos as they would print, enhanced ones first, marking those too small", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    const small = await storeUpload(user.id, await jpeg(1000, 800), "small.jpg");
    const big = await storeUpload(user.id, await jpeg(1000, 800), "will-be-enhanced.jpg");
    const key = `images/${user.id}/${big.id}/enhanced.jpg`;
    await objectStorage().put(key, await jpeg(4000, 3200), { contentType: "image/jpeg" });
    const job = await prisma.imageEnhancementJob.create({
      data: { userId: user.id, imageId: big.id, tier: "TIER_4K", tokensCost: 10, status: "COMPLETED", enhancedR2Key: key, enhancedWidth: 4000, enhancedHeight: 3200 },
    });
    const page = await productPage(PRINT, cookie);
    expect(page.body.signedIn).toBe(true);
    expect(page.body.photos.map((photo: { id: string; enhanced: boolean; width: number; versionLabel: string }) => [photo.id, photo.enhanced, photo.width, photo.versionLabel])).toEqual([
      [`${big.id}:${job.id}`, true, 4000, "Enhanced 4K"],
      [big.id, false, 1000, "Original"],
      [small.id, false, 1000, "Original"],
    ]);
    expect(page.body.photos[2].tooSmall).toBe(
      "This photo is 1000 × 800 px; a Lustre photo print needs at least 1800 × 1800 px (150 dpi). Enhance it at a larger tier or choose a smaller product.",
    );
    expect(page.body.selection.photo).toBe(`${big.id}:${job.id}`);
  });

  it("offers the original of a photo enhanced at 1K when only the original is large enough, and prints the version chosen", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    const photo = await storeUpload(user.id, await jpeg(3000, 2400), "landscape.jpg");
    const smallKey = `images/${user.id}/${photo.id}/enhanced-1k.jpg`;
    await objectStorage().put(smallKey, await jpeg(1024, 819), { contentType: "image/jpeg" });
    const small = await prisma.imageEnhancementJob.create({
      data: { userId: user.id, imageId: photo.id, tier: "TIER_1K", tokensCost: 2, status: "COMPLETED", enhancedR2Key: smallKey, enhancedWidth: 1024, enhancedHeight: 819 },
    });

    const page = await productPage(PRINT, cookie);
    expect(page.body.photos.map((candidate: { id: string; width: number; tooSmall: string | null }) => [candidate.id, candidate.width, candidate.tooSmall === null])).toEqual([
      [`${photo.id}:${small.id}`, 1024, false],
      [photo.id, 3000, true],
    ]);
    expect(page.body.selection.photo).toBe(photo.id);

    const refused = await add(PRINT, { photo: `${photo.id}:${small.id}`, quantity: "1", attr_size: "30x40" }, cookie);
    expect(refused.status).toBe(400);
    expect(refused.message).toContain("1024 × 819 px");
    expect((await add(PRINT, { photo: photo.id, quantity: "1", attr_size: "30x40" }, cookie)).location).toBe("/cart?added=1");
    let cart = await cartSummary(user.id, "UK");
    expect(cart.items.map((line) => [line.imageR2Key, line.versionLabel])).toEqual([[photo.originalR2Key, "Original"]]);

    // A later 4K enhancement is a version of its own: a second line, printed from that file.
    const bigKey = `images/${user.id}/${photo.id}/enhanced-4k.jpg`;
    await objectStorage().put(bigKey, await jpeg(4096, 3277), { contentType: "image/jpeg" });
    const big = await prisma.imageEnhancementJob.create({
      data: { userId: user.id, imageId: photo.id, tier: "TIER_4K", tokensCost: 10, status: "COMPLETED", enhancedR2Key: bigKey, enhancedWidth: 4096, enhancedHeight: 3277 },
    });
    expect((await productPage(PRINT, cookie)).body.photos.map((candidate: { id: string }) => candidate.id)).toEqual([`${photo.id}:${big.id}`, `${photo.id}:${small.id}`, photo.id]);
    expect((await mockup(`product=prod_lustre_print&image=${photo.id}:${big.id}`, cookie)).status).toBe(200);
    expect((await add(PRINT, { photo: `${photo.id}:${big.id}`, quantity: "1", attr_size: "30x40" }, cookie)).location).toBe("/cart?added=1");
    cart = await cartSummary(user.id, "UK");
    expect(cart.items.map((line) => [line.imageR2Key, line.versionLabel])).toEqual([
      [photo.originalR2Key, "Original"],
      [bigKey, "Enhanced 4K"],
    ]);

    // Removing a line never deletes the library file it would have printed.
    await removeItem(user.id, cart.items[0]!.id);
    expect(await objectStorage().get(photo.originalR2Key)).not.toBeNull();

    // Once the chosen enhancement is deleted, the line has nothing to print rather than switching file.
    await prisma.imageEnhancementJob.delete({ where: { id: big.id } });
    expect((await cartSummary(user.id, "UK")).items.map((line) => [line.imageName, line.imageR2Key])).toEqual([[null, null]]);
  });

  it("adds a photo with the chosen size and colour, and refuses one too small with both sizes", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    const photo = await storeUpload(user.id, await jpeg(2000, 2600), "tall.jpg");
    const added = await add(TEE, { photo: photo.id, quantity: "2", attr_size: "XL", attr_color: "white", customText: "Hello" }, cookie);
    expect(added.status).toBe(302);
    expect(added.location).toBe("/cart?added=1");
    const item = await prisma.merchCartItem.findFirstOrThrow({ where: { cart: { userId: user.id } } });
    expect(item).toMatchObject({ productId: "prod_tshirt", variantId: "var_tee_xl_white", imageId: photo.id, quantity: 2, customText: "Hello" });

    const small = await storeUpload(user.id, await jpeg(1200, 900), "small.jpg");
    const refused = await add({ category: "canvas", product: "prod_canvas" }, { photo: small.id, quantity: "1", attr_size: "30x40" }, cookie);
    expect(refused.status).toBe(400);
    expect(refused.message).toContain("1200 × 900 px");
    expect(refused.message).toContain("2400 × 2400 px");
  });

  it("answers 404 for someone else's photo and 400 for a bad quantity", async () => {
    const [owner, other] = await Promise.all([makeUser(), makeUser()]);
    const { cookie } = await signIn(other.id);
    const photo = await storeUpload(owner.id, await jpeg(2000, 2000), "mine.jpg");
    const stolen = await add(PRINT, { photo: photo.id, quantity: "1", attr_size: "20x30" }, cookie);
    expect(stolen.status).toBe(404);
    expect(stolen.message).toBe("We could not find that photo.");
    const own = await storeUpload(other.id, await jpeg(2000, 2000), "own.jpg");
    const tooMany = await add(PRINT, { photo: own.id, quantity: "21", attr_size: "20x30" }, cookie);
    expect(tooMany).toMatchObject({ status: 400, message: "You can order at most 20 of one item." });
    const none = await add(PRINT, { photo: own.id, quantity: "0", attr_size: "20x30" }, cookie);
    expect(none).toMatchObject({ status: 400, message: "The quantity must be at least 1." });
    expect(await prisma.merchCartItem.count({ where: { cart: { userId: other.id } } })).toBe(0);
  });

  it("adds a direct upload sent as multipart, stored under merch/<userId>/", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    // With an empty library the page starts on the upload option.
    expect((await productPage(PRINT, cookie)).body.selection.photo).toBe("upload");
    const form = new FormData();
    form.set("photo", "upload");
    form.set("quantity", "1");
    form.set("attr_size", "30x40");
    form.set("file", new File([new Uint8Array(await jpeg(2000, 2500))], "holiday.jpg", { type: "image/jpeg" }));
    const added = await add(PRINT, form, cookie);
    expect(added.location).toBe("/cart?added=1");
    const item = await prisma.merchCartItem.findFirstOrThrow({ where: { cart: { userId: user.id } } });
    expect(item.imageId).toBeNull();
    expect(item.uploadedImageR2Key).toMatch(new RegExp(`^merch/${user.id}/[0-9a-f]{32}\\.jpg$`));

    // Any file name goes; text with NUL characters does not.
    const odd = new FormData();
    odd.set("photo", "upload");
    odd.set("quantity", "1");
    odd.set("attr_size", "50x70");
    odd.set("file", new File([new Uint8Array(await jpeg(2000, 2500))], "a=b;c d.jpg", { type: "image/jpeg" }));
    expect((await add(PRINT, odd, cookie)).location).toBe("/cart?added=1");
    expect(await prisma.merchCartItem.count({ where: { cart: { userId: user.id } } })).toBe(2);
    const withNul = new FormData();
    withNul.set("photo", "upload");
    withNul.set("quantity", "1");
    withNul.set("attr_color", "black\0");
    withNul.set("file", new File([new Uint8Array(await jpeg(2000, 2500))], "nul.jpg", { type: "image/jpeg" }));
    expect(await add(PRINT, withNul, cookie)).toMatchObject({ status: 400, message: "Text can't contain NUL characters. Remove them and send the form again." });
    expect(await prisma.merchCartItem.count({ where: { cart: { userId: user.id } } })).toBe(2);

    const missing = new FormData();
    missing.set("photo", "upload");
    missing.set("quantity", "1");
    missing.set("attr_size", "30x40");
    expect(await add(PRINT, missing, cookie)).toMatchObject({ status: 400, message: "Choose a photo file to upload." });
  });
});

describe("the mockup route", () => {
  it("draws the owner's photo on the product and answers 404 to anyone else", async () => {
    const [owner, other] = await Promise.all([makeUser(), makeUser()]);
    const [{ cookie }, { cookie: otherCookie }] = await Promise.all([signIn(owner.id), signIn(other.id)]);
    const photo = await storeUpload(owner.id, await jpeg(2000, 2600), "tall.jpg");

    const own = await mockup(`product=prod_tshirt&variant=var_tee_m_black&image=${photo.id}`, cookie);
    expect(own.status).toBe(200);
    expect(own.headers.get("Content-Type")).toBe("image/webp");
    expect(own.headers.get("Cache-Control")).toBe("private, max-age=300");

    expect((await mockup(`product=prod_tshirt&image=${photo.id}`, otherCookie)).status).toBe(404);
    expect((await mockup(`product=prod_tshirt&image=${photo.id}`)).status).toBe(401);
    expect((await mockup("product=prod_nothing")).status).toBe(404);
    expect((await mockup("")).status).toBe(400);
  });

  it("draws a cart line for its owner only", async () => {
    const [owner, other] = await Promise.all([makeUser(), makeUser()]);
    const [{ cookie }, { cookie: otherCookie }] = await Promise.all([signIn(owner.id), signIn(other.id)]);
    const photo = await storeUpload(owner.id, await jpeg(2000, 2600), "tall.jpg");
    await add(PRINT, { photo: photo.id, quantity: "1", attr_size: "20x30" }, cookie);
    const item = await prisma.merchCartItem.findFirstOrThrow({ where: { cart: { userId: owner.id } } });
    const own = await mockup(`item=${item.id}`, cookie);
    expect(own.status).toBe(200);
    expect(own.headers.get("Content-Type")).toBe("image/webp");
    expect((await mockup(`item=${item.id}`, otherCookie)).status).toBe(404);
  });
});
