import { describe, expect, it } from "vitest";
import { decodeIntent, decodeSession, encodeIntent, encodeSession, SESSION_LIFETIME_MS, sessionExpired } from "./emulator-sessions.server.ts";

const KEY = "test-key";
const session = {
  mode: "payment" as const,
  customer: "cus_local_1",
  price: "price_local_pack_basic",
  success: "http://localhost/checkout/success?payment=p1",
  cancel: "http://localhost/checkout/cancel?payment=p1",
  ref: "user_1",
  md: { paymentId: "p1" },
  pmd: { paymentId: "p1" },
  smd: {},
  created: Date.now(),
};

describe("the emulator's checkout session ids", () => {
  it("carry the whole session, readable only with the key", () => {
    const id = encodeSession(KEY, session);
    expect(id).toMatch(/^cs_local_[\w-]+\.[\w-]{32}$/);
    expect(decodeSession(KEY, id)).toEqual({ ...session, v: 1, id });
    expect(decodeSession("another-key", id)).toBeNull();
  });

  it("cannot be altered or made up", () => {
    const id = encodeSession(KEY, session);
    const [body, signature] = id.slice("cs_local_".length).split(".");
    const other = encodeSession(KEY, { ...session, price: "price_local_pack_power" });
    const [otherBody] = other.slice("cs_local_".length).split(".");
    expect(decodeSession(KEY, `cs_local_${otherBody}.${signature}`)).toBeNull();
    expect(decodeSession(KEY, `cs_local_${body}`)).toBeNull();
    expect(decodeSession(KEY, "cs_test_abc")).toBeNull();
    expect(decodeSession(KEY, `cs_local_${"A".repeat(5000)}.x`)).toBeNull();
  });

  it("expire after 24 hours, as Stripe's do", () => {
    const decoded = decodeSession(KEY, encodeSession(KEY, session))!;
    expect(sessionExpired(decoded, session.created + SESSION_LIFETIME_MS - 1)).toBe(false);
    expect(sessionExpired(decoded, session.created + SESSION_LIFETIME_MS + 1)).toBe(true);
  });
});

describe("the emulator's manual-capture PaymentIntent ids", () => {
  const intent = { amt: 3598, cur: "GBP" as const, cus: "cus_local_1", md: { kind: "merch", orderId: "o1" }, cap: "manual" as const, cs: "abc" };

  it("carry the amount, currency and metadata, readable only with the key", () => {
    const id = encodeIntent(KEY, intent);
    expect(id).toMatch(/^pi_local_[\w-]+\.[\w-]{32}$/);
    expect(decodeIntent(KEY, id)).toEqual({ ...intent, v: 1, id });
    expect(decodeIntent("another-key", id)).toBeNull();
    expect(encodeIntent(KEY, intent)).toBe(id);
  });

  it("cannot be altered, made up, or passed off as a checkout session", () => {
    const id = encodeIntent(KEY, intent);
    const [, signature] = id.slice("pi_local_".length).split(".");
    const [otherBody] = encodeIntent(KEY, { ...intent, amt: 1 }).slice("pi_local_".length).split(".");
    expect(decodeIntent(KEY, `pi_local_${otherBody}.${signature}`)).toBeNull();
    expect(decodeIntent(KEY, "pi_local_made-up.signature")).toBeNull();
    expect(decodeSession(KEY, id.replace("pi_local_", "cs_local_"))).toBeNull();
  });
});
