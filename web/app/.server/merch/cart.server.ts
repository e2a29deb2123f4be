/**
 * The shopping cart, one per user (`merch_carts`). A line is a product, a variant and the photo to
 * print: one version of one of the user's images (the original or any completed enhancement, chosen by
 * the buyer; its file key is kept in `uploadedImageR2Key` beside `imageId`, so the line prints that
 * version) or a direct upload (`imageId` empty; checked by content with sharp, re-encoded to a
 * metadata-free JPEG under `merch/<userId>/<random>.jpg`). Lines from before versions could be chosen
 * have no key and print the largest enhancement. A photo below the product's minimum print size is
 * refused with both sizes. Adding the same product, variant and photo again raises the quantity (1–20 per line). Totals
 * are computed here, on minor units: (retail price + variant delta) × quantity, summed exactly.
 */
import sharp, { type Metadata } from "sharp";
import { randomBytes } from "node:crypto";
import { ACCEPTED_FORMATS_TEXT, isAcceptedFormat, MAX_UPLOAD_BYTES, MAX_UPLOAD_PIXELS, tooLargeMessage } from "@spike-land/shared/images/limits";
import { fitsPrint, MAX_QUANTITY, tooSmallMessage } from "@spike-land/shared/merch/orders";
import { shippingCost, type ShippingRegion } from "@spike-land/shared/merch/shipping";
import { fromMinorUnits } from "@spike-land/shared/payments/money";
import { ENHANCEMENT_LABEL, type EnhancementTier } from "@spike-land/shared/tokens/tiers";
import { prisma, Prisma } from "../platform/db.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { thumbKey } from "../images/library.server.ts";
import { heicToJpeg, isHevcHeif } from "@spike-land/shared/node/images/heic";
import { customTextLimit, findProduct, minorOf, resolveVariant, unitPriceMinor, type VariantChoice } from "./catalogue.server.ts";
import { DomainError } from "@spike-land/shared/errors";

/** Every order is charged in pounds; EU shipping uses the EU rule's amounts (see the shop's notes). */
export const SHOP_CURRENCY = "GBP";

export class CartError extends DomainError {
  constructor(message: string, status: number) {
    super(status, message);
  }
}

export function quantityProblem(quantity: number): string | null {
  if (!Number.isInteger(quantity)) return "Enter a whole number of items.";
  if (quantity < 1) return "The quantity must be at least 1. To take the item out, press Remove.";
  if (quantity > MAX_QUANTITY) return `You can order at most ${MAX_QUANTITY} of one item.`;
  return null;
}

function customTextProblem(text: string, limit: number | null, productName: string): string | null {
  if (!text) return null;
  if (limit === null) return `The ${productName} does not take custom text.`;
  if ([...text].length > limit) return `Keep the custom text to ${limit} characters; this has ${[...text].length}.`;
  return null;
}

// ---- The photo to print ----

type JobSize = { id: string; tier: EnhancementTier; enhancedR2Key: string | null; enhancedWidth: number | null; enhancedHeight: number | null; createdAt: Date };

const completedJobs = {
  where: { status: "COMPLETED", enhancedR2Key: { not: null }, enhancedWidth: { not: null }, enhancedHeight: { not: null } },
  orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  select: { id: true, tier: true, enhancedR2Key: true, enhancedWidth: true, enhancedHeight: true, createdAt: true },
} satisfies Prisma.EnhancedImage$enhancementJobsArgs;

const imageForPrint = { id: true, name: true, originalR2Key: true, originalWidth: true, originalHeight: true, enhancementJobs: completedJobs } satisfies Prisma.EnhancedImageSelect;

type ImageForPrint = { id: string; name: string; originalR2Key: string; originalWidth: number; originalHeight: number; enhancementJobs: JobSize[] };

/**
 * One printable version of an image. `choice` is what the photo picker sends: the image id for the
 * original, `<imageId>:<jobId>` for an enhancement.
 */
export type PrintSource = {
  choice: string;
  imageId: string;
  jobId: string | null;
  name: string;
  /** "Original" or the enhancement's pricing name, e.g. "Enhanced 2K". */
  versionLabel: string;
  width: number;
  height: number;
  r2Key: string;
  enhanced: boolean;
  thumbR2Key: string;
};

