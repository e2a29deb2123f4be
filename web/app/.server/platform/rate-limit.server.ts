/**
 * Rate limits shared by every web process: counters live in PostgreSQL (rate-limiter-flexible
 * creates and sweeps its own `rate_limits` table), so limits hold across a scaled-out fleet.
 */
import pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "./env.server.ts";
import { DomainError } from "@spike-land/shared/errors";
import { limitsWith, type LimitName, type LimitRule } from "./rate-limit-rules.server.ts";

/**
 * The limits in force: points per window. The product's rules (rate-limit-rules.server.ts), with
 * the points a deployment sets in RATE_LIMIT_OVERRIDES.
 */
export const LIMITS: Readonly<Record<LimitName, LimitRule>> = limitsWith(env.RATE_LIMIT_OVERRIDES);
export type { LimitName };

let pool: pg.Pool | undefined;
const limiters = new Map<LimitName, Promise<RateLimiterPostgres>>();

/** Closes the limiter store's connections (at shutdown); limiters made later open a new pool. */
export async function closeRateLimits(): Promise<void> {
  const open = pool;
  pool = undefined;
  limiters.clear();
  await open?.end();
}

function limiter(name: LimitName): Promise<RateLimiterPostgres> {
  let existing = limiters.get(name);
  if (!existing) {
    if (!pool) {
      pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 4 });
      // An idle connection dropped by the server (restart, shutdown) must not crash the process.
      pool.on("error", (error) => console.error("rate limit store:", error.message));
    }
    const { points, durationSeconds } = LIMITS[name];
    const storeClient = pool;
    existing = new Promise<RateLimiterPostgres>((resolve, reject) => {
      const created: RateLimiterPostgres = new RateLimiterPostgres(
        { storeClient, tableName: "rate_limits", keyPrefix: name, points, duration: durationSeconds, clearExpiredByTimeout: true },
        (error?: unknown) => (error ? reject(error) : resolve(created)),
      );
    });
    limiters.set(name, existing);
  }
  return existing;
}

export class RateLimitedError extends DomainError {
  declare readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super(429, `Too many attempts. Try again in ${formatWait(retryAfterSeconds)}.`, "rate_limited", { retryAfterSeconds });
  }
}

function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/** Counts one attempt against `key`; throws RateLimitedError when the window is used up. */
export async function consume(name: LimitName, key: string): Promise<void> {
  try {
    await (await limiter(name)).consume(key);
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      throw new RateLimitedError(Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
    }
    throw error;
  }
}

/** Forgets the attempts of `key` (after a successful sign-in). */
export async function reset(name: LimitName, key: string): Promise<void> {
  await (await limiter(name)).delete(key);
}

/**
 * The client address. The HTTP server overwrites `x-client-ip` with the address it trusts
 * (the socket, or the proxy's X-Forwarded-For when TRUST_PROXY is set), so clients cannot spoof it.
 */
export const CLIENT_IP_HEADER = "x-client-ip";
export function clientIp(request: Request): string {
  return request.headers.get(CLIENT_IP_HEADER) ?? "unknown";
}

export function tooManyRequests(error: RateLimitedError): Response {
  return new Response(error.message, {
    status: 429,
    headers: { "Retry-After": String(error.retryAfterSeconds), "Content-Type": "text/plain; charset=utf-8" },
  });
}
