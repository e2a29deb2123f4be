/**
 * Users and signed-in browsers for tests, made through the app's own account and session code.
 * Import only from test files (after test/setup-database.ts has set the environment).
 */
import { randomBytes } from "node:crypto";
import type { Role } from "@spike-land/shared/accounts/schemas";
import { createUser } from "../app/.server/accounts/users.server.ts";
import { commitSessionCookie, createSession } from "../app/.server/auth/sessions.server.ts";
import { cookiePair } from "./request.ts";

export const PASSWORD = "correct-horse-battery";

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${randomBytes(4).toString("hex")}@example.com`;
}

/** A distinct documentation-range address, so per-address rate limits never leak between tests. */
let ipCounter = 0;
export function uniqueIp(): string {
  ipCounter += 1;
  return `198.51.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
}

export async function makeUser(options: { email?: string; name?: string; password?: string | null; verified?: boolean; role?: Role } = {}) {
  return createUser({
    email: options.email ?? uniqueEmail(),
    name: options.name ?? "Test User",
    password: options.password === null ? undefined : (options.password ?? PASSWORD),
    emailVerified: options.verified === false ? null : new Date(),
    role: options.role ?? "USER",
  });
}

/** Signs a browser in: a new session row and the Cookie header that carries it. */
export async function signIn(userId: string) {
  const session = await createSession(userId);
  const cookie = cookiePair(await commitSessionCookie(session.token));
  return { cookie, sessionId: session.id, token: session.token };
}
