/** Admin: every API key with its owner, when it was made and last used and whether it is active; filter by email; revoke (audited). */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ReplyMessage } from "../components/form-reply.tsx";
import { Pagination } from "../components/pagination.tsx";
import { Badge, Button, Card } from "../components/ui.tsx";
import { formatDateTime } from "../lib/format.ts";
import { requireRole } from "../.server/auth/guards.server.ts";
import { adminListApiKeys, adminRevokeApiKey } from "../.server/api-keys/api-keys.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { clientIp } from "../.server/platform/rate-limit.server.ts";

export const meta: MetaFunction = () => [{ title: "API keys — Admin — Spike Land" }];

const query = z.object({
  email: z.string().trim().max(200).catch(""),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  const params = new URL(request.url).searchParams;
  const { email, page } = query.parse({ email: params.get("email") ?? "", page: params.get("page") ?? 1 });
  const { keys, total, pages } = await adminListApiKeys({ email, page });
  return {
    email,
    page,
    pages,
    total,
    keys: keys.map((key) => ({
      id: key.id,
      name: key.name,
      keyPrefix: key.keyPrefix,
      isActive: key.isActive,
      createdAt: key.createdAt.toISOString(),
      lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
      owner: key.user,
    })),
  };
}

const revokeForm = z.object({ intent: z.literal("revoke"), keyId: z.string({ error: "Choose a key to revoke." }).min(1, "Choose a key to revoke.") });

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "ADMIN");
  return handleForm(request, revokeForm, async ({ keyId }) => {
    const key = await adminRevokeApiKey(admin.id, keyId, clientIp(request));
    return `Revoked “${key.name}” of ${key.user.email ?? "that user"}. Requests with it are refused from now on.`;
  });
}

const when = (value: string) => formatDateTime(value, { timeZone: "UTC", dateStyle: "medium", timeStyle: "short" });

export default function AdminApiKeys() {
  const { keys, total, email, page, pages } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <Card aria-labelledby="admin-keys-heading">
      <h2 id="admin-keys-heading" className="text-lg font-semibold">API keys</h2>
      <p className="text-sm text-slate-600">
        {total} {total === 1 ? "key" : "keys"}{email ? ` of owners matching “${email}”` : ""}, revoked ones included. Times are UTC.
      </p>
      <Form method="get" role="search" className="mt-4 flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="api-keys-email" className="block text-sm font-medium text-slate-700">Owner email</label>
          <input
            id="api-keys-email"
            name="email"
            defaultValue={email}
            placeholder="name@example.com"
            className="mt-1 w-60 max-w-full rounded-lg border-0 px-3 py-2 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600"
          />
        </div>
        <Button type="submit" variant="secondary">Filter</Button>
        {email ? <Link to="/admin/api-keys" className="px-2 py-2 text-sm font-medium text-brand-700 hover:underline">Show all</Link> : null}
      </Form>
      <div className="mt-4">
        <ReplyMessage reply={reply} />
      </div>
      <div className="relative mt-4 overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="admin-api-keys">
          <thead className="border-b border-slate-200 text-slate-600">
            <tr>
              <th scope="col" className="py-2 pr-4 font-medium">Owner</th>
              <th scope="col" className="py-2 pr-4 font-medium">Name</th>
              <th scope="col" className="py-2 pr-4 font-medium">Key</th>
              <th scope="col" className="py-2 pr-4 font-medium">Created</th>
              <th scope="col" className="py-2 pr-4 font-medium">Last used</th>
              <th scope="col" className="py-2 pr-4 font-medium">Status</th>
              <th scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {keys.map((key) => (
              <tr key={key.id}>
                <td className="py-3 pr-4">
                  <Link to={`/admin/users/${key.owner.id}`} className="break-all text-brand-700 hover:underline">{key.owner.email ?? key.owner.id}</Link>
                </td>
                <td className="py-3 pr-4 font-medium text-slate-900">{key.name}</td>
                <td className="whitespace-nowrap py-3 pr-4 font-mono text-slate-600">{key.keyPrefix}</td>
                <td className="whitespace-nowrap py-3 pr-4 text-slate-600">{when(key.createdAt)}</td>
                <td className="whitespace-nowrap py-3 pr-4 text-slate-600">{key.lastUsedAt ? when(key.lastUsedAt) : "never"}</td>
                <td className="py-3 pr-4">{key.isActive ? <Badge tone="green">Active</Badge> : <Badge tone="red">Revoked</Badge>}</td>
                <td className="py-3">
                  {key.isActive ? (
                    <Form
                      method="post"
                      onSubmit={(event) => {
                        if (!confirm(`Revoke “${key.name}” of ${key.owner.email ?? "this user"}? Programs using it are refused from their next request.`)) event.preventDefault();
                      }}
                    >
                      <input type="hidden" name="keyId" value={key.id} />
                      <Button
                        type="submit"
                        name="intent"
                        value="revoke"
                        variant="danger"
                        className="whitespace-nowrap px-3 py-1.5"
                        disabled={busy}
                        aria-label={`Revoke ${key.name} of ${key.owner.email ?? "this user"}`}
                      >
                        Revoke
                      </Button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
            {keys.length === 0 ? (
              <tr>
                <td colSpan={7} className="py-3 text-slate-600">No API keys{email ? ` of owners matching “${email}”` : ""}.</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      <Pagination page={page} pages={pages} />
    </Card>
  );
}
