/**
 * GET /shop/mockup — a product mockup as WebP.
 *   ?product=<id>[&variant=<id>]             the demo picture on the product (public, for pages seen signed out)
 *   ?product=<id>[&variant=<id>]&image=<id>  one of the signed-in user's photos on it (someone else's: 404);
 *                                            `image` is a picker value: the image id (its original) or
 *                                            `<imageId>:<jobId>` (one of its enhancements)
 *   ?item=<cartItemId>                       a line of the user's cart, as it will be printed
 * Photos are drawn from the version that gets printed.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getOptionalUser } from "../.server/auth/guards.server.ts";
import { findProduct, variantAttributes } from "../.server/merch/catalogue.server.ts";
import { cartItemForMockup, parsePhotoChoice, printSource } from "../.server/merch/cart.server.ts";
import { composeMockup, mockupKind, printAspect, samplePhoto } from "../.server/merch/mockup.server.ts";
import { objectStorage } from "../.server/providers/storage/index.server.ts";

const id = z.string().trim().min(1).max(64, "That id is not valid.");

const querySchema = z.union([
  z.object({ item: id }),
  z.object({ product: id, variant: id.optional(), image: id.optional() }),
]);

function text(message: string, status: number): Response {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

function webp(bytes: Buffer, cacheControl: string): Response {
  return new Response(new Uint8Array(bytes), { headers: { "Content-Type": "image/webp", "Cache-Control": cacheControl, "X-Content-Type-Options": "nosniff" } });
}

/** A private photo's mockup may sit in the browser's cache for a few minutes, never in a shared one. */
const PRIVATE_CACHE = "private, max-age=300";
const PUBLIC_CACHE = "public, max-age=3600";

async function readFile(key: string | null): Promise<Buffer | null> {
  if (!key) return null;
  return (await objectStorage().get(key))?.body ?? null;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = querySchema.safeParse(params);
  if (!parsed.success) return text("Name a product (and optionally a variant and one of your photos), or a cart item.", 400);
  const query = parsed.data;

  if ("item" in query) {
    const user = await getOptionalUser(request);
    if (!user) return text("Sign in to see your cart.", 401);
    const found = await cartItemForMockup(user.id, query.item);
    const photo = found ? ((await readFile(found.previewKey)) ?? (await readFile(found.r2Key))) : null;
    if (!found || !photo) return text("We could not find that cart item.", 404);
    const attributes = variantAttributes(found.item.variant?.attributes);
    const product = { categorySlug: found.item.product.category.slug, mockupTemplate: found.item.product.mockupTemplate };
    const bytes = await composeMockup(photo, { kind: mockupKind(product), aspect: printAspect(found.item.product, attributes), colour: attributes.color });
    return webp(bytes, PRIVATE_CACHE);
  }

  const product = await findProduct(query.product);
  if (!product) return text("We could not find that product.", 404);
  const variant = query.variant ? product.variants.find((candidate) => candidate.id === query.variant) : product.variants[0];
  if (!variant && product.variants.length > 0) return text("We could not find that option of the product.", 404);
  const attributes = variant?.attributes ?? {};
  const options = { kind: mockupKind(product), aspect: printAspect(product, attributes), colour: attributes.color };

  if (!query.image) return webp(await composeMockup(await samplePhoto(), options), PUBLIC_CACHE);

  const user = await getOptionalUser(request);
  if (!user) return text("Sign in to see your photo on it.", 401);
  const choice = parsePhotoChoice(query.image);
  const source = await printSource(user.id, choice.imageId, choice.jobId);
  if (!source) return text("We could not find that photo.", 404);
  // An original's thumbnail has its proportions and is far quicker to draw; an enhancement is drawn as printed.
  const photo = source.enhanced ? await readFile(source.r2Key) : ((await readFile(source.thumbR2Key)) ?? (await readFile(source.r2Key)));
  if (!photo) return text("We could not find that photo.", 404);
  return webp(await composeMockup(photo, options), PRIVATE_CACHE);
}
