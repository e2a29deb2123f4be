import { describe, expect, it } from "vitest";
import { prisma } from "../.server/platform/db.server.ts";
import { authenticateApiKey, createApiKey, settleApiKeyWrites } from "../.server/api-keys/api-keys.server.ts";
import { action, loader } from "./admin.api-keys.tsx";
import { formRequest, getRequest, routeArgs, run } from "../../test/request.ts";
import { makeUser, signIn, uniqueEmail } from "../../test/fixtures.ts";

async function signedIn(role: "ADMIN" | "USER" = "ADMIN") {
  const user = await makeUser({ role });
  const { cookie } = await signIn(user.id);
  return { user, cookie };
}

const open = (path: string, cookie: string) => run(() => loader(routeArgs(getRequest(path, { cookie }))));
const revoke = (keyId: string, cookie: string) => run(() => action(routeArgs(formRequest("/admin/api-keys", { intent: "revoke", keyId }, { cookie, ip: "203.0.113.77" }))));

describe("the admin API keys page", () => {
  it("is for admins only", async () => {
    const { cookie } = await signedIn("USER");
    const owner = await makeUser();
    const { key, apiKey } = await createApiKey(owner.id, "Safe");
    expect((await open("/admin/api-keys", cookie)).status).toBe(403);
    expect((await revoke(apiKey.id, cookie)).status).toBe(403);
    expect(await authenticateApiKey(key)).not.toBeNull();
    await settleApiKeyWrites();
  });

  it("lists every key with its owner, prefix, dates and state, and filters by email", async () => {
    const { cookie } = await signedIn();
    const owner = await makeUser({ email: uniqueEmail("keyowner") });
    const other = await makeUser();
    const { apiKey } = await createApiKey(owner.id, "Deploy bot");
    await createApiKey(other.id, "Other");
    const all = await open("/admin/api-keys", cookie);
    expect(all.status).toBe(200);
    expect(all.body.total).toBeGreaterThanOrEqual(2);
    const filtered = await open(`/admin/api-keys?email=${encodeURIComponent(owner.email!.slice(0, 14).toUpperCase())}`, cookie);
    expect(filtered.body.keys).toEqual([
      {
        id: apiKey.id,
        name: "Deploy bot",
        keyPrefix: "sk_test...****",
        isActive: true,
        createdAt: apiKey.createdAt.toISOString(),
        lastUsedAt: null,
        owner: { id: owner.id, email: owner.email, name: owner.name },
      },
    ]);
    expect(JSON.stringify(all.body)).not.toMatch(/keyHash|[0-9a-f]{64}/);
    const none = await open("/admin/api-keys?email=nobody-at-all&page=abc", cookie);
    expect(none.body).toMatchObject({ keys: [], total: 0, page: 1, email: "nobody-at-all" });
  });

  it("revokes a key at once and records who did it in the audit log", async () => {
    const { user: admin, cookie } = await signedIn();
    const owner = await makeUser();
    const { key, apiKey } = await createApiKey(owner.id, "Leaked key");
    const revoked = await revoke(apiKey.id, cookie);
    expect(revoked.status).toBe(200);
    expect(revoked.message).toBe(`Revoked “Leaked key” of ${owner.email}. Requests with it are refused from now on.`);
    expect(await authenticateApiKey(key)).toBeNull();
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { userId: admin.id } });
    expect(audit).toMatchObject({ action: "SESSION_REVOKE", targetId: owner.id, ipAddress: "203.0.113.77" });
    expect(audit.metadata).toMatchObject({ event: "api_key.revoke", apiKeyId: apiKey.id });
    const listed = await open(`/admin/api-keys?email=${encodeURIComponent(owner.email!)}`, cookie);
    expect(listed.body.keys[0]).toMatchObject({ id: apiKey.id, isActive: false });

    const again = await revoke(apiKey.id, cookie);
    expect(again.status).toBe(404);
    expect(await prisma.auditLog.count({ where: { userId: admin.id } })).toBe(1);
  });
});
