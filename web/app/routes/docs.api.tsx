/**
 * /docs/api — the HTTP API for people: every endpoint grouped by what it is for, with who may call it,
 * what it takes and what it answers, read from the same OpenAPI document /api/v1/openapi.json serves.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useEffect, useMemo, useRef, useState } from "react";
import { openApiDocument } from "@spike-land/shared/api/openapi";
import { apiReference, type ApiReference } from "../lib/api-reference.ts";
import { appUrlFor } from "../.server/platform/env.server.ts";
import { Card, PageHeading } from "../components/ui.tsx";
import { CodeBlock, EndpointCard, ErrorList, Inline, MethodBadge, SchemaView } from "../components/api-reference.tsx";

export const meta: MetaFunction = () => [
  { title: "API reference — Spike Land" },
  { name: "description", content: "The Spike Land HTTP API: sign in, upload and enhance photos, albums, boxes and the audio mixer, with every request and response." },
];

const references = new Map<string, ApiReference>();

export function loader({ request }: LoaderFunctionArgs) {
  const serverUrl = appUrlFor(request);
  let reference = references.get(serverUrl);
  if (!reference) {
    reference = apiReference(openApiDocument(serverUrl));
    references.set(serverUrl, reference);
  }
  return { reference };
}

/** The section or endpoint at the top of the window, as the reader scrolls (null until the page runs). */
function useCurrentSection(ids: string[]): string | null {
  const [current, setCurrent] = useState<string | null>(null);
  useEffect(() => {
    const visible = new Set<string>();
    // The band below the sticky header: what sits there is what is being read.
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (entry.isIntersecting) visible.add(entry.target.id);
          else visible.delete(entry.target.id);
        }
        const first = ids.find((id) => visible.has(id));
        if (first) setCurrent(first);
      },
      { rootMargin: "-96px 0px -55% 0px" },
    );
    for (const id of ids) {
      const element = document.getElementById(id);
      if (element) observer.observe(element);
    }
    return () => observer.disconnect();
  }, [ids]);
  return current;
}

function linkClass(active: boolean, base: string): string {
  return `${base} ${active ? "text-brand-700" : "text-slate-900 hover:text-brand-700"}`;
}

function Contents({ reference, current }: { reference: ApiReference; current: string | null }) {
  return (
    <ol className="space-y-5 text-sm">
      <li>
        <a href="#getting-started" aria-current={current === "getting-started" ? "location" : undefined} className={linkClass(current === "getting-started", "font-semibold")}>
          Getting started
        </a>
      </li>
      <li>
        <a href="#errors" aria-current={current === "errors" ? "location" : undefined} className={linkClass(current === "errors", "font-semibold")}>
          Errors
        </a>
      </li>
      {reference.tags.map((tag) => (
        <li key={tag.id}>
          <a href={`#${tag.id}`} className="font-semibold text-slate-900 hover:text-brand-700">
            {tag.name}
          </a>
          <ol className="mt-2 space-y-1 border-l border-slate-200">
            {tag.endpoints.map((endpoint) => (
              <li key={endpoint.id}>
                <a
                  href={`#${endpoint.id}`}
                  aria-current={current === endpoint.id ? "location" : undefined}
                  className={`-ml-px flex items-center gap-2 border-l py-0.5 pl-3 ${
                    current === endpoint.id ? "border-brand-600 font-medium text-brand-700" : "border-transparent text-slate-700 hover:border-slate-400 hover:text-slate-900"
                  }`}
                >
                  <MethodBadge method={endpoint.method} size="sm" />
                  <span className="min-w-0 truncate">{endpoint.summary}</span>
                </a>
              </li>
            ))}
          </ol>
        </li>
      ))}
    </ol>
  );
}

