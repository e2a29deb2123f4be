/**
 * GET /api/v1/boxes/:id/tasks — the box's agent tasks, newest first (screenshots as signed URLs);
 * POST {type, payload} — queue one: NAVIGATE {url}, CLICK {selector|text}, TYPE {selector, text,
 * submit?}, SCREENSHOT, EXTRACT {selector?} (202).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { agentTaskInput } from "@spike-land/shared/boxes-agent";
import { apiJson, handleApi, methodNotAllowed, parseJsonBody } from "../.server/http/api.server.ts";
import { requireApiSession } from "../.server/auth/api-session.server.ts";
import { listTasks, queueTask } from "../.server/boxes/agent-tasks.server.ts";
import { taskJson } from "../.server/boxes/api.server.ts";
import { getBox } from "../.server/boxes/boxes.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";

const ROUTE = "/api/v1/boxes/:id/tasks";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    return apiJson({ tasks: (await listTasks(user.id, params.id ?? "")).map(taskJson) });
  }, (error) => recordServerError(error, { route: ROUTE }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    const boxId = params.id ?? "";
    // Someone else's box is not found before anything about the task is said.
    await getBox(user.id, boxId);
    const input = await parseJsonBody(request, agentTaskInput);
    const task = await queueTask(user.id, boxId, input);
    return apiJson({ task: taskJson(task) }, { status: 202 });
  }, (error) => recordServerError(error, { route: ROUTE }));
}
