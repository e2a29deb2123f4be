/** The remembered session file: owner-only, token sealed, and forgiving of damage. */
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createKeyFileSecretBox, createPlaintextSecretBox } from "./secret-box.ts";
import { EMPTY_SESSION, SESSION_FILE_NAME, createSessionStore, type StoredSession } from "./session-store.ts";
import { demoAccount } from "./testing/fake-api-server.ts";

const { password: _password, ...profile } = demoAccount();
const signedIn: StoredSession = {
  serverUrl: "http://localhost:3000",
  session: {
    token: "secret-token-value",
    expiresAt: "2030-01-01T00:00:00.000Z",
    profile,
    refreshedAt: "2026-01-01T00:00:00.000Z",
  },
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "spike-land-store-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("session store", () => {
  it("starts empty when nothing was saved", async () => {
    const store = createSessionStore({ userDataDir: dir, secretBox: createPlaintextSecretBox() });
    expect(await store.read()).toEqual(EMPTY_SESSION);
  });

  it("round-trips a session through an owner-only file without the token in clear", async () => {
    const store = createSessionStore({ userDataDir: dir, secretBox: createKeyFileSecretBox(dir) });
    await store.write(signedIn);
    const text = await readFile(join(dir, SESSION_FILE_NAME), "utf8");
    expect(text).not.toContain("secret-token-value");
    expect(text).toContain('"scheme": "aes-256-gcm"');
    expect((await stat(join(dir, SESSION_FILE_NAME))).mode & 0o777).toBe(0o600);
    expect(await store.read()).toEqual(signedIn);
  });

  it("keeps the server but forgets a token sealed by a different box", async () => {
    const discarded: string[] = [];
    await createSessionStore({ userDataDir: dir, secretBox: createPlaintextSecretBox() }).write(signedIn);
    const store = createSessionStore({
      userDataDir: dir,
      secretBox: createKeyFileSecretBox(dir),
      onDiscarded: (reason) => discarded.push(reason),
    });
    expect(await store.read()).toEqual({ serverUrl: "http://localhost:3000", session: null });
    expect(discarded[0]).toMatch(/sealed with plaintext/);
  });

  it("starts signed out when the file is damaged", async () => {
    await writeFile(join(dir, SESSION_FILE_NAME), "{ not json");
    const discarded: string[] = [];
    const store = createSessionStore({
      userDataDir: dir,
      secretBox: createPlaintextSecretBox(),
      onDiscarded: (reason) => discarded.push(reason),
    });
    expect(await store.read()).toEqual(EMPTY_SESSION);
    expect(discarded).toHaveLength(1);
  });

  it("starts signed out when the key no longer opens the token", async () => {
    const store = createSessionStore({ userDataDir: dir, secretBox: createKeyFileSecretBox(dir) });
    await store.write(signedIn);
    await rm(join(dir, "session.key"));
    const fresh = createSessionStore({ userDataDir: dir, secretBox: createKeyFileSecretBox(dir) });
    expect(await fresh.read()).toEqual({ serverUrl: "http://localhost:3000", session: null });
  });
});
