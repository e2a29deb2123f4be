/** The contract checks every request and answer go through, in Electron and in the test host alike. */
import { ApiError } from "@spike-land/shared/api/client";
import { describe, expect, it } from "vitest";
import { CoreError } from "../core/errors.ts";
import { unusedHandlers } from "../core/testing/unused-handlers.ts";
import type { Handlers, SignedInSession } from "./contract.ts";
import { createDispatcher, parseEvent } from "./dispatch.ts";

const signedIn: SignedInSession = {
  status: "signedIn",
  serverUrl: "http://localhost:3000",
  user: { id: "u1", name: "Demo User", email: "demo@spike.land", image: null, role: "USER", emailVerified: true },
  tokens: { balance: 10, tier: "FREE" },
  refreshedAt: "2026-01-01T00:00:00.000Z",
};

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  return {
    ...unusedHandlers(),
    "session:get": async () => ({ status: "signedOut", serverUrl: null }),
    "session:signIn": async () => signedIn,
    "session:signOut": async () => ({ status: "signedOut", serverUrl: signedIn.serverUrl }),
    "session:refresh": async () => signedIn,
    ...overrides,
  };
}

describe("dispatcher", () => {
  it("answers a known channel with the handler's result", async () => {
    const dispatch = createDispatcher(handlers());
    expect(await dispatch("session:get", undefined)).toEqual({ ok: true, data: { status: "signedOut", serverUrl: null } });
  });

  it("refuses channels the contract does not name", async () => {
    const dispatch = createDispatcher(handlers());
    for (const channel of ["session:hack", "__proto__", "toString", 42]) {
      expect(await dispatch(channel, undefined)).toMatchObject({ ok: false, error: { code: "unknown_channel" } });
    }
  });

  it("hands the handler the parsed request (trimmed, lower-cased email)", async () => {
    const seen: unknown[] = [];
    const dispatch = createDispatcher(
      handlers({
        "session:signIn": async (request) => {
          seen.push(request);
          return signedIn;
        },
      }),
    );
    await dispatch("session:signIn", { serverUrl: " http://localhost:3000 ", email: " Demo@Spike.Land ", password: "pw" });
    expect(seen).toEqual([{ serverUrl: "http://localhost:3000", email: "demo@spike.land", password: "pw" }]);
  });

  it("reports invalid fields by name without calling the handler", async () => {
    let called = false;
    const dispatch = createDispatcher(
      handlers({
        "session:signIn": async () => {
          called = true;
          return signedIn;
        },
      }),
    );
    const result = await dispatch("session:signIn", { serverUrl: "", email: "not-an-email", password: "" });
    expect(called).toBe(false);
    expect(result).toEqual({
      ok: false,
      error: {
        code: "validation_failed",
        message: "Check the marked fields.",
        fields: {
          serverUrl: ["Enter the address of your Spike Land server"],
          email: ["Enter an email address like name@example.com"],
          password: ["Enter your password"],
        },
      },
    });
    expect(await dispatch("session:get", { sneaky: true })).toMatchObject({ ok: false, error: { code: "validation_failed" } });
  });

  it("names the one wrong field in the message, and gives a problem with the whole payload as the message alone", async () => {
    const dispatch = createDispatcher(handlers());
    const oneField = await dispatch("session:signIn", { serverUrl: "http://localhost:3000", email: "demo@spike.land", password: "" });
    expect(oneField).toEqual({
      ok: false,
      error: { code: "validation_failed", message: "Enter your password", fields: { password: ["Enter your password"] } },
    });
    const whole = await dispatch("session:signIn", "not an object");
    expect(whole.ok).toBe(false);
    if (whole.ok) return;
    expect(whole.error.code).toBe("validation_failed");
    expect(whole.error.message.length).toBeGreaterThan(0);
    expect(whole.error).not.toHaveProperty("fields");
  });

  it("passes the server's error code, message and fields through", async () => {
    const dispatch = createDispatcher(
      handlers({
        "session:signIn": async () => {
          throw new ApiError(401, "unauthorized", "Wrong email or password.", { password: ["Wrong password"] });
        },
        "session:refresh": async () => {
          throw new CoreError("network", "Could not reach the server.");
        },
      }),
    );
    expect(await dispatch("session:signIn", { serverUrl: "http://x", email: "a@b.co", password: "pw" })).toEqual({
      ok: false,
      error: { code: "unauthorized", message: "Wrong email or password.", fields: { password: ["Wrong password"] } },
    });
    expect(await dispatch("session:refresh", undefined)).toEqual({
      ok: false,
      error: { code: "network", message: "Could not reach the server." },
    });
  });

  it("hides a crash's details from the window but reports it", async () => {
    const reported: [string, unknown][] = [];
    const dispatch = createDispatcher(
      handlers({
        "session:get": async () => {
          throw new TypeError("cannot read x of undefined");
        },
      }),
      { onUnexpectedError: (channel, error) => reported.push([channel, error]) },
    );
    const result = await dispatch("session:get", undefined);
    expect(result).toMatchObject({ ok: false, error: { code: "internal", message: expect.stringMatching(/restart the app/) } });
    expect(JSON.stringify(result)).not.toContain("cannot read");
    expect(reported[0]?.[0]).toBe("session:get");
  });

  it("refuses to send an answer that breaks the contract", async () => {
    const reported: string[] = [];
    const broken = handlers({ "session:refresh": async () => ({ ...signedIn, tokens: { balance: 1.5, tier: "FREE" } }) });
    const dispatch = createDispatcher(broken, { onUnexpectedError: (channel) => reported.push(channel) });
    expect(await dispatch("session:refresh", undefined)).toMatchObject({ ok: false, error: { code: "internal" } });
    expect(reported).toEqual(["session:refresh"]);
  });
});

describe("parseEvent", () => {
  it("lets contract-shaped events through and stops the rest", () => {
    expect(parseEvent("session:changed", signedIn)).toEqual(signedIn);
    expect(parseEvent("session:changed", { status: "confused" })).toBeNull();
  });
});
