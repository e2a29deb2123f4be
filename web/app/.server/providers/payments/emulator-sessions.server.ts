/**
 * The emulator's checkout sessions, kept without a table: everything a session holds travels in its
 * id, compressed and signed (HMAC-SHA256), so a session cannot be forged or altered, and any web
 * process can serve it. Whether it has been paid is known from the webhook events the app accepted.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { z } from "zod";
import { DAY_MS } from "@spike-land/shared/time";

const PREFIX = "cs_local_";
/** Stripe's hosted checkout sessions expire after 24 hours; so do the emulator's. */
export const SESSION_LIFETIME_MS = DAY_MS;

const sessionSchema = z.object({
  v: z.literal(1),
  mode: z.enum(["payment", "subscription"]),
  customer: z.string(),
  price: z.string(),
  success: z.string(),
  cancel: z.string(),
  ref: z.string(),
  md: z.record(z.string(), z.string()),
  pmd: z.record(z.string(), z.string()),
  smd: z.record(z.string(), z.string()),
  /** Merch checkouts: inline line items (name, description, unit amount in minor units, quantity) instead of a price. */
  items: z.array(z.object({ n: z.string(), d: z.string().optional(), a: z.number().int().nonnegative(), q: z.number().int().positive() })).optional(),
  cur: z.enum(["GBP", "EUR"]).optional(),
  /** "manual": the PaymentIntent is only authorised (requires_capture) when the card is accepted. */
  cap: z.enum(["manual", "automatic"]).optional(),
  email: z.string().optional(),
  /** Unix milliseconds. */
  created: z.number().int(),
});
export type EmulatorSession = z.infer<typeof sessionSchema> & { id: string };

function sign(key: string, body: string, purpose = "checkout-session"): string {
  return createHmac("sha256", key).update(`${purpose}:${body}`).digest("base64url").slice(0, 32);
}

export function encodeSession(key: string, session: Omit<EmulatorSession, "id" | "v">): string {
  const body = deflateRawSync(Buffer.from(JSON.stringify({ v: 1, ...session }))).toString("base64url");
  return `${PREFIX}${body}.${sign(key, body)}`;
}

/** The session an id names, or null when the id is malformed or its signature does not match. */
export function decodeSession(key: string, id: string): EmulatorSession | null {
  if (!id.startsWith(PREFIX) || id.length > 4_000) return null;
  const [body, signature, ...rest] = id.slice(PREFIX.length).split(".");
  if (!body || !signature || rest.length) return null;
  const expected = Buffer.from(sign(key, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const parsed = sessionSchema.safeParse(JSON.parse(inflateRawSync(Buffer.from(body, "base64url")).toString("utf8")));
    return parsed.success ? { ...parsed.data, id } : null;
  } catch {
    return null;
  }
}

export function sessionExpired(session: EmulatorSession, now = Date.now()): boolean {
  return now - session.created > SESSION_LIFETIME_MS;
}

const INTENT_PREFIX = "pi_local_";

const intentSchema = z.object({
  v: z.literal(1),
  /** Amount in minor units. */
  amt: z.number().int().nonnegative(),
  cur: z.enum(["GBP", "EUR"]),
  cus: z.string(),
  md: z.record(z.string(), z.string()),
  cap: z.enum(["manual", "automatic"]),
  /** The checkout session it was created for (a digest), so every session names its own intent. */
  cs: z.string(),
});
export type EmulatorIntent = z.infer<typeof intentSchema> & { id: string };

/**
 * A manual-capture PaymentIntent id: what it is for travels in the id, signed like a session. Its
 * state (authorised, captured, cancelled, refunded) is the order row's stripePaymentStatus.
 */
export function encodeIntent(key: string, intent: Omit<EmulatorIntent, "id" | "v">): string {
  const body = deflateRawSync(Buffer.from(JSON.stringify({ v: 1, ...intent }))).toString("base64url");
  return `${INTENT_PREFIX}${body}.${sign(key, body, "payment-intent")}`;
}

export function decodeIntent(key: string, id: string): EmulatorIntent | null {
  if (!id.startsWith(INTENT_PREFIX) || id.length > 2_000) return null;
  const [body, signature, ...rest] = id.slice(INTENT_PREFIX.length).split(".");
  if (!body || !signature || rest.length) return null;
  const expected = Buffer.from(sign(key, body, "payment-intent"));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const parsed = intentSchema.safeParse(JSON.parse(inflateRawSync(Buffer.from(body, "base64url")).toString("utf8")));
    return parsed.success ? { ...parsed.data, id } : null;
  } catch {
    return null;
  }
}
