/**
 * GET /api/v1 — the API's index: every endpoint with its method, path and what it does, so a client
 * (or a person with curl) can find its way without the docs. The list is shared/src/api/endpoints.ts;
 * /api/v1/openapi.json has the request and response shapes, /docs/api shows them to people.
 */
import { colonPath, ENDPOINTS, type HttpMethod } from "@spike-land/shared/api/endpoints";
import { apiJson, methodNotAllowed } from "../.server/http/api.server.ts";

export type ApiEndpoint = { method: HttpMethod; path: string; description: string };

export const API_ENDPOINTS: readonly ApiEndpoint[] = ENDPOINTS.map((endpoint) => ({
  method: endpoint.method,
  path: colonPath(endpoint.path),
  description: endpoint.description,
}));

export function loader() {
  return apiJson({ endpoints: API_ENDPOINTS });
}

export function action() {
  return methodNotAllowed(["GET"]);
}
