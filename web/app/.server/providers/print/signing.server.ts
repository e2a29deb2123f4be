/**
 * Webhook secrets for the print providers. The local studio signs its webhooks with HMAC-SHA256
 * (`X-Print-Signature: t=<unix seconds>,v1=<hex of HMAC(secret, "<t>.<raw body>")>`). Prodigi and
 * Printful do not sign their order callbacks, so their callback URLs carry a secret token instead.
 * Every secret defaults to an HMAC of SESSION_SECRET, which development already persists.
 */
import { createHmac } from "node:crypto";
import { safeEqual } from "../../platform/crypto.server.ts";

export const SIGNATURE_HEADER = "X-Print-Signature";
const SIGNATURE_TOLERANCE_SECONDS = 300;

export function derivedSecret(sessionSecret: string, purpose: string): string {
  return createHmac("sha256", sessionSecret).update(`spike-land print ${purpose} webhook secret`).digest("base64url");
}

export function signPayload(body: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const digest = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return `t=${timestamp},v1=${digest}`;
}

/** Checks a signature header against the raw body, within five minutes of its timestamp. */
export function verifySignature(body: string, header: string | null, secret: string, now = Math.floor(Date.now() / 1000)): boolean {
  if (!header) return false;
  const parts = new Map(header.split(",").map((part) => part.trim().split("=", 2) as [string, string]));
  const timestamp = Number(parts.get("t"));
  const given = parts.get("v1");
  if (!Number.isInteger(timestamp) || !given || Math.abs(now - timestamp) > SIGNATURE_TOLERANCE_SECONDS) return false;
  const expected = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return safeEqual(expected, given);
}
