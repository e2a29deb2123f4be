/** The Sharing card of an image page: public or not, the share link (create, copy, turn off) and how often others viewed it. */
import { Form, Link } from "@remix-run/react";
import type { FormReply } from "../../lib/form-reply.ts";
import { ReplyMessage } from "../form-reply.tsx";
import { CopyLinkField } from "../copy-link.tsx";
import { Badge, Button, Card } from "../ui.tsx";

export type ImageSharing = { isPublic: boolean; viewCount: number; sharePath: string | null; shareUrl: string | null; profilePath: string };

/** The intents this panel posts; their replies are shown here. */
export const SHARING_INTENTS = ["share", "unshare", "public"];

export function SharingPanel({ sharing, reply }: { sharing: ImageSharing; reply: FormReply | undefined }) {
  const mine = reply && SHARING_INTENTS.includes(reply.intent ?? "") ? reply : undefined;
  return (
    <Card>
      <div className="flex items-center justify-between gap-2">
        <h2 className="text-lg font-semibold text-slate-900">Sharing</h2>
        <Badge tone={sharing.isPublic ? "green" : sharing.sharePath ? "brand" : "slate"}>{sharing.isPublic ? "Public" : sharing.sharePath ? "Link only" : "Private"}</Badge>
      </div>
      <p className="mt-1 text-sm text-slate-600">
        Viewed <span data-testid="image-views">{sharing.viewCount}</span> time{sharing.viewCount === 1 ? "" : "s"} by others. Shared copies never include
        location or camera details.
      </p>
      {mine ? (
        <div className="mt-3">
          <ReplyMessage reply={mine} />
        </div>
      ) : null}
      {sharing.shareUrl && sharing.sharePath ? (
        <div className="mt-4 space-y-2">
          <CopyLinkField id="share-link" label="Share link" link={sharing.shareUrl} />
          <p className="text-sm">
            <a href={sharing.sharePath} className="font-medium text-brand-700 hover:underline">
              Open {sharing.sharePath}
            </a>
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="unshare" />
            <Button type="submit" variant="ghost" className="px-0 text-red-700 hover:bg-transparent hover:underline">
              Turn off the link
            </Button>
          </Form>
        </div>
      ) : (
        <Form method="post" className="mt-4">
          <input type="hidden" name="intent" value="share" />
          <Button type="submit" variant="secondary">
            Create share link
          </Button>
        </Form>
      )}
      <Form method="post" className="mt-4 border-t border-slate-200 pt-4">
        <input type="hidden" name="intent" value="public" />
        <input type="hidden" name="isPublic" value={sharing.isPublic ? "false" : "true"} />
        <p className="text-sm text-slate-600">
          {sharing.isPublic ? (
            <>
              Listed on <Link to={sharing.profilePath} className="font-medium text-brand-700 hover:underline">your public profile</Link>.
            </>
          ) : (
            "Public photos are listed on your public profile."
          )}
        </p>
        <Button type="submit" variant="secondary" className="mt-2">
          {sharing.isPublic ? "Make private" : "Make public"}
        </Button>
      </Form>
    </Card>
  );
}
