/**
 * Demo content so a fresh install's gallery is not empty: six drawn scenes (demo-scenes.server.ts)
 * spoilt with typical camera faults (colour casts, flat or over-bright tones, softness, noise,
 * letterbox bars), enhanced by the local engine and featured across the four categories.
 * Does nothing once the gallery has any item.
 */
import type { GalleryCategory } from "../platform/db.server.ts";
import { prisma } from "../platform/db.server.ts";
import { enhance } from "@spike-land/shared/node/enhance";
import { faultyPhoto, type Faults, type SceneName } from "./demo-scenes.server.ts";
import { createGalleryItem, makeGalleryPair } from "./gallery.server.ts";

type DemoItem = { title: string; description: string; category: GalleryCategory; scene: SceneName; faults: Faults };

const DEMO_ITEMS: DemoItem[] = [
  {
    title: "Hazy sunset, bars cropped",
    description: "A washed-out lakeside sunset: contrast stretched to the full range, colour brought back and the black letterbox bars cropped away.",
    category: "LANDSCAPE",
    scene: "lake",
    faults: { contrast: 0.55, exposure: 1.25, noise: 4, blur: 0.6, letterbox: 0.1, seed: 11 },
  },
  {
    title: "Blue cast removed",
    description: "A portrait with a cool blue tint and flat tones: the cast reduced and the contrast restored.",
    category: "PORTRAIT",
    scene: "portraitIndoor",
    faults: { cast: [0.82, 0.96, 1.28], noise: 4, blur: 0.7, seed: 23 },
  },
  {
    title: "Mug for a shop listing",
    description: "An over-bright, flat product shot: highlights recovered and contrast lifted so the glaze and the wood read clearly.",
    category: "PRODUCT",
    scene: "mug",
    faults: { contrast: 0.5, exposure: 1.15, noise: 3, blur: 0.5, seed: 37 },
  },
  {
    title: "Dim skyline, brightened",
    description: "An under-exposed skyline with a green-cyan tint: shadows and midtones lifted, the cast reduced, noise smoothed and the full tonal range restored.",
    category: "ARCHITECTURE",
    scene: "skyline",
    faults: { cast: [0.88, 1.12, 0.9], exposure: 0.5, contrast: 0.8, noise: 4, blur: 0.5, seed: 41 },
  },
  {
    title: "Warm cast, balanced",
    description: "An outdoor portrait turned orange: the warm cast reduced and the contrast stretched, keeping skin tones warm but natural.",
    category: "PORTRAIT",
    scene: "portraitPark",
    faults: { cast: [1.3, 1.0, 0.75], exposure: 0.9, noise: 4, blur: 0.8, seed: 53 },
  },
  {
    title: "Facade in flat light",
    description: "A grey, low-contrast facade given depth: levels stretched and colour brought back to the warm stone.",
    category: "ARCHITECTURE",
    scene: "facade",
    faults: { contrast: 0.5, exposure: 0.85, noise: 4, blur: 0.6, seed: 67 },
  },
];

/** Creates the demo items if the gallery is empty; returns how many were created. */
export async function seedDemoGallery(adminUserId: string): Promise<number> {
  if ((await prisma.featuredGalleryItem.count()) > 0) return 0;
  // Drawn and enhanced side by side (sharp spreads over the cores); created in order so the sort order follows the list.
  const pairs = await Promise.all(
    DEMO_ITEMS.map(async (item, index) => {
      const original = await faultyPhoto(item.scene, item.faults);
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
