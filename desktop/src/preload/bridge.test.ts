/** The `window.spikeLand` object: contract channels only, events with unsubscribe. */
import { describe, expect, it } from "vitest";
import type { SessionState } from "../ipc/contract.ts";
import { createBridge, type BridgeTransport } from "./bridge.ts";

function fakeTransport() {
  const invoked: [string, unknown][] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const transport: BridgeTransport = {
    invoke: async (channel, request) => {
      invoked.push([channel, request]);
      return { ok: true, data: { status: "signedOut", serverUrl: null } };
    },
    subscribe: (channel, listener) => {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set.add(listener));
      return () => set.delete(listener);
    },
  };
  const push = (channel: string, payload: unknown) => listeners.get(channel)?.forEach((listener) => listener(payload));
  return { transport, invoked, push };
}

describe("window bridge", () => {
  it("forwards contract channels with their request", async () => {
    const fake = fakeTransport();
    const bridge = createBridge(fake.transport);
    expect(await bridge.invoke("session:get")).toEqual({ ok: true, data: { status: "signedOut", serverUrl: null } });
    await bridge.invoke("session:signIn", { serverUrl: "http://localhost:3000", email: "a@b.co", password: "pw" });
    expect(fake.invoked).toEqual([
      ["session:get", undefined],
      ["session:signIn", { serverUrl: "http://localhost:3000", email: "a@b.co", password: "pw" }],
    ]);
  });

  it("never forwards a channel the contract does not name", async () => {
    const fake = fakeTransport();
    const bridge = createBridge(fake.transport);
    const invokeAnything = bridge.invoke as (channel: string) => Promise<unknown>;
    expect(await invokeAnything("shell:openExternal")).toMatchObject({ ok: false, error: { code: "unknown_channel" } });
    expect(fake.invoked).toEqual([]);
    const onAnything = bridge.on as (channel: string, listener: () => void) => unknown;
    expect(() => onAnything("ipc:raw", () => undefined)).toThrow(/no "ipc:raw" event/);
  });

  it("delivers events until the returned unsubscribe is called", () => {
    const fake = fakeTransport();
    const bridge = createBridge(fake.transport);
    const seen: SessionState[] = [];
    const unsubscribe = bridge.on("session:changed", (state) => seen.push(state));
    fake.push("session:changed", { status: "signedOut", serverUrl: null });
    unsubscribe();
    fake.push("session:changed", { status: "signedOut", serverUrl: "http://x" });
    expect(seen).toEqual([{ status: "signedOut", serverUrl: null }]);
  });

  it("cannot be altered by the page", () => {
    const bridge = createBridge(fakeTransport().transport);
    expect(Object.isFrozen(bridge)).toBe(true);
  });
});
