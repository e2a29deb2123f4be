/** A typed client for /api/v1: every response is parsed with the contract's schema. */
import type { z } from "zod";
import { apiErrorBody, type ApiErrorCode } from "./errors.ts";
import {
  createSessionResponse,
  meResponse,
  type CreateSessionRequest,
  type CreateSessionResponse,
  type MeResponse,
} from "./sessions.ts";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode | "network",
    message: string,
    readonly fields?: Record<string, string[]>,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export type ApiClientOptions = {
  baseUrl: string;
  token?: string | null;
  fetch?: typeof fetch;
};

export class ApiClient {
  readonly baseUrl: string;
  token: string | null;
  readonly #fetch: typeof fetch;

  constructor(options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.token = options.token ?? null;
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  async #request<T>(method: string, path: string, schema: z.ZodType<T> | null, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let response: Response;
    try {
      response = await this.#fetch(`${this.baseUrl}/api/v1${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, "network", `Could not reach ${this.baseUrl}. Check the address and your connection.`);
    }
    const text = await response.text();
    const json: unknown = text ? safeJson(text) : null;
    if (!response.ok) {
      const parsed = apiErrorBody.safeParse(json);
      if (parsed.success) {
        const { code, message, fields } = parsed.data.error;
        throw new ApiError(response.status, code, message, fields);
      }
      throw new ApiError(response.status, "internal", `The server answered ${response.status} without details.`);
    }
    if (!schema) return undefined as T;
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new ApiError(response.status, "internal", "The server's answer did not match what this app expects.");
    }
    return parsed.data;
  }

  createSession(input: CreateSessionRequest): Promise<CreateSessionResponse> {
    return this.#request("POST", "/sessions", createSessionResponse, input);
  }

  deleteCurrentSession(): Promise<void> {
    return this.#request("DELETE", "/sessions/current", null);
  }

  me(): Promise<MeResponse> {
    return this.#request("GET", "/me", meResponse);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
