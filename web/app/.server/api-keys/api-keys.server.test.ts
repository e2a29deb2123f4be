import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { TOO_MANY_KEYS_MESSAGE } from "@spike-land/shared/accounts/api-keys";
import { prisma } from "../platform/db.server.ts";
import { sha256 } from "../platform/crypto.server.ts";
import { lookupSession } from "../auth/session-lookup.server.ts";
import {
  API_KEY_NOT_FOUND,
  adminListApiKeys,
  adminRevokeApiKey,
  authenticateApiKey,
  createApiKey,
  generateApiKey,
  hashApiKey,
  isApiKeyToken,
  listApiKeys,
  revokeApiKey,
  settleApiKeyWrites,
} from "./api-keys.server.ts";
import { makeUser, signIn } from "../../../test/fixtures.ts";

const MINUTE = 60_000;

afterEach(async () => {
  await settleApiKeyWrites();
});

/**
 * Counts UPDATE statements on api_keys (whether or not they change a row), and makes any update of
 * a key named "Flaky" fail, so the write path is observed in the database itself.
 */
beforeAll(async () => {
  await prisma.$executeRawUnsafe(`CREATE TABLE test_api_key_updates (n int NOT NULL)`);
  await prisma.$executeRawUnsafe(`INSERT INTO test_api_key_updates VALUES (0)`);
  await prisma.$executeRawUnsafe(`CREATE FUNCTION test_count_api_key_updates() RETURNS trigger AS $$
    BEGIN UPDATE test_api_key_updates SET n = n + 1; RETURN NULL; END $$ LANGUAGE plpgsql`);
  await prisma.$executeRawUnsafe(`CREATE TRIGGER test_count_api_key_updates AFTER UPDATE ON api_keys
    FOR EACH STATEMENT EXECUTE FUNCTION test_count_api_key_updates()`);
  await prisma.$executeRawUnsafe(`CREATE FUNCTION test_fail_flaky_key() RETURNS trigger AS $$
    BEGIN IF NEW.name = 'Flaky' THEN RAISE EXCEPTION 'write failed for the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
  await prisma.$executeRawUnsafe(`CREATE TRIGGER test_fail_flaky_key BEFORE UPDATE ON api_keys
    FOR EACH ROW EXECUTE FUNCTION test_fail_flaky_key()`);
});

async function updateStatements(): Promise<number> {
  const rows = await prisma.$queryRawUnsafe<Array<{ n: number }>>(`SELECT n FROM test_api_key_updates`);
  return rows[0]!.n;
}

async function lastUsed(id: string) {
  return (await prisma.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt;
}

/** Sets lastUsedAt directly (one UPDATE statement of the test's own). */
async function setLastUsed(id: string, when: Date) {
  await prisma.apiKey.update({ where: { id }, data: { lastUsedAt: when } });
}

describe("key format", () => {
  it("is sk_test_ outside production and sk_live_ in production, then 32 random bytes in base64url", () => {
    const test = generateApiKey(false);
    const live = generateApiKey(true);
    expect(test).toMatch(/^sk_test_[A-Za-z0-9_-]{43}$/);
    expect(live).toMatch(/^sk_live_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(test.slice(8), "base64url")).toHaveLength(32);
    expect(generateApiKey()).toMatch(/^sk_test_/);
    expect(new Set(Array.from({ length: 50 }, () => generateApiKey())).size).toBe(50);
    expect(isApiKeyToken(test) && isApiKeyToken(live)).toBe(true);
  });

  it("is stored as its SHA-256 in hex", () => {
    const key = generateApiKey();
    expect(hashApiKey(key)).toBe(sha256(key));
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("creating a key", () => {
  it("returns the key once and stores only its hash and display prefix", async () => {
    const user = await makeUser();
    const { key, apiKey } = await createApiKey(user.id, "  Backup script  ");
    expect(key).toMatch(/^sk_test_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ name: "Backup script", keyPrefix: "sk_test...****", lastUsedAt: null, isActive: true });
    expect(apiKey).not.toHaveProperty("keyHash");
    const row = await prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(row.keyHash).toBe(sha256(key));
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(key);
    expect(stored).not.toContain(key.slice(8));
    expect(await listApiKeys(user.id)).toEqual([apiKey]);
  });

  it("allows 10 active keys; the 11th is refused until one is revoked", async () => {
    const user = await makeUser();
    const made = [];
    for (let i = 0; i < 10; i++) made.push(await createApiKey(user.id, `Key ${i}`));
    await expect(createApiKey(user.id, "Eleventh")).rejects.toMatchObject({ status: 409, message: TOO_MANY_KEYS_MESSAGE, field: "name" });
    expect(await prisma.apiKey.count({ where: { userId: user.id } })).toBe(10);
    await revokeApiKey(user.id, made[0]!.apiKey.id);
    await expect(createApiKey(user.id, "Eleventh")).resolves.toMatchObject({ apiKey: { name: "Eleventh" } });
    expect(await prisma.apiKey.count({ where: { userId: user.id, isActive: true } })).toBe(10);
    expect(await prisma.apiKey.count({ where: { userId: user.id } })).toBe(11);
  });

  it("never passes 10 active keys when requests race", async () => {
    const user = await makeUser();
    for (let i = 0; i < 8; i++) await createApiKey(user.id, `Key ${i}`);
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => createApiKey(user.id, `Racer ${i}`)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    expect(await prisma.apiKey.count({ where: { userId: user.id, isActive: true } })).toBe(10);
  });
});

describe("signing in with a key", () => {
  it("gives the user in the shape a session gives it", async () => {
    const user = await makeUser({ name: "Key Holder", role: "ADMIN" });
    const { key, apiKey } = await createApiKey(user.id, "CLI");
    const session = await lookupSession(sha256((await signIn(user.id)).token));
    const found = await authenticateApiKey(key);
    expect(found).toEqual({ apiKeyId: apiKey.id, user: session!.session.user });
  });

  it("refuses unknown, altered, non-key and revoked keys at once", async () => {
    const user = await makeUser();
    const { key, apiKey } = await createApiKey(user.id, "CLI");
    expect(await authenticateApiKey(generateApiKey())).toBeNull();
    expect(await authenticateApiKey(`${key.slice(0, -1)}${key.endsWith("A") ? "B" : "A"}`)).toBeNull();
    expect(await authenticateApiKey(key.slice(8))).toBeNull();
    expect(await authenticateApiKey("sk_test_")).toBeNull();
    expect(await authenticateApiKey(key)).not.toBeNull();
    await revokeApiKey(user.id, apiKey.id);
    expect(await authenticateApiKey(key)).toBeNull();
  });

  it("stops working when its account is deleted", async () => {
    const user = await makeUser();
    const { key } = await createApiKey(user.id, "CLI");
    await prisma.user.delete({ where: { id: user.id } });
    expect(await authenticateApiKey(key)).toBeNull();
  });

  it("writes lastUsedAt at most once every 5 minutes", async () => {
    const user = await makeUser();
    const { key, apiKey } = await createApiKey(user.id, "CLI");
    const start = await updateStatements();
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const t0 = Date.now();
      await authenticateApiKey(key);
      await settleApiKeyWrites();
      const first = await lastUsed(apiKey.id);
      expect(first!.getTime()).toBe(t0);
      expect(await updateStatements()).toBe(start + 1);

      // A second call at once, and another four minutes later, write nothing.
      await authenticateApiKey(key);
      vi.setSystemTime(t0 + 4 * MINUTE);
      await authenticateApiKey(key);
      await settleApiKeyWrites();
      expect(await updateStatements()).toBe(start + 1);
      expect(await lastUsed(apiKey.id)).toEqual(first);

      // Six minutes after the first: the call records the use.
      vi.setSystemTime(t0 + 6 * MINUTE);
      await authenticateApiKey(key);
      await settleApiKeyWrites();
      expect(await updateStatements()).toBe(start + 2);
      expect((await lastUsed(apiKey.id))!.getTime()).toBe(t0 + 6 * MINUTE);
    } finally {
      vi.useRealTimers();
    }
  });

  it("goes by the stored lastUsedAt, which another server may have written", async () => {
    const user = await makeUser();
    const [recent, stale] = await Promise.all([createApiKey(user.id, "Recent"), createApiKey(user.id, "Stale")]);
    const twoMinutesAgo = new Date(Date.now() - 2 * MINUTE);
    await setLastUsed(recent.apiKey.id, twoMinutesAgo);
    await setLastUsed(stale.apiKey.id, new Date(Date.now() - 6 * MINUTE));
    const start = await updateStatements();
    await Promise.all([authenticateApiKey(recent.key), authenticateApiKey(stale.key)]);
    await settleApiKeyWrites();
    expect(await updateStatements()).toBe(start + 1);
    expect(await lastUsed(recent.apiKey.id)).toEqual(twoMinutesAgo);
    expect((await lastUsed(stale.apiKey.id))!.getTime()).toBeGreaterThan(Date.now() - MINUTE);
  });

  it("sends one lastUsedAt write for a burst of calls", async () => {
    const user = await makeUser();
    const { key } = await createApiKey(user.id, "Busy");
    const start = await updateStatements();
    const found = await Promise.all(Array.from({ length: 20 }, () => authenticateApiKey(key)));
    expect(found.every(Boolean)).toBe(true);
    await settleApiKeyWrites();
    expect(await updateStatements()).toBe(start + 1);
  });

  it("keeps answering when the lastUsedAt write fails, and logs the failure", async () => {
    const user = await makeUser();
    const { key } = await createApiKey(user.id, "Flaky");
    expect(await authenticateApiKey(key)).not.toBeNull();
    await settleApiKeyWrites();
    expect(await prisma.errorLog.count({ where: { message: { contains: "write failed for the test" }, userId: user.id } })).toBe(1);
    // The failed write is tried again by the next call.
    expect(await authenticateApiKey(key)).not.toBeNull();
    await settleApiKeyWrites();
    expect(await prisma.errorLog.count({ where: { message: { contains: "write failed for the test" }, userId: user.id } })).toBe(2);
  });
});

describe("revoking", () => {
  it("is for the key's owner only; anyone else, or a second revoke, gets a 404", async () => {
    const [owner, other] = await Promise.all([makeUser(), makeUser()]);
    const { apiKey } = await createApiKey(owner.id, "Mine");
    await expect(revokeApiKey(other.id, apiKey.id)).rejects.toMatchObject({ status: 404, message: API_KEY_NOT_FOUND });
    await expect(revokeApiKey(owner.id, "no-such-key")).rejects.toMatchObject({ status: 404 });
    await expect(revokeApiKey(owner.id, apiKey.id)).resolves.toMatchObject({ id: apiKey.id, isActive: false });
    await expect(revokeApiKey(owner.id, apiKey.id)).rejects.toMatchObject({ status: 404 });
    expect(await listApiKeys(owner.id)).toEqual([]);
  });

  it("by an admin lists every key with its owner and records the revoke in the audit log", async () => {
    const [admin, owner] = await Promise.all([makeUser({ role: "ADMIN" }), makeUser()]);
    const { key, apiKey } = await createApiKey(owner.id, "Leaked");
    const listed = await adminListApiKeys({ email: owner.email!.toUpperCase() });
    expect(listed.total).toBe(1);
    expect(listed.keys[0]).toMatchObject({ id: apiKey.id, user: { id: owner.id, email: owner.email } });

    await adminRevokeApiKey(admin.id, apiKey.id, "203.0.113.9");
    expect(await authenticateApiKey(key)).toBeNull();
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { userId: admin.id } });
    expect(audit).toMatchObject({ action: "SESSION_REVOKE", targetId: owner.id, ipAddress: "203.0.113.9" });
    expect(audit.metadata).toEqual({ event: "api_key.revoke", apiKeyId: apiKey.id, name: "Leaked", keyPrefix: "sk_test...****" });
    await expect(adminRevokeApiKey(admin.id, apiKey.id)).rejects.toMatchObject({ status: 404 });
    expect(await prisma.auditLog.count({ where: { userId: admin.id } })).toBe(1);
    expect((await adminListApiKeys({ email: owner.email })).keys[0]).toMatchObject({ isActive: false });
  });
});