const CHOICE_SEPARATOR = ":";

/** Reads a picker value: an image id (its original) or `<imageId>:<jobId>` (one enhancement). */
export function parsePhotoChoice(value: string): { imageId: string; jobId: string | null } {
  const [imageId = "", jobId] = value.split(CHOICE_SEPARATOR, 2);
  return { imageId, jobId: jobId || null };
}

/** Every version of an image that could be printed: its enhancements, largest first (one per size), then the original. */
function printVersionsOf(image: ImageForPrint): PrintSource[] {
  const thumbR2Key = thumbKey(image.originalR2Key);
  const enhanced: PrintSource[] = [];
  const sizes = new Set<string>();
  // Newest first, so a rerun at the same size stands for the older result.
  for (const job of image.enhancementJobs) {
    if (!job.enhancedR2Key || !job.enhancedWidth || !job.enhancedHeight) continue;
    const size = `${job.enhancedWidth}x${job.enhancedHeight}`;
    if (sizes.has(size)) continue;
    sizes.add(size);
    enhanced.push({
      choice: `${image.id}${CHOICE_SEPARATOR}${job.id}`,
      imageId: image.id,
      jobId: job.id,
      name: image.name,
      versionLabel: `Enhanced ${ENHANCEMENT_LABEL[job.tier]}`,
      width: job.enhancedWidth,
      height: job.enhancedHeight,
      r2Key: job.enhancedR2Key,
      enhanced: true,
      thumbR2Key,
    });
  }
  enhanced.sort((a, b) => b.width * b.height - a.width * a.height);
  const original: PrintSource = {
    choice: image.id,
    imageId: image.id,
    jobId: null,
    name: image.name,
    versionLabel: "Original",
    width: image.originalWidth,
    height: image.originalHeight,
    r2Key: image.originalR2Key,
    enhanced: false,
    thumbR2Key,
  };
  return [...enhanced, original];
}

/** The largest version of an image: what a line added without choosing a version prints. */
function largestVersionOf(image: ImageForPrint): PrintSource {
  return printVersionsOf(image).reduce((best, version) => (version.width * version.height > best.width * best.height ? version : best));
}

/** The version a cart line prints: the one whose file it names, else (older lines) the largest; null when that version is gone. */
function lineVersionOf(image: ImageForPrint, r2Key: string | null): PrintSource | null {
  if (!r2Key) return largestVersionOf(image);
  return printVersionsOf(image).find((version) => version.r2Key === r2Key) ?? null;
}

/**
 * One of the user's images as it would print, or null when it is missing, someone else's or has no
 * such completed enhancement. `jobId` null is the original; undefined is the largest version.
 */
export async function printSource(userId: string, imageId: string, jobId?: string | null): Promise<PrintSource | null> {
  const image = await prisma.enhancedImage.findFirst({ where: { id: imageId, userId }, select: imageForPrint });
  if (!image) return null;
  if (jobId === undefined) return largestVersionOf(image);
  return printVersionsOf(image).find((version) => version.jobId === jobId) ?? null;
}

