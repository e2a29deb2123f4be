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

const noFiles = {
  pathForFile: (): string => {
    throw new Error("No drops here");
  },
};

describe("window bridge", () => {
  it("forwards contract channels with their request", async () => {
    const fake = fakeTransport();
    const bridge = createBridge(fake.transport, noFiles);
    expect(await bridge.invoke("session:get")).toEqual({ ok: true, data: { status: "signedOut", serverUrl: null } });
    await bridge.invoke("session:signIn", { serverUrl: "http://localhost:3000", email: "a@b.co", password: "pw" });
    expect(fake.invoked).toEqual([
      ["session:get", undefined],
      ["session:signIn", { serverUrl: "http://localhost:3000", email: "a@b.co", password: "pw" }],
    ]);
  });

  it("never forwards a channel the contract does not name", async () => {
    const fake = fakeTransport();
    const bridge = createBridge(fake.transport, noFiles);
    const invokeAnything = bridge.invoke as (channel: string) => Promise<unknown>;
    expect(await invokeAnything("shell:openExternal")).toMatchObject({ ok: false, error: { code: "unknown_channel" } });
    expect(fake.invoked).toEqual([]);
    const onAnything = bridge.on as (channel: string, listener: () => void) => unknown;
    expect(() => onAnything("ipc:raw", () => undefined)).toThrow(/no "ipc:raw" event/);
  });

  it("delivers events until the returned unsubscribe is called", () => {
    const fake = fakeTransport();
    const bridge = createBridge(fake.transport, noFiles);
    const seen: SessionState[] = [];
    const unsubscribe = bridge.on("session:changed", (state) => seen.push(state));
    fake.push("session:changed", { status: "signedOut", serverUrl: null });
    unsubscribe();
    fake.push("session:changed", { status: "signedOut", serverUrl: "http://x" });
    expect(seen).toEqual([{ status: "signedOut", serverUrl: null }]);
  });

  it("asks the host where a dropped file lives", () => {
    const seen: string[] = [];
    const bridge = createBridge(fakeTransport().transport, {
      pathForFile: (file) => {
        seen.push(file.name);
        return `/home/ada/Pictures/${file.name}`;
      },
    });
    expect(bridge.pathForFile(new File([], "Holiday 2025"))).toBe("/home/ada/Pictures/Holiday 2025");
    expect(seen).toEqual(["Holiday 2025"]);
    expect(() => createBridge(fakeTransport().transport, noFiles).pathForFile(new File([], "x"))).toThrow("No drops here");
  });

  it("cannot be altered by the page", () => {
    const bridge = createBridge(fakeTransport().transport, noFiles);
    expect(Object.isFrozen(bridge)).toBe(true);
  });
});
