/**
 * The public gallery: before/after pairs an admin has featured from completed jobs. Featuring makes
 * public copies (re-encoded, upright, no EXIF or GPS, at most 2048 px) under `gallery/<itemId>/`, so
 * the gallery never links to a user's private original. Items are listed by category in `sortOrder`.
 */
import { randomUUID } from "node:crypto";
import sharp, { type Sharp } from "sharp";
import { cropDimensionsSchema } from "@spike-land/shared/images/enhancement";
import { GALLERY_CATEGORIES } from "@spike-land/shared/gallery";
import { prisma, type GalleryCategory, type Prisma } from "../platform/db.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { recordAudit, type AuditEvent } from "../platform/audit.server.ts";
import { GALLERY_KEY_PREFIX, removeStoredCopies } from "./removal.server.ts";
import { DomainError } from "@spike-land/shared/errors";

/** The shared list, checked against the categories the database knows. */
const CATEGORIES: readonly GalleryCategory[] = GALLERY_CATEGORIES;
export const GALLERY_CATEGORY_LABEL: Record<GalleryCategory, string> = {
  PORTRAIT: "Portraits",
  LANDSCAPE: "Landscapes",
  PRODUCT: "Products",
  ARCHITECTURE: "Architecture",
};
/** Longest edge of the public copies. */
const GALLERY_LONGEST_EDGE = 2048;
/** Public copies never change under a key (a new item gets a new id), so browsers may keep them for a year. */
export const GALLERY_FILE_CACHE_CONTROL = "public, max-age=31536000, immutable";
const WEBP_QUALITY = 82;

/** Who is curating, for the audit trail. */
export type Curator = { actorId: string; ipAddress?: string | null };
type Tx = Prisma.TransactionClient;

/**
 * Curation is audited as USER_UPDATE (the audit action list has no gallery entry) with the event
 * name in the metadata, in the same transaction as the change.
 */
function audit(tx: Tx, by: Curator, itemId: string, event: AuditEvent & `gallery.${string}`, metadata: Record<string, Prisma.InputJsonValue | null> = {}) {
  return recordAudit(tx, { actorId: by.actorId, action: "USER_UPDATE", event, targetId: itemId, metadata, ipAddress: by.ipAddress ?? null });
}

export class GalleryError extends DomainError {
  constructor(message: string, status: number) {
    super(status, message);
  }
}

export function isGalleryCategory(value: unknown): value is GalleryCategory {
  return typeof value === "string" && (CATEGORIES as readonly string[]).includes(value);
}

/** The title, description and category an admin gives an item (the admin page's form schema checks them). */
export type GalleryItemFields = { title: string; description: string | null; category: GalleryCategory };

export function galleryKeys(itemId: string) {
  return { before: `${GALLERY_KEY_PREFIX}${itemId}/before.webp`, after: `${GALLERY_KEY_PREFIX}${itemId}/after.webp` };
}

/** Where the public file route serves a gallery key. */
function galleryFileUrl(key: string): string {
  return `/gallery/files/${key}`;
}

const GALLERY_KEY = /^gallery\/([A-Za-z0-9_-]+)\/[A-Za-z0-9_-]+\.(webp|jpg)$/;

/** True for a key the public file route may serve: under `gallery/`, one item folder, a .webp or .jpg file. */
export function isGalleryKey(key: string): boolean {
  return GALLERY_KEY.test(key);
}

/** Whether the item a gallery key belongs to exists and is shown: "active", "hidden" or null when there is none. */
export async function galleryKeyState(key: string): Promise<"active" | "hidden" | null> {
  const id = GALLERY_KEY.exec(key)?.[1];
  if (!id) return null;
  const item = await prisma.featuredGalleryItem.findUnique({ where: { id }, select: { isActive: true } });
  return item ? (item.isActive ? "active" : "hidden") : null;
}

