/** Any other /api/v1 path: a JSON 404 in the API's error shape. */
import { apiError } from "../.server/http/api.server.ts";

export function loader() {
  return apiError("not_found", "There is no API endpoint at this path. See /api/v1 for the list.");
}

export function action() {
  return apiError("not_found", "There is no API endpoint at this path. See /api/v1 for the list.");
}
