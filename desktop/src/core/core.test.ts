/** The core's session handlers against a real local HTTP server speaking the Spike Land API. */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ApiError } from "@spike-land/shared/api/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SessionState } from "../ipc/contract.ts";
import { CoreError } from "./errors.ts";
import { createCore, createPlaintextSecretBox, type Core } from "./index.ts";
import { SESSION_FILE_NAME } from "./session-store.ts";
import { WRONG_PASSWORD_MESSAGE, startFakeApiServer, type FakeApiServer } from "./testing/fake-api-server.ts";

let api: FakeApiServer;
let userDataDir: string;
let core: Core;
let changes: SessionState[];

function startCore(options: Partial<Parameters<typeof createCore>[0]> = {}): Core {
  const started = createCore({ userDataDir, ...options });
  started.on("session:changed", (state) => changes.push(state));
  return started;
}

const demo = { email: "demo@spike.land", password: "spike-demo-2026" };

beforeEach(async () => {
  api = await startFakeApiServer();
  userDataDir = await mkdtemp(join(tmpdir(), "spike-land-core-"));
  changes = [];
  core = startCore();
});
afterEach(async () => {
  await api.close();
  await rm(userDataDir, { recursive: true, force: true });
});

describe("core session", () => {
  it("starts signed out with no remembered server", async () => {
    expect(await core.handlers["session:get"](undefined)).toEqual({ status: "signedOut", serverUrl: null });
  });

  it("signs in, shows the account and remembers it for the next launch", async () => {
    const state = await core.handlers["session:signIn"]({ serverUrl: `${api.url}/`, ...demo });
    expect(state).toMatchObject({
      status: "signedIn",
      serverUrl: api.url,
      user: { name: "Demo User", email: "demo@spike.land", role: "USER" },
      tokens: { balance: 10, tier: "FREE" },
    });
    expect(changes.map((change) => change.status)).toEqual(["signedIn"]);

    const file = await readFile(join(userDataDir, SESSION_FILE_NAME), "utf8");
    const [token] = [...api.sessions.keys()];
    expect(token).toBeDefined();
    expect(file).not.toContain(token);

    const nextLaunch = startCore();
    expect(await nextLaunch.handlers["session:get"](undefined)).toMatchObject({ status: "signedIn", serverUrl: api.url });
    // The next launch reuses the saved token rather than signing in again.
    await nextLaunch.handlers["session:refresh"](undefined);
    expect(api.requests.at(-1)).toEqual({ method: "GET", path: "/api/v1/me", authorization: `Bearer ${token}` });
  });

  it("passes the server's message through when the password is wrong", async () => {
    const failure = core.handlers["session:signIn"]({ serverUrl: api.url, email: demo.email, password: "nope" });
    await expect(failure).rejects.toBeInstanceOf(ApiError);
    await expect(failure).rejects.toMatchObject({ status: 401, code: "unauthorized", message: WRONG_PASSWORD_MESSAGE });
    expect(await core.handlers["session:get"](undefined)).toEqual({ status: "signedOut", serverUrl: null });
    expect(changes).toEqual([]);
  });

  it("rejects a bad server address before any request is made", async () => {
    const failure = core.handlers["session:signIn"]({ serverUrl: "localhost:3000", ...demo });
    await expect(failure).rejects.toBeInstanceOf(CoreError);
    await expect(failure).rejects.toMatchObject({ code: "validation_failed", fields: { serverUrl: [expect.any(String)] } });
    expect(api.requests).toEqual([]);
  });

  it("explains an address where no Spike Land API answers", async () => {
    const elsewhere = await startFakeApiServer();
    await elsewhere.close();
    await expect(core.handlers["session:signIn"]({ serverUrl: elsewhere.url, ...demo })).rejects.toMatchObject({
      code: "network",
      message: expect.stringContaining(`Could not reach ${elsewhere.url}`),
    });
    await expect(core.handlers["session:signIn"]({ serverUrl: `${api.url}/not-spike`, ...demo })).rejects.toMatchObject({
      code: "not_found",
      message: expect.stringContaining("not like a Spike Land server (HTTP 404)"),
    });
  });

  it("refreshes the token balance from the server", async () => {
    await core.handlers["session:signIn"]({ serverUrl: api.url, ...demo });
    const account = api.accounts.get(demo.email);
    if (!account) throw new Error("demo account missing");
    account.tokens.balance = 42;
    const state = await core.handlers["session:refresh"](undefined);
    expect(state.tokens.balance).toBe(42);
    expect(changes.at(-1)).toMatchObject({ status: "signedIn", tokens: { balance: 42 } });
  });

  it("signs out when the server says the session has ended", async () => {
    await core.handlers["session:signIn"]({ serverUrl: api.url, ...demo });
    api.sessions.clear();
    await expect(core.handlers["session:refresh"](undefined)).rejects.toMatchObject({
      code: "unauthorized",
      message: expect.stringMatching(/has ended\. Sign in again\./),
    });
    expect(changes.at(-1)).toEqual({ status: "signedOut", serverUrl: api.url });
    expect(await startCore().handlers["session:get"](undefined)).toEqual({ status: "signedOut", serverUrl: api.url });
  });

  it("keeps the session when the server is only unreachable", async () => {
    await core.handlers["session:signIn"]({ serverUrl: api.url, ...demo });
    await api.close();
    await expect(core.handlers["session:refresh"](undefined)).rejects.toMatchObject({ code: "network" });
    expect(await core.handlers["session:get"](undefined)).toMatchObject({ status: "signedIn" });
    api = await startFakeApiServer();
  });

  it("signs out on the server and forgets the token, keeping the server address", async () => {
    await core.handlers["session:signIn"]({ serverUrl: api.url, ...demo });
    const [token] = [...api.sessions.keys()];
    expect(await core.handlers["session:signOut"](undefined)).toEqual({ status: "signedOut", serverUrl: api.url });
    expect(api.sessions.size).toBe(0);
    expect(api.requests.at(-1)).toEqual({
      method: "DELETE",
      path: "/api/v1/sessions/current",
      authorization: `Bearer ${token}`,
    });
    expect(changes.map((change) => change.status)).toEqual(["signedIn", "signedOut"]);
    expect(await startCore().handlers["session:get"](undefined)).toEqual({ status: "signedOut", serverUrl: api.url });
  });

  it("signs out locally even when the server cannot be reached", async () => {
    await core.handlers["session:signIn"]({ serverUrl: api.url, ...demo });
    await api.close();
    expect(await core.handlers["session:signOut"](undefined)).toEqual({ status: "signedOut", serverUrl: api.url });
    api = await startFakeApiServer();
  });

  it("does not let a slow refresh bring back a session signed out meanwhile", async () => {
    await core.handlers["session:signIn"]({ serverUrl: api.url, ...demo });
    const refreshing = core.handlers["session:refresh"](undefined);
    const signingOut = core.handlers["session:signOut"](undefined);
    await refreshing;
    await signingOut;
    expect(await core.handlers["session:get"](undefined)).toEqual({ status: "signedOut", serverUrl: api.url });
  });

  it("treats an expired session as signed out", async () => {
    await core.handlers["session:signIn"]({ serverUrl: api.url, ...demo });
    const later = startCore({ now: () => new Date("2100-01-01T00:00:00Z") });
    expect(await later.handlers["session:get"](undefined)).toEqual({ status: "signedOut", serverUrl: api.url });
  });

  it("uses the secret box it is given", async () => {
    const plain = startCore({ secretBox: createPlaintextSecretBox() });
    await plain.handlers["session:signIn"]({ serverUrl: api.url, ...demo });
    const [token] = [...api.sessions.keys()];
    const file = JSON.parse(await readFile(join(userDataDir, SESSION_FILE_NAME), "utf8")) as {
      session: { token: { scheme: string; sealed: string } };
    };
    expect(file.session.token).toEqual({ scheme: "plaintext", sealed: token });
  });

  it("goes through the fetch it is given", async () => {
    const seen: string[] = [];
    const recording = startCore({
      fetch: (input, init) => {
        seen.push(String(input));
        return fetch(input, init);
      },
    });
    await recording.handlers["session:signIn"]({ serverUrl: api.url, ...demo });
    expect(seen).toEqual([`${api.url}/api/v1/sessions`, `${api.url}/api/v1/me`]);
  });
});