const itemSelect = {
  id: true,
  title: true,
  description: true,
  category: true,
  originalUrl: true,
  enhancedUrl: true,
  width: true,
  height: true,
  sortOrder: true,
  isActive: true,
  sourceImageId: true,
  sourceJobId: true,
  createdAt: true,
} as const;

const ORDER = [{ sortOrder: "asc" as const }, { createdAt: "asc" as const }, { id: "asc" as const }];

/** Active items, optionally of one category, in gallery order. */
export function listGallery(category: GalleryCategory | null = null) {
  return prisma.featuredGalleryItem.findMany({
    where: { isActive: true, ...(category ? { category } : {}) },
    orderBy: ORDER,
    select: itemSelect,
  });
}

/** Every item, shown and hidden, in gallery order (the curation page). */
export function listAllGalleryItems() {
  return prisma.featuredGalleryItem.findMany({ orderBy: ORDER, select: itemSelect });
}

/** Re-encodes a picture for the public: upright, no metadata, WebP. */
function publicCopy(image: Sharp) {
  return image.webp({ quality: WEBP_QUALITY }).toBuffer({ resolveWithObject: true });
}

/**
 * The public before/after pair. The after image is the enhanced result scaled to fit 2048 px; the
 * before image is the upright original cut to the same region (when the job cropped) and scaled to
 * exactly the same size, so the two line up under the comparison slider.
 */
export async function makeGalleryPair(original: Buffer, enhanced: Buffer, crop: unknown) {
  const after = await publicCopy(
    sharp(enhanced).rotate().resize({ width: GALLERY_LONGEST_EDGE, height: GALLERY_LONGEST_EDGE, fit: "inside", withoutEnlargement: true }),
  );
  const { width, height } = after.info;
  const upright = await sharp(original).rotate().toBuffer({ resolveWithObject: true });
  let before = sharp(upright.data);
  const box = cropDimensionsSchema.safeParse(crop);
  if (box.success) {
    const left = Math.max(0, Math.min(box.data.left, upright.info.width - 1));
    const top = Math.max(0, Math.min(box.data.top, upright.info.height - 1));
    before = before.extract({
      left,
      top,
      width: Math.max(1, Math.min(box.data.width, upright.info.width - left)),
      height: Math.max(1, Math.min(box.data.height, upright.info.height - top)),
    });
  }
  const beforeCopy = await publicCopy(before.resize({ width, height, fit: "fill" }));
  return { before: beforeCopy.data, after: after.data, width, height };
}

/** Stores a pair and creates the item; the stored files are removed again if the row cannot be written. */
export async function createGalleryItem(
  by: Curator,
  pair: { before: Buffer; after: Buffer; width: number; height: number },
  fields: GalleryItemFields,
  source: { imageId?: string | null; jobId?: string | null } = {},
) {
  const id = randomUUID();
  const keys = galleryKeys(id);
  const storage = objectStorage();
  await storage.put(keys.before, pair.before, { contentType: "image/webp", cacheControl: GALLERY_FILE_CACHE_CONTROL });
  await storage.put(keys.after, pair.after, { contentType: "image/webp", cacheControl: GALLERY_FILE_CACHE_CONTROL });
  try {
    return await prisma.$transaction(async (tx) => {
      const last = await tx.featuredGalleryItem.aggregate({ _max: { sortOrder: true } });
      const created = await tx.featuredGalleryItem.create({
        data: {
          id,
          title: fields.title,
          description: fields.description,
          category: fields.category,
          originalUrl: galleryFileUrl(keys.before),
          enhancedUrl: galleryFileUrl(keys.after),
          width: pair.width,
          height: pair.height,
          sourceImageId: source.imageId ?? null,
          sourceJobId: source.jobId ?? null,
          sortOrder: (last._max.sortOrder ?? -1) + 1,
          isActive: true,
          createdBy: by.actorId,
        },
        select: itemSelect,
      });
      await audit(tx, by, id, "gallery.feature", { title: fields.title, category: fields.category, imageId: source.imageId ?? null, jobId: source.jobId ?? null });
      return created;
    });
  } catch (error) {
    await removeStoredCopies(id);
    throw error;
  }
}