/** The user's recent photos for the picker, each with all its versions; enhanced photos first. */
export async function printablePhotos(userId: string, take = 48): Promise<PrintSource[]> {
  const images = await prisma.enhancedImage.findMany({ where: { userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take, select: imageForPrint });
  const versions = images.map(printVersionsOf);
  const enhanced = versions.filter((list) => list.length > 1);
  const plain = versions.filter((list) => list.length === 1);
  return [...enhanced, ...plain].flat();
}

/** Direct uploads live under merch/; a line's key anywhere else is a version of a library photo, never deleted with the line. */
function isDirectUploadKey(key: string | null): key is string {
  return Boolean(key?.startsWith("merch/"));
}

// ---- Direct uploads ----

export type PreparedUpload = { bytes: Buffer; width: number; height: number };

/** Checks an uploaded file by its content and turns it into an upright JPEG without metadata. */
export async function prepareDirectUpload(upload: Buffer, filename: string): Promise<PreparedUpload> {
  let bytes = upload;
  const label = filename.replace(/^.*[\\/]/, "") || "The file";
  if (bytes.length === 0) throw new CartError(`${label} is empty; choose a ${ACCEPTED_FORMATS_TEXT} photo.`, 400);
  if (bytes.length > MAX_UPLOAD_BYTES) throw new CartError(tooLargeMessage(label, bytes.length), 413);
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new CartError(`${label} is not an image we can read; upload ${ACCEPTED_FORMATS_TEXT}.`, 400);
  }
  const format = metadata.format === "heif" && metadata.compression === "av1" ? "avif" : metadata.format;
  if (!isAcceptedFormat(format)) throw new CartError(`${label} is a ${String(format ?? "unknown").toUpperCase()} file; upload ${ACCEPTED_FORMATS_TEXT}.`, 400);
  if (!metadata.width || !metadata.height) throw new CartError(`${label} is not an image we can read; upload ${ACCEPTED_FORMATS_TEXT}.`, 400);
  if (metadata.width * metadata.height > MAX_UPLOAD_PIXELS) throw new CartError(`${label} has more than ${MAX_UPLOAD_PIXELS / 1_000_000} megapixels, the limit.`, 413);
  if (isHevcHeif(metadata)) {
    try {
      bytes = await heicToJpeg(bytes);
    } catch {
      throw new CartError(`${label} is a HEIC photo we could not decode; it may be damaged. Export it as JPEG and upload that.`, 400);
    }
  }
  try {
    // sharp writes no metadata unless asked, so the file sent to the printer carries no EXIF or GPS.
    const { data, info } = await sharp(bytes, { limitInputPixels: MAX_UPLOAD_PIXELS }).rotate().jpeg({ quality: 95 }).toBuffer({ resolveWithObject: true });
    return { bytes: data, width: info.width, height: info.height };
  } catch {
    throw new CartError(`${label} could not be decoded; it may be damaged. Upload ${ACCEPTED_FORMATS_TEXT}.`, 400);
  }
}

export function directUploadKey(userId: string): string {
  return `merch/${userId}/${randomBytes(16).toString("hex")}.jpg`;
}

// ---- Cart lines ----

export type AddToCartInput = {
  productId: string;
  variant: VariantChoice;
  quantity: number;
  customText?: string | null | undefined;
  /** A library photo's version (`jobId` null: the original; left out: the largest), or a direct upload. */
  source: { imageId: string; jobId?: string | null } | { upload: { bytes: Buffer; filename: string } };
};

/** Adds a line (or raises the quantity of the same line). Throws CartError with the status to answer. */
export async function addToCart(userId: string, input: AddToCartInput): Promise<{ itemId: string; quantity: number }> {
  const product = await findProduct(input.productId);
  if (!product) throw new CartError("We could not find that product.", 404);
  const resolved = resolveVariant(product, input.variant);
  if (!resolved.ok) throw new CartError(resolved.message, 400);
  const variantId = resolved.variant?.id ?? null;
  const quantityError = quantityProblem(input.quantity);
  if (quantityError) throw new CartError(quantityError, 400);
  const customText = input.customText?.trim() || null;
  const textError = customTextProblem(customText ?? "", product.customTextMax, product.name);
  if (textError) throw new CartError(textError, 400);

  let imageId: string | null = null;
  let uploadKey: string | null = null;
  let versionKey: string | null = null;
  if ("imageId" in input.source) {
    const source = await printSource(userId, input.source.imageId, input.source.jobId);
    if (!source) throw new CartError(input.source.jobId ? "We could not find that enhanced version of the photo." : "We could not find that photo.", 404);
    if (!fitsPrint(source, product)) throw new CartError(tooSmallMessage(source, product), 400);
    imageId = source.imageId;
    versionKey = source.r2Key;
  } else {
    const prepared = await prepareDirectUpload(input.source.upload.bytes, input.source.upload.filename);
    if (!fitsPrint(prepared, product)) throw new CartError(tooSmallMessage(prepared, product), 400);
    uploadKey = directUploadKey(userId);
    await objectStorage().put(uploadKey, prepared.bytes, { contentType: "image/jpeg", cacheControl: "private, no-store" });
  }

  const write = () =>
    prisma.$transaction(async (tx) => {
      const cart = await tx.merchCart.upsert({ where: { userId }, update: {}, create: { userId }, select: { id: true } });
      // Adds to one cart take turns: the unique index cannot stop a duplicate line (its NULL columns
      // are distinct), and two merges reading the same quantity would lose one of the increases.
      await tx.$queryRaw`SELECT id FROM merch_carts WHERE id = ${cart.id} FOR UPDATE`;
      const same = uploadKey
        ? null
        : await tx.merchCartItem.findFirst({ where: { cartId: cart.id, productId: product.id, variantId, imageId, uploadedImageR2Key: versionKey }, select: { id: true, quantity: true } });
      if (same) {
        const quantity = same.quantity + input.quantity;
        if (quantity > MAX_QUANTITY) {
          throw new CartError(`Your cart already has ${same.quantity} of this item; you can order at most ${MAX_QUANTITY} of one item.`, 400);
        }
        await tx.merchCartItem.update({ where: { id: same.id }, data: { quantity, ...(customText ? { customText } : {}) } });
        return { itemId: same.id, quantity };
      }
      const item = await tx.merchCartItem.create({
        data: { cartId: cart.id, productId: product.id, variantId, imageId, uploadedImageR2Key: uploadKey ?? versionKey, quantity: input.quantity, customText },
        select: { id: true, quantity: true },
      });
      return { itemId: item.id, quantity: item.quantity };
    });

  try {
    try {
      return await write();
    } catch (error) {
      // Two adds of the same line at once: the unique index refuses the second create; it becomes an increase.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return await write();
      throw error;
    }
  } catch (error) {
    if (uploadKey) await objectStorage().delete(uploadKey).catch(() => undefined);
    throw error;
  }
}

