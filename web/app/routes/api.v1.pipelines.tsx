/** GET /api/v1/pipelines — the pipelines the caller can run (own first, then public); POST creates one of theirs. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { PipelineListResponse, PipelineResponse } from "@spike-land/shared/api/albums";
import { pipelineJsonSchema } from "@spike-land/shared/images/pipelines";
import { apiJson, handleApi, methodNotAllowed, parseJsonBody } from "../.server/http/api.server.ts";
import { requireApiSession } from "../.server/auth/api-session.server.ts";
import { createPipeline, listUsablePipelines, summarize } from "../.server/pipelines/pipelines.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";

const ROUTE = "/api/v1/pipelines";

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    const body: PipelineListResponse = { pipelines: await listUsablePipelines(user.id) };
    return apiJson(body);
  }, (error) => recordServerError(error, { route: ROUTE }));
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    const input = await parseJsonBody(request, pipelineJsonSchema);
    const pipeline = await createPipeline(user.id, input);
    const body: PipelineResponse = { pipeline: summarize(pipeline, user.id) };
    return apiJson(body, { status: 201 });
  }, (error) => recordServerError(error, { route: ROUTE }));
}
