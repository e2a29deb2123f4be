/** The JSON-over-HTTP call both provider clients make, with failures sorted into rejections and transient errors. */
import { PrintProviderError } from "./types.ts";

export type HttpAnswer = { status: number; body: unknown };

/** Network failures and timeouts are transient (the job is retried); any HTTP answer is returned. */
export async function callJson(url: string, init: { method: string; headers: Record<string, string>; body?: unknown }, name: string): Promise<HttpAnswer> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method,
      headers: { Accept: "application/json", ...(init.body === undefined ? {} : { "Content-Type": "application/json" }), ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new PrintProviderError(`${name} could not be reached (${error instanceof Error ? error.message : String(error)}).`, { rejected: false });
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return { status: response.status, body };
}

/** 429 and 5xx are worth retrying; so are 401/403 (our credentials, not the customer's order, are wrong). */
export function isTransientStatus(status: number): boolean {
  return status === 401 || status === 403 || status === 408 || status === 409 || status === 429 || status >= 500;
}

export function record(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() ? value : typeof value === "number" ? String(value) : null;
}
