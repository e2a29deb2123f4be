/** Starts connecting an ad account: a POST from the marketing page redirects to the platform's consent. */
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireRole } from "../.server/auth/guards.server.ts";
import { orPageError } from "../.server/http/domain-errors.server.ts";
import { platformFromSlug, startConnection } from "../.server/marketing/connect.server.ts";

export function loader() {
  return redirect("/admin/marketing");
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireRole(request, "ADMIN");
  return orPageError((async () => startConnection(request, platformFromSlug(params.platform)))());
}
