import { describe, expect, it } from "vitest";
import { TOO_MANY_KEYS_MESSAGE } from "@spike-land/shared/accounts/api-keys";
import { prisma } from "../.server/platform/db.server.ts";
import { sha256 } from "../.server/platform/crypto.server.ts";
import { authenticateApiKey, createApiKey, settleApiKeyWrites } from "../.server/api-keys/api-keys.server.ts";
import { action, loader } from "./settings_.api-keys.tsx";
import { formRequest, getRequest, routeArgs, run } from "../../test/request.ts";
import { makeUser, signIn } from "../../test/fixtures.ts";

async function signedIn() {
  const user = await makeUser();
  const { cookie } = await signIn(user.id);
  return { user, cookie };
}

const open = (cookie?: string) => run(() => loader(routeArgs(getRequest("/settings/api-keys", cookie ? { cookie } : {}))));
const submit = (fields: Record<string, string>, cookie?: string) => run(() => action(routeArgs(formRequest("/settings/api-keys", fields, cookie ? { cookie } : {}))));

describe("the API keys settings page", () => {
  it("needs a signed-in browser", async () => {
    expect((await open()).location).toBe("/login?redirectTo=%2Fsettings%2Fapi-keys");
    expect((await submit({ intent: "create", name: "Nope" })).location).toBe("/login?redirectTo=%2Fsettings%2Fapi-keys");
  });

  it("creates a key and shows it once, uncached; the list shows only its prefix, and 'never' used", async () => {
    const { user, cookie } = await signedIn();
    const created = await submit({ intent: "create", name: "  Backup script " }, cookie);
    expect(created.status).toBe(200);
    expect(created.message).toBe("The key “Backup script” is ready.");
    expect(created.headers.get("Cache-Control")).toBe("no-store");
    const key: string = created.body.created.key;
    expect(key).toMatch(/^sk_test_[A-Za-z0-9_-]{43}$/);
    expect(created.body.created.name).toBe("Backup script");

    const row = await prisma.apiKey.findFirstOrThrow({ where: { userId: user.id } });
    expect(row.keyHash).toBe(sha256(key));
    expect(JSON.stringify(row)).not.toContain(key.slice(8));

    const page = await open(cookie);
    expect(page.body.keys).toEqual([{ id: row.id, name: "Backup script", keyPrefix: "sk_test...****", createdAt: row.createdAt.toISOString(), lastUsedAt: null }]);
    expect(JSON.stringify(page.body)).not.toContain(key.slice(8));

    expect(await authenticateApiKey(key)).not.toBeNull();
    await settleApiKeyWrites();
    expect((await open(cookie)).body.keys[0].lastUsedAt).not.toBeNull();
  });

  it("asks for a name", async () => {
    const { user, cookie } = await signedIn();
    const refused = await submit({ intent: "create", name: "   " }, cookie);
    expect(refused.status).toBe(400);
    expect(refused.fieldErrors.name).toEqual(["Name the key, e.g. after the program that will use it"]);
    expect(refused.body.created).toBeNull();
    const long = await submit({ intent: "create", name: "x".repeat(61) }, cookie);
    expect(long.fieldErrors.name).toEqual(["Use at most 60 characters"]);
    expect(await prisma.apiKey.count({ where: { userId: user.id } })).toBe(0);
  });

  it("refuses an 11th active key with a clear message on the name field", async () => {
    const { user, cookie } = await signedIn();
    for (let i = 0; i < 10; i++) await createApiKey(user.id, `Key ${i}`);
    const refused = await submit({ intent: "create", name: "One more" }, cookie);
    expect(refused.status).toBe(409);
    expect(refused.fieldErrors.name).toEqual([TOO_MANY_KEYS_MESSAGE]);
    expect(refused.message).toBe(TOO_MANY_KEYS_MESSAGE);
    expect(refused.body.created).toBeNull();
    expect(await prisma.apiKey.count({ where: { userId: user.id } })).toBe(10);
  });

  it("revokes one of your keys, which then stops working and leaves the list", async () => {
    const { user, cookie } = await signedIn();
    const { key, apiKey } = await createApiKey(user.id, "Old laptop");
    const revoked = await submit({ intent: "revoke", keyId: apiKey.id }, cookie);
    expect(revoked.status).toBe(200);
    expect(revoked.message).toBe("The key “Old laptop” is revoked: requests with it are refused from now on.");
    expect(await authenticateApiKey(key)).toBeNull();
    expect((await open(cookie)).body.keys).toEqual([]);
    expect((await prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).isActive).toBe(false);
  });

  it("cannot revoke someone else's key", async () => {
    const { cookie } = await signedIn();
    const other = await makeUser();
    const { key, apiKey } = await createApiKey(other.id, "Theirs");
    const refused = await submit({ intent: "revoke", keyId: apiKey.id }, cookie);
    expect(refused.status).toBe(404);
    expect(refused.message).toBe("We could not find that API key, or it has already been revoked.");
    expect(await authenticateApiKey(key)).not.toBeNull();
    await settleApiKeyWrites();
  });
});
