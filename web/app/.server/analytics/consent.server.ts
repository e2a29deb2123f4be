/**
 * Analytics consent: the visitor's choice (a first-party cookie), the browser's Do-Not-Track and
 * Global Privacy Control signals (which always win), and the random visitor id cookie that is only
 * ever set once the visitor has accepted.
 */
import { randomUUID } from "node:crypto";
import { DAY_SECONDS } from "@spike-land/shared/time";

export const CONSENT_COOKIE = "sl_analytics_consent";
export const VISITOR_COOKIE = "sl_vid";
const COOKIE_DAYS = 365;

export type ConsentChoice = "granted" | "denied";

export type ConsentState = {
  /** What the visitor chose, or null when they have not chosen yet. */
  choice: ConsentChoice | null;
  /** The browser asked not to be tracked (DNT: 1 or Sec-GPC: 1): nothing is ever recorded. */
  browserOptOut: boolean;
};

function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

export function browserOptsOut(request: Request): boolean {
  return request.headers.get("DNT")?.trim() === "1" || request.headers.get("Sec-GPC")?.trim() === "1";
}

export function readConsent(request: Request): ConsentState {
  const value = readCookie(request, CONSENT_COOKIE);
  const choice = value === "granted" || value === "denied" ? value : null;
  return { choice, browserOptOut: browserOptsOut(request) };
}

/** True only when the visitor accepted and the browser sends no opt-out signal. */
export function mayRecord(request: Request): boolean {
  const consent = readConsent(request);
  return consent.choice === "granted" && !consent.browserOptOut;
}

const VISITOR_ID = /^[a-f0-9-]{36}$/;

/** The visitor id, only when recording is allowed and the cookie holds one we issued. */
export function consentedVisitorId(request: Request): string | null {
  if (!mayRecord(request)) return null;
  const id = readCookie(request, VISITOR_COOKIE);
  return id && VISITOR_ID.test(id) ? id : null;
}

function cookie(name: string, value: string, maxAgeSeconds: number, secure: boolean): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, "Path=/", `Max-Age=${maxAgeSeconds}`, "SameSite=Lax", "HttpOnly"];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

function isSecure(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}

/** Set-Cookie headers recording a choice: accepting issues a visitor id, declining forgets it. */
export function consentCookies(request: Request, choice: ConsentChoice): string[] {
  const secure = isSecure(request);
  const headers = [cookie(CONSENT_COOKIE, choice, COOKIE_DAYS * DAY_SECONDS, secure)];
  if (choice === "granted") {
    const existing = readCookie(request, VISITOR_COOKIE);
    headers.push(cookie(VISITOR_COOKIE, existing && VISITOR_ID.test(existing) ? existing : randomUUID(), COOKIE_DAYS * DAY_SECONDS, secure));
  } else {
    headers.push(cookie(VISITOR_COOKIE, "", 0, secure));
  }
  return headers;
}

/** The visitor id cookie a consented request should carry, issued if it went missing. */
export function ensureVisitorCookie(request: Request): { visitorId: string; setCookie: string | null } | null {
  if (!mayRecord(request)) return null;
  const existing = consentedVisitorId(request);
  if (existing) return { visitorId: existing, setCookie: null };
  const visitorId = randomUUID();
  return { visitorId, setCookie: cookie(VISITOR_COOKIE, visitorId, COOKIE_DAYS * DAY_SECONDS, isSecure(request)) };
}

/** The raw visitor id cookie, whatever the consent: used only to forget a visitor who declines. */
export function visitorCookieValue(request: Request): string | null {
  const id = readCookie(request, VISITOR_COOKIE);
  return id && VISITOR_ID.test(id) ? id : null;
}
