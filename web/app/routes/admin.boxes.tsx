/** Admin: every box, a page at a time, with its owner, status, uptime and cost, and a forced stop for running ones. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { AdminBoxList } from "../components/boxes/admin-box-list.tsx";
import { forceStopForm } from "../components/boxes/box-forms.ts";
import { requireRole } from "../.server/auth/guards.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { clientIp } from "../.server/platform/rate-limit.server.ts";
import { forceStop, listAllBoxes } from "../.server/boxes/boxes.server.ts";

export const meta: MetaFunction = () => [{ title: "Boxes — Admin — Spike Land" }];

const pageQuery = z.coerce.number().int().min(1).max(10_000).catch(1);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  const page = pageQuery.parse(new URL(request.url).searchParams.get("page") ?? 1);
  const list = await listAllBoxes({ page });
  return { ...list, page };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, "ADMIN");
  return handleForm(request, forceStopForm, async ({ boxId }) => {
    await forceStop(actor.id, boxId, clientIp(request));
    return "Stopping the box. Its owner is told in the box's chat.";
  });
}

export default function AdminBoxes() {
  const { boxes, total, page, pages } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return <AdminBoxList boxes={boxes} total={total} page={page} pages={pages} reply={reply} busy={busy} />;
}
