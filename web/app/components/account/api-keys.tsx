/**
 * The API keys page's parts: the form that makes a key, the one-time view of a new key with a copy
 * button, and the list of active keys with a confirmed revoke. The create form validates in the
 * browser with the schema the page's action uses.
 */
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { z } from "zod";
import { MAX_ACTIVE_API_KEYS } from "@spike-land/shared/accounts/api-keys";
import { resultFor, type FormReply } from "../../lib/form-reply.ts";
import { formatDateTime } from "../../lib/format.ts";
import { ReplyMessage } from "../form-reply.tsx";
import { Badge, Button, Card, Field } from "../ui.tsx";

export type ApiKeyView = { id: string; name: string; keyPrefix: string; createdAt: string; lastUsedAt: string | null };
export type CreatedApiKey = { key: string; name: string };

const COPY_NOTICE_MS = 3000;

export function CreateApiKeySection({
  reply,
  schema,
  busy,
  activeCount,
}: {
  reply: FormReply | undefined;
  schema: z.ZodType<Record<string, unknown>>;
  busy: boolean;
  activeCount: number;
}) {
  const [form, fields] = useForm({
    id: "create-form",
    lastResult: resultFor(reply, "create"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldRevalidate: "onInput",
  });
  const full = activeCount >= MAX_ACTIVE_API_KEYS;
  return (
    <Card aria-labelledby="create-key-heading">
      <h2 id="create-key-heading" className="text-lg font-semibold">Create a key</h2>
      <p className="mt-2 text-sm text-slate-600">
        Name it after the program or tool that will use it, so you know which one to revoke later. You can hold up to {MAX_ACTIVE_API_KEYS} active keys
        ({activeCount} in use).
      </p>
      <Form method="post" className="mt-6 space-y-5" {...getFormProps(form)}>
        <ReplyMessage reply={reply} intent="create" />
        <input type="hidden" name="intent" value="create" />
        <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
          <div className="flex-1">
            <Field
              label="Key name"
              errors={fields.name?.errors}
              hint={full ? "You have the most keys an account may hold: revoke one below before creating another." : undefined}
              inputProps={{ ...getInputProps(fields.name!, { type: "text" }), autoComplete: "off", placeholder: "e.g. Backup script" }}
            />
          </div>
          <Button type="submit" disabled={busy} className="sm:mt-7">
            Create key
          </Button>
        </div>
      </Form>
    </Card>
  );
}

/** The new key, shown this once: a copy button and a plain warning that it will not be shown again. */
export function NewApiKeyPanel({ created, apiUrl }: { created: CreatedApiKey; apiUrl: string }) {
  const [copy, setCopy] = useState<"idle" | "copied" | "failed">("idle");
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [created.key]);
  useEffect(() => {
    if (copy === "idle") return;
    const timer = setTimeout(() => setCopy("idle"), COPY_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [copy]);
  const copyKey = async () => {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopy("copied");
    } catch {
      setCopy("failed");
    }
  };
  return (
    <Card aria-labelledby="new-key-heading" className="ring-2 ring-amber-300" data-testid="new-api-key">
      <h2 id="new-key-heading" ref={heading} tabIndex={-1} className="text-lg font-semibold outline-none">
        Your new key “{created.name}”
      </h2>
      <p className="mt-2 rounded-lg bg-amber-50 px-4 py-3 text-sm font-medium text-amber-900 ring-1 ring-amber-200">
        Copy it now: you won't see it again. We keep only a fingerprint of it, so if you lose it, revoke it and create a new one.
      </p>
      <div className="mt-4 space-y-1.5">
        <label htmlFor="new-api-key" className="block text-sm font-medium text-slate-800">API key</label>
        <div className="flex flex-col gap-2 sm:flex-row">
          <input
            id="new-api-key"
            readOnly
            value={created.key}
            onFocus={(event) => event.currentTarget.select()}
            spellCheck={false}
            className="block w-full min-w-0 rounded-lg border-0 bg-slate-50 px-3 py-2.5 font-mono text-sm text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600"
          />
          <Button type="button" variant="secondary" onClick={() => void copyKey()} className="whitespace-nowrap">
            Copy key
          </Button>
        </div>
        <p role="status" className="min-h-5 text-sm text-slate-600">
          {copy === "copied" ? "Copied to the clipboard." : copy === "failed" ? "Couldn't copy: select the key and copy it yourself." : ""}
        </p>
      </div>
      <p className="mt-2 text-sm text-slate-700">Send it with every request as a bearer token:</p>
      <pre className="mt-2 overflow-x-auto rounded-lg bg-slate-900 px-4 py-3 text-xs text-slate-100">
        <code>{`curl -H "Authorization: Bearer ${created.key.slice(0, 8)}..." ${apiUrl}/api/v1/me`}</code>
      </pre>
    </Card>
  );
}

export function ApiKeyList({ keys, reply, busy }: { keys: ApiKeyView[]; reply: FormReply | undefined; busy: boolean }) {
  return (
    <Card aria-labelledby="keys-heading">
      <h2 id="keys-heading" className="text-lg font-semibold">Your keys</h2>
      <div className="mt-4">
        <ReplyMessage reply={reply} intent="revoke" />
      </div>
      {keys.length === 0 ? (
        <p className="mt-4 text-sm text-slate-600">You have no active API keys.</p>
      ) : (
        <ul className="mt-4 divide-y divide-slate-200" data-testid="api-key-list">
          {keys.map((key) => (
            <li key={key.id} className="flex flex-col gap-3 py-4 text-sm sm:flex-row sm:items-start sm:justify-between">
              <div className="min-w-0 space-y-1">
                <p className="flex flex-wrap items-center gap-2">
                  <span className="break-words font-medium text-slate-900">{key.name}</span>
                  <Badge>
                    <span className="font-mono">{key.keyPrefix}</span>
                  </Badge>
                </p>
                <p className="text-slate-600">
                  Created {formatDateTime(key.createdAt)} · Last used {key.lastUsedAt ? formatDateTime(key.lastUsedAt) : "never"}
                </p>
              </div>
              <details className="group shrink-0 sm:text-right">
                <summary className="inline-flex cursor-pointer list-none items-center rounded-lg bg-white px-4 py-2 font-semibold text-red-700 ring-1 ring-red-200 hover:bg-red-50 [&::-webkit-details-marker]:hidden">
                  <span className="group-open:hidden">
                    Revoke<span className="sr-only"> the key “{key.name}”</span>
                  </span>
                  <span className="hidden group-open:inline">Keep the key</span>
                </summary>
                <div className="mt-2 max-w-xs space-y-3 rounded-lg bg-red-50 p-3 text-left text-red-900 ring-1 ring-red-200">
                  <p>Revoke “{key.name}”? Programs using it are refused from their next request. This cannot be undone.</p>
                  <Form method="post">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="keyId" value={key.id} />
                    <Button type="submit" variant="danger" disabled={busy}>
                      Yes, revoke it
                    </Button>
                  </Form>
                </div>
              </details>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
