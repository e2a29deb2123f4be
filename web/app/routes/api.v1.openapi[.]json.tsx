/**
 * GET /api/v1/openapi.json — the API as an OpenAPI 3.1 document, made from the endpoint list and zod
 * schemas in shared/src/api. Public and cacheable: it changes only when the server is updated.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { openApiDocument } from "@spike-land/shared/api/openapi";
import { methodNotAllowed } from "../.server/http/api.server.ts";
import { appUrlFor } from "../.server/platform/env.server.ts";

type Served = { body: string; etag: string };
const served = new Map<string, Promise<Served>>();

/** The document's text and its entity tag, made once per server address. */
function documentFor(serverUrl: string): Promise<Served> {
  let found = served.get(serverUrl);
  if (!found) {
    found = (async () => {
      const body = JSON.stringify(openApiDocument(serverUrl));
      const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body)));
      const etag = `"${Array.from(digest.subarray(0, 16), (byte) => byte.toString(16).padStart(2, "0")).join("")}"`;
      return { body, etag };
    })();
    served.set(serverUrl, found);
  }
  return found;
}

/** Whether If-None-Match names this tag (weak or strong, alone, in a list, or `*`). */
function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((tag) => {
    const value = tag.trim();
    return value === "*" || value.replace(/^W\//, "") === etag;
  });
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { body, etag } = await documentFor(appUrlFor(request));
  const headers = new Headers({
    "Cache-Control": "public, max-age=300",
    ETag: etag,
    // Public and read-only, so API explorers on other sites may load it.
    "Access-Control-Allow-Origin": "*",
  });
  if (matches(request.headers.get("If-None-Match"), etag)) return new Response(null, { status: 304, headers });
  headers.set("Content-Type", "application/json; charset=utf-8");
  return new Response(body, { headers });
}

export function action() {
  return methodNotAllowed(["GET"]);
}
