/** Settings → API keys: make a key (shown once), see the active ones with when they were last used, revoke one. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { apiKeyNameField } from "@spike-land/shared/accounts/api-keys";
import { ApiKeyList, CreateApiKeySection, NewApiKeyPanel, type CreatedApiKey } from "../components/account/api-keys.tsx";
import { PageHeading } from "../components/ui.tsx";
import type { FormReply } from "../lib/form-reply.ts";
import { requireSession } from "../.server/auth/guards.server.ts";
import { createApiKey, listApiKeys, revokeApiKey } from "../.server/api-keys/api-keys.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { appUrlFor } from "../.server/platform/env.server.ts";

export const meta: MetaFunction = () => [{ title: "API keys — Settings — Spike Land" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireSession(request);
  const keys = await listApiKeys(session.user.id);
  return {
    apiUrl: appUrlFor(request),
    keys: keys.map((key) => ({
      id: key.id,
      name: key.name,
      keyPrefix: key.keyPrefix,
      createdAt: key.createdAt.toISOString(),
      lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    })),
  };
}

const KEY_CHOICE = "Choose a key to revoke.";

const apiKeysSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("create"), name: apiKeyNameField }),
    z.object({ intent: z.literal("revoke"), keyId: z.string({ error: KEY_CHOICE }).min(1, KEY_CHOICE) }),
  ],
  { error: "Unknown action." },
);

/** The form reply, and on creation the new key: the only answer that ever carries it. */
type ApiKeysReply = FormReply & { created: CreatedApiKey | null };

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireSession(request);
  const userId = session.user.id;
  let created: CreatedApiKey | null = null;
  const replied = await handleForm(
    request,
    apiKeysSchema,
    async (input) => {
      if (input.intent === "create") {
        const { key, apiKey } = await createApiKey(userId, input.name);
        created = { key, name: apiKey.name };
        return `The key “${apiKey.name}” is ready.`;
      }
      const revoked = await revokeApiKey(userId, input.keyId);
      return `The key “${revoked.name}” is revoked: requests with it are refused from now on.`;
    },
    { resetForm: true },
  );
  // Handlers here never answer with their own Response.
  if (replied instanceof Response) return replied;
  const headers = new Headers(replied.init?.headers);
  // The key must never sit in a cache.
  headers.set("Cache-Control", "no-store");
  return data<ApiKeysReply>({ ...replied.data, created }, { status: replied.init?.status ?? 200, headers });
}

export default function ApiKeysSettings() {
  const { keys, apiUrl } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="mx-auto max-w-3xl space-y-8 px-4 py-10">
      <p className="text-sm">
        <Link to="/settings" className="font-medium text-brand-700 hover:underline">← Settings</Link>
      </p>
      <PageHeading
        title="API keys"
        description={
          <>
            A key lets a program or tool call the Spike Land API as you, with the same access you have. Send it as{" "}
            <code className="rounded bg-slate-100 px-1 py-0.5 text-sm">Authorization: Bearer sk_...</code>. Keep keys secret, and revoke any you no longer
            use.
          </>
        }
      />
      {reply?.created ? <NewApiKeyPanel created={reply.created} apiUrl={apiUrl} /> : null}
      <CreateApiKeySection reply={reply} schema={apiKeysSchema} busy={busy} activeCount={keys.length} />
      <ApiKeyList keys={keys} reply={reply} busy={busy} />
    </div>
  );
}
