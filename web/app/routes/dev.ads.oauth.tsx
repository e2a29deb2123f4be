/**
 * The built-in ad platform's consent page (development only, and only while MARKETING_PROVIDER is
 * local): it asks whether Spike Land may read the campaigns, then sends the browser back to the
 * app's callback with an authorization code, or with access_denied.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { localAdPlatformSecret, PLATFORM_LABELS, PLATFORM_SLUGS, platformSlug, usesLocalAdPlatform } from "../.server/providers/marketing/index.server.ts";
import { localConsentRedirect } from "../.server/providers/marketing/local.server.ts";
import { Button, Card } from "../components/ui.tsx";

export const meta: MetaFunction = () => [{ title: "Local ad platform — authorize (development)" }];

const consentRequest = z.object({
  platform: z.enum(["google-ads", "facebook"]),
  redirect_uri: z.url(),
  state: z.string().min(1).max(500),
  code_challenge: z.string().max(200).optional(),
});

function readRequest(request: Request) {
  if (!usesLocalAdPlatform()) throw new Response("Not found", { status: 404 });
  const parsed = consentRequest.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw new Response("This authorization request is missing its platform, redirect_uri or state.", { status: 400 });
  const platform = PLATFORM_SLUGS[parsed.data.platform]!;
  // Codes go only to the app's own callback for this platform, never to an arbitrary address.
  if (new URL(parsed.data.redirect_uri).pathname !== `/admin/marketing/callback/${platformSlug(platform)}`) {
    throw new Response("That redirect_uri is not registered with the local ad platform.", { status: 400 });
  }
  return { platform, redirectUri: parsed.data.redirect_uri, state: parsed.data.state, codeChallenge: parsed.data.code_challenge ?? null };
}

export function loader({ request }: LoaderFunctionArgs) {
  const consent = readRequest(request);
  return { platform: consent.platform, label: PLATFORM_LABELS[consent.platform], returnTo: new URL(consent.redirectUri).host };
}

export async function action({ request }: ActionFunctionArgs) {
  const consent = readRequest(request);
  const decision = (await request.formData()).get("decision");
  return redirect(localConsentRedirect(consent.platform, consent, decision === "allow", { secret: localAdPlatformSecret() }));
}

export default function LocalAdConsent() {
  const { label, returnTo } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-lg px-4 py-12">
      <p className="mb-3 text-sm font-medium uppercase tracking-wide text-slate-500">Local ad platform · development</p>
      <Card className="space-y-5">
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">Allow Spike Land to read your {label} campaigns?</h1>
        <p className="text-slate-600">
          Spike Land at <strong className="text-slate-900">{returnTo}</strong> asks to see your ad accounts and the daily impressions, clicks, spend and conversions of their campaigns. It cannot change
          your campaigns.
        </p>
        <p className="text-sm text-slate-500">This page stands in for {label}&apos;s consent screen while the app runs with the built-in ad platform.</p>
        <Form method="post" className="flex flex-col gap-3 sm:flex-row">
          <Button type="submit" name="decision" value="allow">
            Allow
          </Button>
          <Button type="submit" name="decision" value="deny" variant="secondary">
            Deny
          </Button>
        </Form>
      </Card>
    </div>
  );
}