async function ownItem(userId: string, itemId: string) {
  const item = await prisma.merchCartItem.findFirst({
    where: { id: itemId, cart: { userId } },
    select: { id: true, uploadedImageR2Key: true, product: { select: { name: true, category: { select: { slug: true } } } } },
  });
  if (!item) throw new CartError("We could not find that item in your cart.", 404);
  return item;
}

export async function setQuantity(userId: string, itemId: string, quantity: number): Promise<void> {
  const problem = quantityProblem(quantity);
  if (problem) throw new CartError(problem, 400);
  await ownItem(userId, itemId);
  await prisma.merchCartItem.updateMany({ where: { id: itemId, cart: { userId } }, data: { quantity } });
}

/**
 * One more or one fewer of a line, counted from what the cart holds now rather than from the page the
 * button was on, in one UPDATE so that quick repeated presses each count.
 */
export async function stepQuantity(userId: string, itemId: string, step: 1 | -1): Promise<number> {
  const rows = await prisma.$queryRaw<Array<{ quantity: number }>>`
    UPDATE merch_cart_items AS item SET quantity = item.quantity + ${step}, "updatedAt" = now()
    FROM merch_carts AS cart
    WHERE item.id = ${itemId} AND item."cartId" = cart.id AND cart."userId" = ${userId}
      AND item.quantity + ${step} BETWEEN 1 AND ${MAX_QUANTITY}
    RETURNING item.quantity`;
  if (rows[0]) return rows[0].quantity;
  const item = await prisma.merchCartItem.findFirst({ where: { id: itemId, cart: { userId } }, select: { quantity: true } });
  if (!item) throw new CartError("We could not find that item in your cart.", 404);
  throw new CartError(step > 0 ? `Your cart already has ${item.quantity} of this item; you can order at most ${MAX_QUANTITY} of one item.` : (quantityProblem(item.quantity - 1) ?? "Check the quantity."), 400);
}

export async function setCustomText(userId: string, itemId: string, text: string): Promise<void> {
  const item = await ownItem(userId, itemId);
  const customText = text.trim();
  const problem = customTextProblem(customText, customTextLimit(item.product.category.slug), item.product.name);
  if (problem) throw new CartError(problem, 400);
  await prisma.merchCartItem.updateMany({ where: { id: itemId, cart: { userId } }, data: { customText: customText || null } });
}

/** Takes a line out; a direct upload's file goes too unless an order already prints it. */
export async function removeItem(userId: string, itemId: string): Promise<void> {
  const item = await ownItem(userId, itemId);
  await prisma.merchCartItem.deleteMany({ where: { id: itemId, cart: { userId } } });
  const key = item.uploadedImageR2Key;
  if (isDirectUploadKey(key) && (await prisma.merchOrderItem.count({ where: { imageR2Key: key } })) === 0) {
    await objectStorage().delete(key).catch(() => undefined);
  }
}

