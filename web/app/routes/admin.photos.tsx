/**
 * Admin: photo moderation. Recent uploads across all users with owner, sharing state and views;
 * each can be unpublished, taken out of the gallery or deleted (confirmed first, always audited).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ReplyMessage } from "../components/form-reply.tsx";
import { Badge, Button, Card } from "../components/ui.tsx";
import { Pagination } from "../components/pagination.tsx";
import { requireRole } from "../.server/auth/guards.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { clientIp } from "../.server/platform/rate-limit.server.ts";
import { listRecentPhotos, MODERATION_ACTIONS, moderatePhoto } from "../.server/admin/photos.server.ts";
import { formatDate } from "../lib/format.ts";

export const meta: MetaFunction = () => [{ title: "Photos — Admin — Spike Land" }];

const query = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1) });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  const { page } = query.parse({ page: new URL(request.url).searchParams.get("page") ?? 1 });
  return { ...(await listRecentPhotos(page)), page };
}

const moderationForm = z.object({
  intent: z.enum(MODERATION_ACTIONS, { error: "Choose a photo and what to do with it." }),
  imageId: z.string({ error: "Choose a photo and what to do with it." }).trim().min(1, "Choose a photo and what to do with it.").max(100, "Choose a photo and what to do with it."),
});

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, "ADMIN");
  return handleForm(request, moderationForm, ({ intent, imageId }) => moderatePhoto(intent, actor.id, imageId, clientIp(request)));
}

const CONFIRM: Record<(typeof MODERATION_ACTIONS)[number], (name: string) => string> = {
  unpublish: (name) => `Make “${name}” private and revoke its share link?`,
  unfeature: (name) => `Remove “${name}” from the public gallery?`,
  delete: (name) => `Delete “${name}” and all its enhancements for its owner? This cannot be undone.`,
};

function ActionButton({ intent, imageId, name, busy, children, danger }: { intent: (typeof MODERATION_ACTIONS)[number]; imageId: string; name: string; busy: boolean; children: string; danger?: boolean }) {
  return (
    <Form method="post" onSubmit={(event) => { if (!confirm(CONFIRM[intent](name))) event.preventDefault(); }}>
      <input type="hidden" name="imageId" value={imageId} />
      <Button type="submit" name="intent" value={intent} variant={danger ? "danger" : "secondary"} className="px-3 py-1.5 text-xs" disabled={busy} aria-label={`${children}: ${name}`}>
        {children}
      </Button>
    </Form>
  );
}

export default function AdminPhotos() {
  const { photos, total, page, pages } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <Card aria-labelledby="photos-heading">
      <h2 id="photos-heading" className="text-lg font-semibold">Recent uploads</h2>
      <p className="text-sm text-slate-600">{total} {total === 1 ? "photo" : "photos"} across all users, newest first</p>
      {reply ? <div className="mt-4"><ReplyMessage reply={reply} /></div> : null}
      {photos.length === 0 ? <p className="mt-6 text-sm text-slate-600">No photos uploaded yet.</p> : null}
      <ul className="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="moderation-grid">
        {photos.map((photo) => (
          <li key={photo.id} className="overflow-hidden rounded-xl ring-1 ring-slate-200">
            <div className="aspect-[4/3] bg-slate-100">
              <img src={photo.thumb} alt={photo.name} loading="lazy" decoding="async" width={photo.width} height={photo.height} className="h-full w-full object-cover" />
            </div>
            <div className="space-y-2 p-3">
              <p className="truncate text-sm font-semibold text-slate-900" title={photo.name}>{photo.name}</p>
              <p className="truncate text-xs text-slate-600">
                <a href={`/admin/users/${photo.owner.id}`} className="text-brand-700 hover:underline">{photo.owner.label}</a> ·{" "}
                {formatDate(photo.createdAt, { timeZone: "UTC" })}
              </p>
              <div className="flex flex-wrap gap-1.5">
                <Badge tone={photo.isPublic ? "amber" : "slate"}>{photo.isPublic ? "Public" : "Private"}</Badge>
                {photo.shared ? <Badge tone="amber">Share link</Badge> : null}
                {photo.featured > 0 ? <Badge tone="brand">In gallery</Badge> : null}
                <Badge>{photo.viewCount} {photo.viewCount === 1 ? "view" : "views"}</Badge>
              </div>
              <div className="flex flex-wrap gap-2 pt-1">
                {photo.isPublic || photo.shared ? <ActionButton intent="unpublish" imageId={photo.id} name={photo.name} busy={busy}>Unpublish</ActionButton> : null}
                {photo.featured > 0 ? <ActionButton intent="unfeature" imageId={photo.id} name={photo.name} busy={busy}>Remove from gallery</ActionButton> : null}
                <ActionButton intent="delete" imageId={photo.id} name={photo.name} busy={busy} danger>Delete</ActionButton>
              </div>
            </div>
          </li>
        ))}
      </ul>
      <Pagination page={page} pages={pages} />
    </Card>
  );
}
