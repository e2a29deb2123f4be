/** The Electron IPC adapter, driven through a stand-in ipcMain instead of Electron. */
import { describe, expect, it } from "vitest";
import { createCoreEvents } from "../core/events.ts";
import { invokeChannelNames, type Handlers, type SessionState } from "../ipc/contract.ts";
import { forwardCoreEvents, registerIpc, type InvokeEventLike, type IpcMainLike } from "./ipc-adapter.ts";
import { unusedHandlers } from "../core/testing/unused-handlers.ts";

type Listener = Parameters<IpcMainLike["handle"]>[1];

/** Stands in for Electron's ipcMain: records what was registered and lets the test call it. */
function fakeIpcMain() {
  const registered = new Map<string, Listener>();
  const ipcMain: IpcMainLike = {
    handle(channel, listener) {
      if (registered.has(channel)) throw new Error(`second handler for ${channel}`);
      registered.set(channel, listener);
    },
    removeHandler(channel) {
      registered.delete(channel);
    },
  };
  const call = (channel: string, payload: unknown, frameUrl: string | null = "file:///app/index.html") => {
    const listener = registered.get(channel);
    if (!listener) throw new Error(`nothing registered for ${channel}`);
    const event: InvokeEventLike = { senderFrame: frameUrl === null ? null : { url: frameUrl } };
    return listener(event, payload);
  };
  return { ipcMain, registered, call };
}

const signedOut: SessionState = { status: "signedOut", serverUrl: null };
const handlers: Handlers = {
  ...unusedHandlers(),
  "session:get": async () => signedOut,
  "session:signIn": async () => {
    throw new Error("not used");
  },
  "session:signOut": async () => ({ status: "signedOut", serverUrl: null }),
  "session:refresh": async () => {
    throw new Error("not used");
  },
};
const trustApp = { isTrustedSender: (url: string) => url === "file:///app/index.html" };

describe("registerIpc", () => {
  it("registers exactly one handler per contract channel", () => {
    const fake = fakeIpcMain();
    registerIpc(fake.ipcMain, handlers, trustApp);
    expect([...fake.registered.keys()].sort()).toEqual([...invokeChannelNames].sort());
  });

  it("answers requests from the app's own page through the contract", async () => {
    const fake = fakeIpcMain();
    registerIpc(fake.ipcMain, handlers, trustApp);
    expect(await fake.call("session:get", undefined)).toEqual({ ok: true, data: signedOut });
    expect(await fake.call("session:signIn", { email: 1 })).toMatchObject({
      ok: false,
      error: { code: "validation_failed", fields: { email: expect.any(Array) } },
    });
  });

  it("refuses requests from any other page or a frame that is gone", async () => {
    const fake = fakeIpcMain();
    registerIpc(fake.ipcMain, handlers, trustApp);
    expect(await fake.call("session:get", undefined, "https://evil.example/")).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    expect(await fake.call("session:get", undefined, null)).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });

  it("removes its handlers when asked", () => {
    const fake = fakeIpcMain();
    const unregister = registerIpc(fake.ipcMain, handlers, trustApp);
    unregister();
    expect(fake.registered.size).toBe(0);
  });
});

describe("forwardCoreEvents", () => {
  it("sends checked events to the window until stopped or the window is gone", () => {
    const events = createCoreEvents();
    const sent: [string, unknown][] = [];
    let destroyed = false;
    const stop = forwardCoreEvents(events, { send: (channel, payload) => sent.push([channel, payload]), isDestroyed: () => destroyed });

    events.emit("session:changed", signedOut);
    events.emit("session:changed", { status: "bogus" } as unknown as SessionState);
    destroyed = true;
    events.emit("session:changed", signedOut);
    destroyed = false;
    stop();
    events.emit("session:changed", signedOut);

    expect(sent).toEqual([["session:changed", signedOut]]);
  });
});
