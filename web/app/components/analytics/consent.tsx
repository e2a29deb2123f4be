/**
 * The analytics consent banner and the page-view reporter. The banner sits at the foot of the
 * screen without covering the page's content; nothing is reported until the visitor accepts, and
 * never when the browser sends Do Not Track or Global Privacy Control.
 */
import { Form, Link, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { Button } from "../ui.tsx";

export type ConsentView = { choice: "granted" | "denied" | null; browserOptOut: boolean };

function browserSignalsOptOut(): boolean {
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
  return nav.doNotTrack === "1" || nav.globalPrivacyControl === true;
}

/** Posts one page view per location once consent is given. */
function usePageViews(recording: boolean) {
  const location = useLocation();
  const lastSent = useRef<string | null>(null);
  useEffect(() => {
    if (!recording || browserSignalsOptOut()) return;
    if (lastSent.current === location.key) return;
    lastSent.current = location.key;
    const body = JSON.stringify({
      url: `${location.pathname}${location.search}`,
      referrer: document.referrer,
      title: document.title,
    });
    void fetch("/analytics/events", { method: "POST", headers: { "Content-Type": "application/json" }, body, keepalive: true, credentials: "same-origin" }).catch(() => {});
  }, [recording, location.key, location.pathname, location.search]);
}

export function AnalyticsConsent({ consent }: { consent: ConsentView | null }) {
  const location = useLocation();
  const recording = consent?.choice === "granted" && !consent.browserOptOut;
  usePageViews(recording);
  if (!consent || consent.choice !== null || location.pathname === "/cookie-settings") return null;
  const here = `${location.pathname}${location.search}`;
  return (
    <section
      aria-labelledby="consent-title"
      className="sticky bottom-0 z-40 border-t border-slate-200 bg-white/95 shadow-[0_-4px_12px_rgba(15,23,42,0.08)] backdrop-blur"
      data-testid="consent-banner"
    >
      <div className="mx-auto flex max-w-6xl flex-col gap-3 px-4 py-4 sm:flex-row sm:items-center sm:justify-between">
        <div className="text-sm text-slate-700">
          <h2 id="consent-title" className="font-semibold text-slate-900">
            May we count your visit?
          </h2>
          {consent.browserOptOut ? (
            <p>Your browser asks not to be tracked, so we won't record your visits whatever you choose.</p>
          ) : (
            <p>
              With your permission we record the pages you visit here (first-party only, kept 90 days, never shared).{" "}
              <Link to="/cookie-settings" className="font-medium text-brand-700 underline underline-offset-2">
                Learn more
              </Link>
            </p>
          )}
        </div>
        <Form method="post" action="/cookie-settings" preventScrollReset className="flex shrink-0 gap-2">
          <input type="hidden" name="redirectTo" value={here} />
          <Button type="submit" name="choice" value="decline" variant="secondary">
            Decline
          </Button>
          <Button type="submit" name="choice" value="accept" disabled={consent.browserOptOut}>
            Accept
          </Button>
        </Form>
      </div>
    </section>
  );
}
