/**
 * Admin: gallery curation. Shown and hidden items with move up/down, an explicit position, hide/show,
 * edit and delete; and a picker of recent completed jobs to feature with a title and category.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { FeaturableJobs, GalleryItems } from "../components/admin/gallery.tsx";
import { galleryIntents } from "../components/admin/gallery-forms.ts";
import { ReplyMessage } from "../components/form-reply.tsx";
import { requireRole } from "../.server/auth/guards.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { clientIp } from "../.server/platform/rate-limit.server.ts";
import {
  deleteGalleryItem,
  featureJob,
  GALLERY_CATEGORY_LABEL,
  listAllGalleryItems,
  moveGalleryItem,
  setGalleryItemActive,
  setGalleryItemOrder,
  updateGalleryItem,
} from "../.server/gallery/gallery.server.ts";
import { listFeaturableJobs } from "../.server/admin/featurable-jobs.server.ts";
import { GALLERY_CATEGORIES } from "@spike-land/shared/gallery";

export const meta: MetaFunction = () => [{ title: "Gallery — Admin — Spike Land" }];

const query = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1) });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  const { page } = query.parse({ page: new URL(request.url).searchParams.get("page") ?? 1 });
  const [items, featurable] = await Promise.all([listAllGalleryItems(), listFeaturableJobs(page)]);
  return {
    items: items.map((item) => ({ ...item, categoryLabel: GALLERY_CATEGORY_LABEL[item.category] })),
    featurable,
    categories: GALLERY_CATEGORIES.map((value) => ({ value, label: GALLERY_CATEGORY_LABEL[value] })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, "ADMIN");
  const by = { actorId: actor.id, ipAddress: clientIp(request) };
  return handleForm(request, galleryIntents, async (input) => {
    switch (input.intent) {
      case "feature": {
        const item = await featureJob(by, input.jobId, input);
        return `“${item.title}” is now in the gallery.`;
      }
      case "update":
        await updateGalleryItem(by, input.id, input);
        return `“${input.title}” saved.`;
      case "order":
        await setGalleryItemOrder(by, input.id, input.sortOrder);
        return "Position saved.";
      case "show":
      case "hide":
        await setGalleryItemActive(by, input.id, input.intent === "show");
        return input.intent === "show" ? "The item is shown in the gallery again." : "The item is hidden from the gallery.";
      case "delete":
        await deleteGalleryItem(by, input.id);
        return "The item and its public copies were deleted.";
      case "up":
      case "down":
        await moveGalleryItem(by, input.id, input.intent);
        return input.intent === "up" ? "Moved up." : "Moved down.";
    }
  });
}

export default function AdminGallery() {
  const { items, featurable, categories } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="space-y-6">
      <ReplyMessage reply={reply} />
      <GalleryItems items={items} categories={categories} reply={reply} busy={busy} />
      <FeaturableJobs featurable={featurable} categories={categories} reply={reply} busy={busy} />
    </div>
  );
}
