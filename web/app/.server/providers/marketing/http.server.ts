/** The HTTP calls the ad platform clients make: JSON and form bodies, with failures turned into AdPlatformError. */
import { AdPlatformError } from "./types.ts";

export type HttpAnswer = { status: number; body: unknown };

export async function callPlatform(
  url: string,
  init: { method?: string; headers?: Record<string, string>; json?: unknown; form?: Record<string, string> },
  name: string,
): Promise<HttpAnswer> {
  const headers: Record<string, string> = { Accept: "application/json", ...init.headers };
  let body: string | undefined;
  if (init.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(init.json);
  } else if (init.form) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(init.form).toString();
  }
  let response: Response;
  try {
    response = await fetch(url, { method: init.method ?? (body === undefined ? "GET" : "POST"), headers, body, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new AdPlatformError(`${name} could not be reached (${error instanceof Error ? error.message : String(error)}).`);
  }
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed };
}

export function record(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : typeof value === "number" ? String(value) : null;
}

export function count(value: unknown): number {
  const number = typeof value === "number" ? value : typeof value === "string" ? Number(value) : 0;
  return Number.isFinite(number) ? number : 0;
}

/** Seconds from now as a date, or null when the platform gave no lifetime. */
export function expiryFrom(expiresIn: unknown, now = Date.now()): Date | null {
  const seconds = count(expiresIn);
  return seconds > 0 ? new Date(now + seconds * 1000) : null;
}
