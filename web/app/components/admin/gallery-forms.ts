/** The gallery curation forms, read by the action through the form pipeline and by the page while typing. Browser-safe. */
import { z } from "zod";
import { GALLERY_CATEGORIES } from "@spike-land/shared/gallery";
import { optionalText } from "@spike-land/shared/forms";

/** The title, description and category an admin gives an item. */
const itemFields = {
  title: z.string({ error: "Give the item a title." }).trim().min(1, "Give the item a title.").max(120, "Keep the title under 120 characters."),
  description: optionalText(500, "Keep the description under 500 characters."),
  category: z.enum(GALLERY_CATEGORIES, { error: "Choose a category: portrait, landscape, product or architecture." }),
};

const itemId = z.string({ error: "Choose a gallery item." }).trim().min(1, "Choose a gallery item.").max(100, "Choose a gallery item.");
const POSITION = "Enter a whole number for the position.";

/** Every form of the gallery page, told apart by its intent. */
export const galleryIntents = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("feature"),
      jobId: z.string({ error: "Choose a completed job to feature." }).trim().min(1, "Choose a completed job to feature.").max(100, "Choose a completed job to feature."),
      ...itemFields,
    }),
    z.object({ intent: z.literal("update"), id: itemId, ...itemFields }),
    z.object({ intent: z.literal("order"), id: itemId, sortOrder: z.coerce.number({ error: POSITION }).int(POSITION).min(0, "Enter 0 or more.").max(100_000, "Enter a smaller position.") }),
    z.object({ intent: z.enum(["show", "hide", "up", "down", "delete"]), id: itemId }),
  ],
  { error: "Choose a gallery item and what to do with it." },
);