export default function ApiDocs() {
  const { reference } = useLoaderData<typeof loader>();
  const operations = reference.tags.reduce((count, tag) => count + tag.endpoints.length, 0);
  const ids = useMemo(() => ["getting-started", "errors", ...reference.tags.flatMap((tag) => tag.endpoints.map((endpoint) => endpoint.id))], [reference]);
  const current = useCurrentSection(ids);
  const sidebar = useRef<HTMLDivElement>(null);
  // Keeps the current entry in view in the sidebar, which scrolls on its own.
  useEffect(() => {
    const box = sidebar.current;
    const link = current ? box?.querySelector<HTMLElement>(`a[href="#${current}"]`) : null;
    if (!box || !link) return;
    if (link.offsetTop < box.scrollTop || link.offsetTop + link.offsetHeight > box.scrollTop + box.clientHeight) {
      box.scrollTop = link.offsetTop - box.clientHeight / 3;
    }
  }, [current]);
  const signIn = [
    `curl -X POST "${reference.serverUrl}/api/v1/sessions" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '{"email":"you@example.com","password":"…"}'`,
    ``,
    `curl "${reference.serverUrl}/api/v1/me" -H "Authorization: Bearer $TOKEN"`,
  ].join("\n");
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <PageHeading
        title="API reference"
        description={`Everything the HTTP API offers: ${operations} operations, each with who may call it, what it takes and what it answers. This page and the OpenAPI document are made from the schemas the server checks requests with.`}
        actions={
          <div className="flex flex-wrap gap-2">
            <a
              href="/api/v1/openapi.json"
              className="inline-flex items-center justify-center gap-2 rounded-lg bg-white px-4 py-2.5 text-sm font-semibold text-slate-800 shadow-sm ring-1 ring-slate-300 hover:bg-slate-50"
            >
              <svg aria-hidden="true" viewBox="0 0 16 16" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="1.6">
                <path d="M5 3H4a1.5 1.5 0 0 0-1.5 1.5v2L1.5 8l1 1.5v2A1.5 1.5 0 0 0 4 13h1M11 3h1a1.5 1.5 0 0 1 1.5 1.5v2l1 1.5-1 1.5v2A1.5 1.5 0 0 1 12 13h-1" />
              </svg>
              OpenAPI 3.1 JSON
            </a>
          </div>
        }
      />

      <details className="mb-8 rounded-xl bg-white shadow-sm ring-1 ring-slate-200 lg:hidden">
        <summary className="cursor-pointer px-4 py-3 text-sm font-semibold text-slate-900">Contents</summary>
        <nav aria-label="API reference contents" className="border-t border-slate-100 px-4 py-4">
          <Contents reference={reference} current={current} />
        </nav>
      </details>

      <div className="lg:grid lg:grid-cols-[15rem_minmax(0,1fr)] lg:gap-10">
        <nav aria-label="API reference" className="hidden lg:block">
          <div ref={sidebar} className="sticky top-24 max-h-[calc(100vh-7rem)] overflow-y-auto pb-8 pr-2">
            <Contents reference={reference} current={current} />
          </div>
        </nav>

        <div className="min-w-0 space-y-12">
          <Card id="getting-started" aria-labelledby="getting-started-heading" className="scroll-mt-24">
            <h2 id="getting-started-heading" className="text-lg font-semibold text-slate-900">
              Getting started
            </h2>
            <p className="mt-2 flex flex-wrap items-baseline gap-x-2 gap-y-1 text-sm text-slate-700">
              <span>Base address:</span>
              <code className="break-all rounded bg-slate-100 px-1.5 py-0.5 font-mono text-sm text-slate-900">{reference.serverUrl}/api/v1</code>
            </p>
            <div className="mt-4 space-y-3 text-sm text-slate-700">
              {reference.paragraphs.map((paragraph) => (
                <p key={paragraph}>
                  <Inline text={paragraph} />
                </p>
              ))}
            </div>
            <h3 className="mt-6 text-sm font-semibold text-slate-900">Sign in, then ask who you are</h3>
            <div className="mt-2">
              <CodeBlock label="Example: sign in, then ask who you are">{signIn}</CodeBlock>
            </div>
          </Card>

          <Card id="errors" aria-labelledby="errors-heading" className="scroll-mt-24">
            <h2 id="errors-heading" className="text-lg font-semibold text-slate-900">
              Errors
            </h2>
            <p className="mt-2 text-sm text-slate-700">Every error has this shape, with the status that matches its code:</p>
            <div className="mt-3">
              <SchemaView node={reference.errorShape} direction="response" />
            </div>
            <h3 className="mt-6 text-sm font-semibold text-slate-900">Codes</h3>
            <div className="mt-2">
              <ErrorList errors={reference.errorCodes} />
            </div>
          </Card>

          {reference.tags.map((tag) => (
            <section key={tag.id} id={tag.id} aria-labelledby={`${tag.id}-heading`} className="scroll-mt-24">
              <div className="mb-4">
                <h2 id={`${tag.id}-heading`} className="text-xl font-bold tracking-tight text-slate-900">
                  {tag.name}
                </h2>
                <p className="mt-1 text-sm text-slate-600">{tag.description}</p>
              </div>
              <div className="space-y-6">
                {tag.endpoints.map((endpoint) => (
                  <EndpointCard key={endpoint.id} endpoint={endpoint} />
                ))}
              </div>
            </section>
          ))}
        </div>
      </div>
    </div>
  );
}
