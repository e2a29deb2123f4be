/**
 * GET /api/v1/boxes/:id/messages — the box's chat, oldest first; POST {text} — say what the box's
 * browser should do ("go to example.com then screenshot"): the answer and the queued tasks come back (201).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { boxMessageInput } from "@spike-land/shared/boxes-agent";
import { apiJson, handleApi, methodNotAllowed, parseJsonBody } from "../.server/http/api.server.ts";
import { requireApiSession } from "../.server/auth/api-session.server.ts";
import { messageJson, taskJson } from "../.server/boxes/api.server.ts";
import { getBox } from "../.server/boxes/boxes.server.ts";
import { listMessages, postUserMessage } from "../.server/boxes/messages.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";

const ROUTE = "/api/v1/boxes/:id/messages";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    return apiJson({ messages: (await listMessages(user.id, params.id ?? "")).map(messageJson) });
  }, (error) => recordServerError(error, { route: ROUTE }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    const boxId = params.id ?? "";
    await getBox(user.id, boxId);
    const { text } = await parseJsonBody(request, boxMessageInput);
    const posted = await postUserMessage(user.id, boxId, text);
    return apiJson({ message: messageJson(posted.message), reply: messageJson(posted.reply), tasks: posted.tasks.map(taskJson) }, { status: 201 });
  }, (error) => recordServerError(error, { route: ROUTE }));
}
