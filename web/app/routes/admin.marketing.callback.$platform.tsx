/**
 * Where an ad platform sends the browser back after consent. The state must match the one this
 * browser was given at the start; on success the page redirects to the marketing page, otherwise it
 * explains what went wrong with a way back.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DomainError } from "@spike-land/shared/errors";
import { requireRole } from "../.server/auth/guards.server.ts";
import { clearConnectionCookie, finishConnection, platformFromSlug } from "../.server/marketing/connect.server.ts";
import { Card, FormMessage, PageHeading } from "../components/ui.tsx";

export const meta: MetaFunction = () => [{ title: "Connecting an ad account — Admin — Spike Land" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "ADMIN");
  const headers = { "Set-Cookie": await clearConnectionCookie() };
  try {
    const platform = platformFromSlug(params.platform);
    const connected = await finishConnection(request, platform, user.id);
    return redirect(`/admin/marketing?connected=${connected}&platform=${params.platform}`, { headers });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data({ error: error.message }, { status: error.status, headers });
  }
}

export default function MarketingCallback() {
  const { error } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <PageHeading title="The ad account was not connected" />
      <Card className="space-y-4 p-6">
        <FormMessage>{error}</FormMessage>
        <Link to="/admin/marketing" className="inline-block rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2">
          Back to marketing
        </Link>
      </Card>
    </div>
  );
}
