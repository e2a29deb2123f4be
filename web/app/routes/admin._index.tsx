/** Users: search, paginate, and change roles (SUPER_ADMIN only), each change audited. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ROLES } from "@spike-land/shared/accounts/schemas";
import { ReplyMessage } from "../components/form-reply.tsx";
import { Badge, Button, Card, FormMessage } from "../components/ui.tsx";
import { Pagination } from "../components/pagination.tsx";
import { requireRole } from "../.server/auth/guards.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { changeRole, searchUsers } from "../.server/admin/users.server.ts";
import { clientIp } from "../.server/platform/rate-limit.server.ts";
import { formatDate } from "../lib/format.ts";

export const meta: MetaFunction = () => [{ title: "Users — Admin — Spike Land" }];

const query = z.object({ q: z.string().trim().max(200).default(""), page: z.coerce.number().int().min(1).max(10_000).catch(1), deleted: z.string().trim().max(320).optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, "ADMIN");
  const { q, page, deleted } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const result = await searchUsers(q, page);
  return { ...result, page, q, deleted: deleted ?? null, canChangeRoles: actor.role === "SUPER_ADMIN", actorId: actor.id };
}

const CHOOSE = "Choose a user and a role.";
const roleChange = z.object({
  userId: z.string({ error: CHOOSE }).min(1, CHOOSE).max(100, CHOOSE),
  role: z.enum(ROLES, { error: CHOOSE }),
});

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, "ADMIN");
  return handleForm(request, roleChange, async ({ userId, role }) => {
    await changeRole(actor, userId, role, clientIp(request));
    return `Role changed to ${role}.`;
  });
}

const ROLE_TONE = { USER: "slate", ADMIN: "brand", SUPER_ADMIN: "amber" } as const;

export default function AdminUsers() {
  const { users, total, pages, page, q, deleted, canChangeRoles, actorId } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <Card>
      <div className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h2 className="text-lg font-semibold">Users</h2>
          <p className="text-sm text-slate-600">{total} {total === 1 ? "account" : "accounts"}{q ? ` matching “${q}”` : ""}</p>
        </div>
        <Form method="get" role="search" className="flex gap-2">
          <label htmlFor="user-search" className="sr-only">Search users by email, name or id</label>
          <input id="user-search" name="q" defaultValue={q} placeholder="Search email, name or id" className="w-64 rounded-lg border-0 px-3 py-2 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600" />
          <Button type="submit" variant="secondary">Search</Button>
        </Form>
      </div>
      {reply ? <div className="mt-4"><ReplyMessage reply={reply} /></div> : null}
      {deleted && !reply ? <div className="mt-4"><FormMessage tone="success">{deleted === "1" ? "The account was deleted." : `The account of ${deleted} was deleted.`}</FormMessage></div> : null}
      <div className="mt-6 overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-slate-200 text-slate-600">
            <tr>
              <th scope="col" className="py-2 pr-4 font-medium">User</th>
              <th scope="col" className="py-2 pr-4 font-medium">Role</th>
              <th scope="col" className="py-2 pr-4 font-medium">Tokens</th>
              <th scope="col" className="py-2 pr-4 font-medium">Joined</th>
              {canChangeRoles ? <th scope="col" className="py-2 font-medium">Change role</th> : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {users.map((user) => (
              <tr key={user.id} data-testid={`user-row-${user.email}`}>
                <td className="py-3 pr-4">
                  <Link to={`/admin/users/${user.id}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">{user.name ?? "—"}</Link>
                  <p className="text-slate-600">{user.email}{user.emailVerified ? "" : " · unverified"}</p>
                </td>
                <td className="py-3 pr-4"><Badge tone={ROLE_TONE[user.role]}>{user.role}</Badge></td>
                <td className="py-3 pr-4">{user.tokenBalance?.balance ?? 0}</td>
                <td className="py-3 pr-4 text-slate-600">{formatDate(user.createdAt)}</td>
                {canChangeRoles ? (
                  <td className="py-3">
                    {user.id === actorId ? (
                      <span className="text-slate-500">You</span>
                    ) : (
                      <Form method="post" className="flex items-center gap-2">
                        <input type="hidden" name="userId" value={user.id} />
                        <label htmlFor={`role-${user.id}`} className="sr-only">Role for {user.email}</label>
                        <select id={`role-${user.id}`} name="role" defaultValue={user.role} className="rounded-lg border-0 py-1.5 pl-2 pr-8 ring-1 ring-inset ring-slate-300">
                          {ROLES.map((role) => <option key={role} value={role}>{role}</option>)}
                        </select>
                        <Button type="submit" variant="secondary" className="px-3 py-1.5" disabled={navigation.state === "submitting"}>Save</Button>
                      </Form>
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={page} pages={pages} />
    </Card>
  );
}
