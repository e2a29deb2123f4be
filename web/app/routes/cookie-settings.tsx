/**
 * Cookie settings: accept or decline first-party analytics, or change an earlier choice. The banner
 * posts here too. Declining forgets the visitor id and deletes the visits recorded under it.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Button, Card, FormMessage, PageHeading } from "../components/ui.tsx";
import { handleForm } from "../.server/http/forms.server.ts";
import { safeRedirect } from "../.server/auth/guards.server.ts";
import { consentCookies, readConsent, visitorCookieValue } from "../.server/analytics/consent.server.ts";
import { forgetVisitor } from "../.server/analytics/collect.server.ts";

export const meta: MetaFunction = () => [{ title: "Cookie settings — Spike Land" }];

const consentSchema = z.object({
  choice: z.enum(["accept", "decline"]),
  redirectTo: z.string().max(2000).optional(),
});

export function loader({ request }: LoaderFunctionArgs) {
  return readConsent(request);
}

export async function action({ request }: ActionFunctionArgs) {
  return handleForm(request, consentSchema, async ({ choice, redirectTo }) => {
    if (choice === "decline") {
      const visitorId = visitorCookieValue(request);
      if (visitorId) await forgetVisitor(visitorId);
    }
    const headers = new Headers();
    for (const value of consentCookies(request, choice === "accept" ? "granted" : "denied")) headers.append("Set-Cookie", value);
    const back = safeRedirect(redirectTo, "/cookie-settings");
    return redirect(back === "/cookie-settings" ? "/cookie-settings?saved=1" : back, { headers });
  });
}

export default function CookieSettings() {
  const consent = useLoaderData<typeof loader>();
  const current = consent.browserOptOut
    ? "Your browser asks sites not to track you (Do Not Track or Global Privacy Control), so we never record your visits, whatever you choose here."
    : consent.choice === "granted"
      ? "You accepted analytics: we record the pages you visit on this site."
      : consent.choice === "denied"
        ? "You declined analytics: we record nothing about your visits."
        : "You haven't chosen yet, so nothing is recorded.";
  return (
    <div className="mx-auto max-w-2xl px-4 py-10">
      <PageHeading title="Cookie settings" description="Choose whether we may count your visits to improve Spike Land." />
      <Card className="space-y-4">
        <p className="text-slate-700">
          With your permission we keep a random visitor id in a cookie on this site and record the pages you open, where you came from (including
          campaign tags such as utm_source) and your device type. The data stays with us, is never sold or shared with advertisers, and is deleted
          after 90 days. Sign-in and shopping cookies are needed for the site to work and are not affected.
        </p>
        <FormMessage tone="info">{current}</FormMessage>
        <Form method="post" className="flex flex-wrap gap-3">
          <input type="hidden" name="redirectTo" value="/cookie-settings" />
          <Button type="submit" name="choice" value="accept" disabled={consent.browserOptOut}>
            Accept analytics
          </Button>
          <Button type="submit" name="choice" value="decline" variant="secondary">
            Decline
          </Button>
        </Form>
      </Card>
    </div>
  );
}
