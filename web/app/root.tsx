import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import stylesheet from "./tailwind.css?url";
import { Header } from "./components/header.tsx";
import { ErrorPage } from "./components/error-page.tsx";
import { useNonce } from "./components/nonce.tsx";
import { FeedbackButton } from "./components/feedback.tsx";
import { loadShell } from "./.server/layout.server.ts";
import { readConsent } from "./.server/analytics/consent.server.ts";
import { AnalyticsConsent } from "./components/analytics/consent.tsx";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [
  { title: "Spike Land — enhance, organise and print your photos" },
  { name: "description", content: "AI photo enhancement with a fair token economy, albums, a public gallery and prints." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  return { ...(await loadShell(request)), consent: readConsent(request) };
}

/** Reports uncaught browser errors so they land in the error log (FRONTEND). */
function useErrorReporting() {
  useEffect(() => {
    const send = (payload: Record<string, unknown>) => {
      const body = JSON.stringify({ route: window.location.pathname, ...payload });
      void fetch("/api/v1/client-errors", { method: "POST", headers: { "Content-Type": "application/json" }, body, keepalive: true }).catch(() => {});
    };
    const onError = (event: ErrorEvent) => {
      // The browser's note that a resize observer changed the layout again (charts, waveforms): not a fault.
      if (event.message?.startsWith("ResizeObserver loop")) return;
      send({
        message: event.message || "Unknown error",
        stack: event.error instanceof Error ? event.error.stack : undefined,
        sourceFile: event.filename || undefined,
        sourceLine: event.lineno || undefined,
        sourceColumn: event.colno || undefined,
        errorType: event.error instanceof Error ? event.error.name : undefined,
      });
    };
    const onRejection = (event: PromiseRejectionEvent) => {
      const reason: unknown = event.reason;
      send({
        message: reason instanceof Error ? reason.message : String(reason),
        stack: reason instanceof Error ? reason.stack : undefined,
        errorType: "UnhandledRejection",
      });
    };
    window.addEventListener("error", onError);
    window.addEventListener("unhandledrejection", onRejection);
    // Lets tests (and support) tell a hydrated page from server HTML.
    document.documentElement.dataset.hydrated = "true";
    return () => {
      window.removeEventListener("error", onError);
      window.removeEventListener("unhandledrejection", onRejection);
    };
  }, []);
}

export function Layout({ children }: { children: React.ReactNode }) {
  const shell = useRouteLoaderData<typeof loader>("root");
  // In the layout, not the app: error pages report browser errors too.
  useErrorReporting();
  const nonce = useNonce();
  return (
    <html lang="en" className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-full flex-col">
        <Header user={shell?.user ?? null} tokens={shell?.tokens ?? null} cartCount={shell?.cartCount ?? 0} showMailbox={shell?.showMailbox ?? false} />
        <main id="main" className="flex-1">
          {children}
        </main>
        <footer className="border-t border-slate-200 bg-white">
          <div className="mx-auto flex max-w-6xl flex-col gap-2 px-4 py-6 text-sm text-slate-600 sm:flex-row sm:justify-between">
            <p>© {new Date().getFullYear()} Spike Land</p>
            {/* A div, not a p: the feedback form inside may not sit in a paragraph (the parser would split it). */}
            <div className="flex flex-wrap gap-x-4 gap-y-1">
              <a href="/docs/api" className="underline-offset-2 hover:text-slate-900 hover:underline">
                API docs
              </a>
              <a href="/cookie-settings" className="underline-offset-2 hover:text-slate-900 hover:underline">
                Cookie settings
              </a>
              <span>All prices in GBP</span>
              <FeedbackButton signedIn={Boolean(shell?.user)} />
            </div>
          </div>
        </footer>
        <AnalyticsConsent consent={shell?.consent ?? null} />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    return <ErrorPage status={error.status} detail={typeof error.data === "string" ? error.data : null} />;
  }
  return <ErrorPage status={500} />;
}
