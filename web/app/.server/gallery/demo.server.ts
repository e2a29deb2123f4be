/**
 * Demo content so a fresh install's gallery is not empty: six synthetic photos with typical faults
 * (under-exposure, colour casts, flat contrast), enhanced by the local engine and
 * featured across the four categories. Does nothing once the gallery has any item.
 */
import type { GalleryCategory } from "../db.server.ts";
import { prisma } from "../db.server.ts";
import { enhance } from "@spike-land/shared/node/enhance";
import { syntheticJpeg, type SyntheticPhoto } from "@spike-land/shared/node/enhance/synthetic";
import { createGalleryItem, makeGalleryPair } from "./gallery.server.ts";

type DemoItem = { title: string; description: string; category: GalleryCategory; photo: SyntheticPhoto };

const DEMO_ITEMS: DemoItem[] = [
  {
    title: "Golden hour, rescued",
    description: "An under-exposed evening shot brought back to the light it was taken in.",
    category: "LANDSCAPE",
    photo: { width: 480, height: 320, exposure: 0.45, seed: 11 },
  },
  {
    title: "Blue cast removed",
    description: "Indoor light turned everything blue; neutral colour restored.",
    category: "PORTRAIT",
    photo: { width: 320, height: 400, cast: [0.8, 0.95, 1.3], seed: 23 },
  },
  {
    title: "Product on white",
    description: "Flat, hazy contrast lifted so the colours pop for a shop listing.",
    category: "PRODUCT",
    photo: { width: 400, height: 400, contrast: 0.45, seed: 37 },
  },
  {
    title: "Dusk street, brightened",
    description: "A dim, green-tinted street scene given clean light and true colour.",
    category: "ARCHITECTURE",
    photo: { width: 480, height: 320, exposure: 0.55, cast: [0.9, 1.15, 0.9], seed: 41 },
  },
  {
    title: "Warm cast, balanced",
    description: "Tungsten orange tamed while keeping skin tones natural.",
    category: "PORTRAIT",
    photo: { width: 300, height: 400, cast: [1.3, 1.0, 0.75], exposure: 0.8, seed: 53 },
  },
  {
    title: "Facade in flat light",
    description: "A grey-day facade given depth and clean whites.",
    category: "ARCHITECTURE",
    photo: { width: 440, height: 330, contrast: 0.5, exposure: 0.75, seed: 67 },
  },
];

/** Creates the demo items if the gallery is empty; returns how many were created. */
export async function seedDemoGallery(adminUserId: string): Promise<number> {
  if ((await prisma.featuredGalleryItem.count()) > 0) return 0;
  // Enhanced side by side (sharp spreads over the cores); created in order so the sort order follows the list.
  const pairs = await Promise.all(
    DEMO_ITEMS.map(async (item, index) => {
      const original = await syntheticJpeg(item.photo);
      const result = await enhance(original, { tier: index % 2 === 0 ? "FREE" : "TIER_1K" });
      return makeGalleryPair(original, result.output.output, result.wasCropped ? result.crop : null);
    }),
  );
  let created = 0;
  for (const [index, item] of DEMO_ITEMS.entries()) {
    await createGalleryItem({ actorId: adminUserId }, pairs[index]!, { title: item.title, description: item.description, category: item.category });
    created += 1;
  }
  return created;
}
