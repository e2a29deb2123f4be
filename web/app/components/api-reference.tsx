/** The pieces of the API docs page: method and status badges, schema field lists, endpoint cards. */
import type { ReactNode } from "react";
import { cx } from "./ui.tsx";
import type { BodyView, EndpointView, ErrorView, FieldNode, SchemaNode } from "../lib/api-reference.ts";

const METHOD_STYLES: Record<string, string> = {
  GET: "bg-emerald-100 text-emerald-800",
  POST: "bg-brand-100 text-brand-700",
  PUT: "bg-amber-100 text-amber-900",
  PATCH: "bg-sky-100 text-sky-900",
  DELETE: "bg-red-100 text-red-800",
};

export function MethodBadge({ method, size = "md" }: { method: string; size?: "sm" | "md" }) {
  return (
    <span
      className={cx(
        "inline-flex shrink-0 items-center justify-center rounded font-mono font-bold tracking-wide",
        size === "sm" ? "w-12 px-1 py-0.5 text-[0.625rem]" : "w-16 px-1.5 py-1 text-xs",
        METHOD_STYLES[method] ?? "bg-slate-100 text-slate-800",
      )}
    >
      {method}
    </span>
  );
}

function StatusBadge({ status }: { status: string }) {
  const tone = status.startsWith("2") ? "bg-emerald-100 text-emerald-800" : status.startsWith("5") ? "bg-red-100 text-red-800" : "bg-amber-100 text-amber-900";
  return <span className={cx("inline-flex shrink-0 items-center rounded px-1.5 py-0.5 font-mono text-xs font-bold", tone)}>{status}</span>;
}

const AUTH_TEXT = { required: "Needs sign-in", optional: "Sign-in optional", none: "No sign-in" } as const;

function AuthBadge({ auth }: { auth: EndpointView["auth"] }) {
  return (
    <span
      className={cx(
        "inline-flex shrink-0 items-center gap-1.5 self-start rounded-full px-2.5 py-0.5 text-xs font-semibold",
        auth === "required" ? "bg-slate-100 text-slate-700" : "bg-emerald-50 text-emerald-800",
      )}
    >
      <svg aria-hidden="true" viewBox="0 0 16 16" className="h-3.5 w-3.5" fill="none" stroke="currentColor" strokeWidth="1.6">
        {auth === "required" ? (
          <>
            <rect x="3" y="7" width="10" height="7" rx="1.5" />
            <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" />
          </>
        ) : (
          <>
            <rect x="3" y="7" width="10" height="7" rx="1.5" />
            <path d="M5.5 7V5a2.5 2.5 0 0 1 4.9-.7" />
          </>
        )}
      </svg>
      {AUTH_TEXT[auth]}
    </span>
  );
}

