/**
 * GET /api/v1/images — the caller's photos, newest first; POST — upload one or many (multipart),
 * optionally with the `sha256` of each file's source and an `albumId` to add the images to.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { UploadResponse } from "@spike-land/shared/api/uploads";
import { imageListQuery } from "@spike-land/shared/api/images";
import { apiError, apiJson, handleApi, methodNotAllowed, parseQuery } from "../.server/http/api.server.ts";
import { requireApiSession } from "../.server/auth/api-session.server.ts";
import { listImages, publicImage } from "../.server/images/library.server.ts";
import { receiveUploads } from "../.server/images/receive.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    const query = parseQuery(request, imageListQuery);
    const library = await listImages(user.id, query.page, query.pageSize);
    return apiJson({
      images: await Promise.all(library.images.map(publicImage)),
      page: library.page,
      pages: library.pages,
      total: library.total,
    });
  }, (error) => recordServerError(error, { route: "/api/v1/images" }));
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    const outcome = await receiveUploads(request, user.id);
    if (outcome.status === 429) {
      return apiError("rate_limited", outcome.message ?? "Too many uploads.", { headers: { "Retry-After": String(outcome.retryAfterSeconds ?? 60) } });
    }
    if (outcome.results.length === 0) {
      const message = outcome.message ?? "Send at least one file.";
      if (outcome.field) return apiError("validation_failed", message, { fields: { [outcome.field]: [message] } });
      if (outcome.status === 404) return apiError("not_found", message);
      return apiError("bad_request", message);
    }
    if (outcome.status === 422) {
      const fields: Record<string, string[]> = {};
      outcome.results.forEach((result, index) => {
        if (!result.ok) fields[`files.${index}`] = [result.error];
      });
      return apiError("validation_failed", outcome.message ?? "None of the files could be uploaded.", { fields });
    }
    const body: UploadResponse = { results: outcome.results };
    return apiJson(body, { status: outcome.status });
  }, (error) => recordServerError(error, { route: "/api/v1/images" }));
}
