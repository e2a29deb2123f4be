/** /c/<id>?to=/page — a campaign link: on to a page of this site with the campaign's UTM parameters. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getOptionalUser } from "../.server/auth/guards.server.ts";
import { orPageError } from "../.server/http/domain-errors.server.ts";
import { followCampaignLink } from "../.server/analytics/campaigns.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  const to = new URL(request.url).searchParams.get("to");
  const target = await orPageError(followCampaignLink(params.id ?? "", to, request, user?.id ?? null));
  return redirect(target, { headers: { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" } });
}