/** Items in the cart (sum of quantities), for the header badge. */
export async function cartItemCount(userId: string): Promise<number> {
  const total = await prisma.merchCartItem.aggregate({ where: { cart: { userId } }, _sum: { quantity: true } });
  return total._sum.quantity ?? 0;
}

/** The route that draws a cart line's photo on its product (authorised to the cart's owner). */
export function cartItemMockupPath(itemId: string): string {
  return `/shop/mockup?item=${encodeURIComponent(itemId)}`;
}

const itemSelect = {
  id: true,
  quantity: true,
  customText: true,
  imageId: true,
  uploadedImageR2Key: true,
  productId: true,
  variantId: true,
  createdAt: true,
  product: {
    select: {
      name: true,
      retailPrice: true,
      printAreaWidth: true,
      printAreaHeight: true,
      mockupTemplate: true,
      category: { select: { slug: true } },
    },
  },
  variant: { select: { name: true, priceDelta: true, attributes: true } },
  image: { select: imageForPrint },
} satisfies Prisma.MerchCartItemSelect;

async function cartItems(userId: string) {
  return prisma.merchCartItem.findMany({ where: { cart: { userId } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: itemSelect });
}

/** A line as the mockup route needs it: the file to draw and the product it goes on. */
export async function cartItemForMockup(userId: string, itemId: string) {
  const item = await prisma.merchCartItem.findFirst({ where: { id: itemId, cart: { userId } }, select: itemSelect });
  if (!item) return null;
  const { source, r2Key } = lineFile(item);
  // An original's thumbnail has its proportions and is far quicker to draw; an enhancement is drawn as printed.
  const previewKey = source ? (source.enhanced ? source.r2Key : source.thumbR2Key) : r2Key;
  return { item, r2Key, previewKey };
}

/** What a line prints: its photo's chosen version, or its direct upload; no file when the photo or version is gone. */
function lineFile(item: { image: ImageForPrint | null; uploadedImageR2Key: string | null }): { source: PrintSource | null; r2Key: string | null } {
  if (item.image) {
    const source = lineVersionOf(item.image, item.uploadedImageR2Key);
    return { source, r2Key: source?.r2Key ?? null };
  }
  return { source: null, r2Key: isDirectUploadKey(item.uploadedImageR2Key) ? item.uploadedImageR2Key : null };
}

export type CartSummary = Awaited<ReturnType<typeof cartSummary>>;

/**
 * The cart with its money: each line's unit price and total, the subtotal, shipping for the region
 * (free from the region's threshold) and the total — decimal strings in GBP.
 */
export async function cartSummary(userId: string, region: ShippingRegion) {
  const items = await cartItems(userId);
  const lines = items.map((item) => {
    const unit = unitPriceMinor(item.product, item.variant);
    const { source, r2Key } = lineFile(item);
    return {
      id: item.id,
      productId: item.productId,
      variantId: item.variantId,
      imageId: item.imageId,
      categorySlug: item.product.category.slug,
      productName: item.product.name,
      variantName: item.variant?.name ?? null,
      quantity: item.quantity,
      unitPrice: fromMinorUnits(unit),
      lineTotal: fromMinorUnits(unit * item.quantity),
      imageThumbUrl: cartItemMockupPath(item.id),
      imageName: source?.name ?? (r2Key ? "Uploaded photo" : null),
      versionLabel: source?.versionLabel ?? null,
      customText: item.customText,
      customTextMax: customTextLimit(item.product.category.slug),
      /** The file to print: the chosen version of a library photo, or the direct upload. */
      imageR2Key: r2Key,
      _minor: unit * item.quantity,
    };
  });
  const subtotalMinor = lines.reduce((sum, line) => sum + line._minor, 0);
  const subtotal = fromMinorUnits(subtotalMinor);
  const shipping = lines.length ? shippingCost(region, subtotal) : "0.00";
  return {
    items: lines.map(({ _minor, ...line }) => line),
    subtotal,
    shipping,
    total: fromMinorUnits(subtotalMinor + minorOf(shipping)),
    currency: SHOP_CURRENCY,
    region,
  };
}
