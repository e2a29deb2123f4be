/**
 * Helpers for calling Remix loaders and actions directly with real `Request` objects, the way the
 * server does, and for reading what they answer (a Response, a `data()` result or a plain value,
 * returned or thrown).
 */
import { replyMessage, type FormReply } from "../app/lib/form-reply.ts";

export const APP_URL = "http://localhost:3999";

type RequestOptions = {
  method?: string;
  cookie?: string | null;
  ip?: string;
  headers?: Record<string, string>;
};

function headersFor(options: RequestOptions, extra: Record<string, string> = {}): Headers {
  const headers = new Headers({ ...extra, ...(options.headers ?? {}) });
  if (options.cookie) headers.set("Cookie", options.cookie);
  headers.set("x-client-ip", options.ip ?? "203.0.113.1");
  return headers;
}

export function url(path: string): string {
  return new URL(path, APP_URL).toString();
}

export function getRequest(path: string, options: RequestOptions = {}): Request {
  return new Request(url(path), { method: options.method ?? "GET", headers: headersFor(options) });
}

/** A browser form post: url-encoded fields, or multipart when given FormData. */
export function formRequest(path: string, fields: Record<string, string> | FormData, options: RequestOptions = {}): Request {
  if (fields instanceof FormData) {
    return new Request(url(path), { method: options.method ?? "POST", headers: headersFor(options), body: fields });
  }
  return new Request(url(path), {
    method: options.method ?? "POST",
    headers: headersFor(options, { "Content-Type": "application/x-www-form-urlencoded" }),
    body: new URLSearchParams(fields).toString(),
  });
}

export function jsonRequest(path: string, body: unknown, options: RequestOptions & { token?: string } = {}): Request {
  const extra: Record<string, string> = { "Content-Type": "application/json" };
  if (options.token) extra.Authorization = `Bearer ${options.token}`;
  return new Request(url(path), {
    method: options.method ?? "POST",
    headers: headersFor(options, extra),
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export type Outcome = {
  status: number;
  headers: Headers;
  /** The data a page receives, or the parsed JSON (or text) of a Response body; loosely typed for assertions. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  /** Where a redirect goes, if it is one. */
  location: string | null;
  thrown: boolean;
  /** For a page action's form reply: its message (the error summary, or the notice on success). */
  message: string | null;
  /** For a page action's form reply: the messages per field ("" holds the form's own). */
  fieldErrors: Record<string, string[]>;
};

type DataResult = { type: "DataWithResponseInit"; data: unknown; init: ResponseInit | null };

function isDataResult(value: unknown): value is DataResult {
  return typeof value === "object" && value !== null && (value as { type?: unknown }).type === "DataWithResponseInit";
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isFormReply(value: unknown): value is FormReply {
  return typeof value === "object" && value !== null && "result" in value && "intent" in value && "notice" in value;
}

function withReply(outcome: Omit<Outcome, "message" | "fieldErrors">): Outcome {
  if (!isFormReply(outcome.body)) return { ...outcome, message: null, fieldErrors: {} };
  const fieldErrors: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(outcome.body.result.error ?? {})) if (messages?.length) fieldErrors[field] = messages;
  return { ...outcome, message: replyMessage(outcome.body)?.text ?? null, fieldErrors };
}

async function describe(value: unknown, thrown: boolean): Promise<Outcome> {
  if (value instanceof Response) {
    return withReply({ status: value.status, headers: value.headers, body: await readBody(value), location: value.headers.get("Location"), thrown });
  }
  if (isDataResult(value)) {
    const headers = new Headers(value.init?.headers);
    return withReply({ status: value.init?.status ?? 200, headers, body: value.data, location: headers.get("Location"), thrown });
  }
  return withReply({ status: 200, headers: new Headers(), body: value, location: null, thrown });
}

/** Runs a loader or action and describes its answer, whether it was returned or thrown. */
export async function run(call: () => unknown): Promise<Outcome> {
  try {
    return await describe(await call(), false);
  } catch (error) {
    if (error instanceof Response || isDataResult(error)) return describe(error, true);
    throw error;
  }
}

/** The `name=value` part of a Set-Cookie header, ready to send back as a Cookie header. */
export function cookiePair(setCookie: string | null): string {
  if (!setCookie) throw new Error("The response set no cookie");
  return setCookie.split(";")[0]!.trim();
}

/** Set-Cookie attributes, lower-cased names (e.g. httponly, samesite, secure, max-age). */
export function cookieAttributes(setCookie: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const part of setCookie.split(";").slice(1)) {
    const [name, ...rest] = part.trim().split("=");
    attributes.set(name!.toLowerCase(), rest.join("="));
  }
  return attributes;
}

export function routeArgs(request: Request, params: Record<string, string> = {}) {
  return { request, params, context: {} };
}