/** Features a completed job: public copies of its original and result, added at the end of the gallery. */
export async function featureJob(by: Curator, jobId: string, input: GalleryItemFields) {
  const job = await prisma.imageEnhancementJob.findUnique({
    where: { id: jobId },
    select: { id: true, status: true, enhancedR2Key: true, cropDimensions: true, wasCropped: true, image: { select: { id: true, originalR2Key: true } } },
  });
  if (!job) throw new GalleryError("That job was not found.", 404);
  if (job.status !== "COMPLETED" || !job.enhancedR2Key) throw new GalleryError("Only a completed job can be featured.", 409);
  const storage = objectStorage();
  const [original, enhanced] = await Promise.all([storage.get(job.image.originalR2Key), storage.get(job.enhancedR2Key)]);
  if (!original || !enhanced) throw new GalleryError("The files of this job are no longer stored, so it cannot be featured.", 409);
  const pair = await makeGalleryPair(original.body, enhanced.body, job.wasCropped ? job.cropDimensions : null);
  return createGalleryItem(by, pair, input, { imageId: job.image.id, jobId: job.id });
}

const GONE = () => new GalleryError("That gallery item no longer exists.", 404);

/** Applies a change to one item and audits it, or throws 404 when the item is gone. */
async function change(by: Curator, id: string, event: AuditEvent & `gallery.${string}`, data: Prisma.FeaturedGalleryItemUpdateManyMutationInput) {
  await prisma.$transaction(async (tx) => {
    const result = await tx.featuredGalleryItem.updateMany({ where: { id }, data });
    if (result.count === 0) throw GONE();
    await audit(tx, by, id, event, data as Record<string, Prisma.InputJsonValue | null>);
  });
}

export function updateGalleryItem(by: Curator, id: string, fields: GalleryItemFields) {
  return change(by, id, "gallery.edit", { title: fields.title, description: fields.description, category: fields.category });
}

export function setGalleryItemActive(by: Curator, id: string, isActive: boolean) {
  return change(by, id, isActive ? "gallery.show" : "gallery.hide", { isActive });
}

/** Swaps the item with its neighbour in gallery order, renumbering every item 0…n-1 so orders stay distinct. */
export async function moveGalleryItem(by: Curator, id: string, direction: "up" | "down") {
  await prisma.$transaction(async (tx) => {
    const items = await tx.featuredGalleryItem.findMany({ orderBy: ORDER, select: { id: true, sortOrder: true } });
    const index = items.findIndex((item) => item.id === id);
    if (index === -1) throw GONE();
    const target = direction === "up" ? index - 1 : index + 1;
    if (target >= 0 && target < items.length) [items[index], items[target]] = [items[target]!, items[index]!];
    for (const [position, item] of items.entries()) {
      if (item.sortOrder !== position) await tx.featuredGalleryItem.update({ where: { id: item.id }, data: { sortOrder: position } });
    }
    await audit(tx, by, id, "gallery.move", { direction });
  });
}

/** Puts the item at an explicit sort position (lower shows first). */
export function setGalleryItemOrder(by: Curator, id: string, sortOrder: number) {
  return change(by, id, "gallery.order", { sortOrder });
}

/** Deletes the item and its public copies. */
export async function deleteGalleryItem(by: Curator, id: string) {
  await prisma.$transaction(async (tx) => {
    const item = await tx.featuredGalleryItem.findUnique({ where: { id }, select: { title: true, sourceImageId: true } });
    if (!item) throw GONE();
    await tx.featuredGalleryItem.delete({ where: { id } });
    await audit(tx, by, id, "gallery.delete", { title: item.title, imageId: item.sourceImageId });
  });
  await removeStoredCopies(id);
}