/** Text with `code` spans and **bold** runs, as the document's descriptions write them. */
export function Inline({ text }: { text: string }) {
  const parts = text.split(/(`[^`]+`|\*\*[^*]+\*\*)/g);
  return (
    <>
      {parts.map((part, index) => {
        if (part.startsWith("`") && part.endsWith("`") && part.length > 1) {
          return (
            <code key={index} className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] text-slate-800">
              {part.slice(1, -1)}
            </code>
          );
        }
        if (part.startsWith("**") && part.endsWith("**")) return <strong key={index}>{part.slice(2, -2)}</strong>;
        return part;
      })}
    </>
  );
}

/** A path that may wrap after each slash, never inside a word. */
function PathText({ path }: { path: string }) {
  const parts = path.split("/");
  return (
    <>
      {parts.map((part, index) => (
        <span key={index}>
          {index > 0 ? "/" : ""}
          {part}
          {index < parts.length - 1 ? <wbr /> : null}
        </span>
      ))}
    </>
  );
}

export function CodeBlock({ children, label }: { children: string; label: string }) {
  return (
    // Focusable, so a keyboard can scroll a long line into view.
    <pre tabIndex={0} aria-label={label} className="overflow-x-auto rounded-lg bg-slate-900 px-4 py-3 text-xs leading-relaxed text-slate-100">
      <code>{children}</code>
    </pre>
  );
}

function TypeLine({ node }: { node: SchemaNode }) {
  return (
    <span className="font-mono text-xs text-slate-600">
      {node.type}
      {node.nullable ? " or null" : ""}
    </span>
  );
}

function NodeDetails({ node }: { node: SchemaNode }) {
  if (!node.description && !node.notes.length && !node.values) return null;
  return (
    <div className="mt-1 space-y-1 text-sm text-slate-600">
      {node.description ? <p>{node.description}</p> : null}
      {node.values ? (
        <p className="flex flex-wrap items-center gap-1">
          <span>One of</span>
          {node.values.map((value) => (
            <code key={value} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800">
              {value}
            </code>
          ))}
        </p>
      ) : null}
      {node.notes.length ? <p>{node.notes.join(" · ")}</p> : null}
    </div>
  );
}

/**
 * Which way the data goes: a request's fields are required or optional to send; a response's
 * fields are always there unless marked as sometimes left out.
 */
type Direction = "request" | "response";

function Presence({ required, direction }: { required: boolean; direction: Direction }) {
  if (direction === "response") return required ? null : <span className="text-xs text-slate-600">sometimes left out</span>;
  return required ? <span className="text-xs font-semibold text-amber-800">required</span> : <span className="text-xs text-slate-600">optional</span>;
}

function Variants({ variants, direction }: { variants: NonNullable<SchemaNode["variants"]>; direction: Direction }) {
  return (
    <div className="mt-2 space-y-3">
      {variants.map((variant) => (
        <div key={variant.label}>
          <p className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-slate-600">
            When <span className="font-mono normal-case">{variant.label}</span>
          </p>
          <SchemaView node={variant.node} direction={direction} />
        </div>
      ))}
    </div>
  );
}

function Fields({ fields, direction }: { fields: FieldNode[]; direction: Direction }) {
  return (
    <ul className="divide-y divide-slate-100 rounded-lg bg-white ring-1 ring-slate-200">
      {fields.map((field) => (
        <li key={field.name} className="px-3 py-2.5">
          <div className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
            <code className="break-all font-mono text-sm font-semibold text-slate-900">{field.name}</code>
            <TypeLine node={field.node} />
            <Presence required={field.required} direction={direction} />
          </div>
          <NodeDetails node={field.node} />
          {field.node.fields?.length ? (
            <div className="mt-2 border-l-2 border-slate-100 pl-3">
              <Fields fields={field.node.fields} direction={direction} />
            </div>
          ) : null}
          {field.node.variants ? (
            <div className="border-l-2 border-slate-100 pl-3">
              <Variants variants={field.node.variants} direction={direction} />
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** A schema as people read it: its fields, its shapes, or its one type. */
export function SchemaView({ node, direction }: { node: SchemaNode; direction: Direction }) {
  if (node.fields?.length) {
    return (
      <div>
        {node.type !== "object" ? (
          <p className="mb-1.5 text-sm text-slate-600">
            <TypeLine node={node} />
          </p>
        ) : null}
        <Fields fields={node.fields} direction={direction} />
      </div>
    );
  }
  if (node.variants) return <Variants variants={node.variants} direction={direction} />;
  return (
    <div className="rounded-lg bg-white px-3 py-2.5 ring-1 ring-slate-200">
      <TypeLine node={node} />
      <NodeDetails node={node} />
    </div>
  );
}

function SubHeading({ children }: { children: ReactNode }) {
  return <h4 className="mb-2 text-xs font-semibold uppercase tracking-wider text-slate-600">{children}</h4>;
}

function Body({ body, name, direction }: { body: BodyView; name: string; direction: Direction }) {
  return (
    <div className="space-y-2">
      <SchemaView node={body.node} direction={direction} />
      {body.example ? <CodeBlock label={`Example ${name}`}>{body.example}</CodeBlock> : null}
    </div>
  );
}

export function ErrorList({ errors }: { errors: ErrorView[] }) {
  return (
    <ul className="space-y-1.5 text-sm">
      {errors.map((error) => (
        <li key={error.status} className="flex items-baseline gap-2">
          <StatusBadge status={error.status} />
          <span className="min-w-0 text-slate-700">
            <code className="font-mono text-xs font-semibold text-slate-900">{error.code}</code>{" "}
            <span className="text-slate-600">
              <Inline text={error.description} />
            </span>
          </span>
        </li>
      ))}
    </ul>
  );
}

export function EndpointCard({ endpoint }: { endpoint: EndpointView }) {
  const headingId = `${endpoint.id}-heading`;
  const path = endpoint.parameters.filter((parameter) => parameter.where === "path");
  const query = endpoint.parameters.filter((parameter) => parameter.where === "query");
  const toFields = (parameters: typeof path): FieldNode[] =>
    parameters.map((parameter) => ({ name: parameter.name, required: parameter.required, node: { ...parameter.node, description: parameter.description ?? parameter.node.description } }));
  return (
    <article id={endpoint.id} aria-labelledby={headingId} className="scroll-mt-24 rounded-2xl bg-white shadow-sm ring-1 ring-slate-200">
      <header className="border-b border-slate-100 px-4 py-4 sm:px-6">
        <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
          <h3 id={headingId} className="text-base font-semibold text-slate-900">
            <a href={`#${endpoint.id}`} className="hover:underline">
              {endpoint.summary}
            </a>
          </h3>
          <AuthBadge auth={endpoint.auth} />
        </div>
        <p className="mt-2 flex items-center gap-2">
          <MethodBadge method={endpoint.method} />
          <code className="min-w-0 break-words font-mono text-sm text-slate-800">
            <PathText path={endpoint.path} />
          </code>
        </p>
      </header>
      <div className="space-y-5 px-4 py-4 sm:px-6 sm:py-5">
        <div className="space-y-2 text-sm text-slate-700">
          {endpoint.paragraphs.map((paragraph) => (
            <p key={paragraph}>
              <Inline text={paragraph} />
            </p>
          ))}
        </div>

        {path.length ? (
          <section>
            <SubHeading>Path parameters</SubHeading>
            <Fields fields={toFields(path)} direction="request" />
          </section>
        ) : null}
        {query.length ? (
          <section>
            <SubHeading>Query parameters</SubHeading>
            <Fields fields={toFields(query)} direction="request" />
          </section>
        ) : null}

        {endpoint.request ? (
          <section>
            <SubHeading>Request body{endpoint.request.required ? "" : " (optional)"}</SubHeading>
            {endpoint.request.description ? <p className="mb-2 text-sm text-slate-600">{endpoint.request.description}</p> : null}
            {endpoint.request.bodies.length === 1 ? (
              <>
                {endpoint.request.bodies[0]!.mediaType !== "application/json" ? (
                  <p className="mb-2 font-mono text-xs text-slate-600">{endpoint.request.bodies[0]!.mediaType}</p>
                ) : null}
                <Body body={endpoint.request.bodies[0]!} name="request body" direction="request" />
              </>
            ) : (
              <div className="space-y-4">
                <p className="text-sm text-slate-600">Send one of these:</p>
                {endpoint.request.bodies.map((body) => (
                  <div key={body.mediaType}>
                    <p className="mb-1.5 text-sm font-semibold text-slate-800">
                      {body.label} <span className="font-mono text-xs font-normal text-slate-600">{body.mediaType}</span>
                    </p>
                    <Body body={body} name={`${body.label} request body`} direction="request" />
                  </div>
                ))}
              </div>
            )}
          </section>
        ) : null}

        <section>
          <SubHeading>Responses</SubHeading>
          <div className="space-y-2">
            {endpoint.responses.map((response) => (
              <div key={response.status} className="rounded-lg ring-1 ring-slate-200">
                {response.body ? (
                  <details className="group">
                    <summary className="flex cursor-pointer items-baseline gap-2 rounded-lg px-3 py-2.5 text-sm hover:bg-slate-50">
                      <StatusBadge status={response.status} />
                      <span className="min-w-0 flex-1 text-slate-800">{response.description}</span>
                      <span className="shrink-0 text-xs font-semibold text-brand-700 group-open:hidden">Show fields</span>
                      <span className="hidden shrink-0 text-xs font-semibold text-brand-700 group-open:inline">Hide fields</span>
                    </summary>
                    <div className="space-y-2 border-t border-slate-100 bg-slate-50/60 px-3 py-3">
                      {response.location ? (
                        <p className="text-sm text-slate-600">
                          <code className="font-mono text-xs text-slate-800">Location</code> points at <code className="break-all font-mono text-xs text-slate-800">{response.location}</code>.
                        </p>
                      ) : null}
                      <Body body={response.body} name={`${response.status} response`} direction="response" />
                    </div>
                  </details>
                ) : (
                  <p className="flex items-baseline gap-2 px-3 py-2.5 text-sm">
                    <StatusBadge status={response.status} />
                    <span className="text-slate-800">{response.description}</span>
                  </p>
                )}
              </div>
            ))}
          </div>
        </section>

        {endpoint.errors.length ? (
          <section>
            <SubHeading>Errors</SubHeading>
            <ErrorList errors={endpoint.errors} />
          </section>
        ) : null}

        <details>
          <summary className="cursor-pointer text-sm font-semibold text-brand-700 hover:underline">Example request</summary>
          <div className="mt-2">
            <CodeBlock label={`Example request: ${endpoint.summary}`}>{endpoint.curl}</CodeBlock>
          </div>
        </details>
      </div>
    </article>
  );
}
