/**
 * Sessions live in the `sessions` table; the browser cookie (and an API bearer token) carries only
 * a random token whose SHA-256 is stored, so a leaked database cannot be replayed and any session
 * can be revoked.
 */
import { createCookie, redirect } from "@remix-run/node";
import { prisma } from "../platform/db.server.ts";
import { env } from "../platform/env.server.ts";
import { randomToken, sha256 } from "../platform/crypto.server.ts";
import { lookupSession, type SessionLookup } from "./session-lookup.server.ts";
import { DomainError } from "@spike-land/shared/errors";
import { DAY_MS, SECOND_MS } from "@spike-land/shared/time";

export const SESSION_TTL_MS = 30 * DAY_MS;
const SESSION_TTL_SECONDS = SESSION_TTL_MS / SECOND_MS;

export const sessionCookie = createCookie("__session", {
  httpOnly: true,
  sameSite: "lax",
  secure: env.isProduction,
  path: "/",
  maxAge: SESSION_TTL_SECONDS,
  secrets: [env.SESSION_SECRET],
});

export async function createSession(userId: string) {
  const token = randomToken();
  const expires = new Date(Date.now() + SESSION_TTL_MS);
  const session = await prisma.session.create({
    data: { userId, sessionToken: sha256(token), expires },
    select: { id: true, expires: true },
  });
  return { token, id: session.id, expires: session.expires };
}

/**
 * The session of a token with its user, balance and cart count. An expired session is deleted when
 * met and counts as none.
 */
async function findSessionByToken(token: string): Promise<SessionLookup | null> {
  const found = await lookupSession(sha256(token));
  if (!found) return null;
  if (found.session.expires.getTime() <= Date.now()) {
    await prisma.session.deleteMany({ where: { id: found.session.id } });
    return null;
  }
  return found;
}

export async function readCookieToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

export function bearerToken(request: Request): string | null {
  const header = request.headers.get("Authorization");
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1] ?? null;
}

/**
 * One lookup per request: the root and route loaders of a page (and the guards they call) all ask
 * for the same session, and the header's balance and cart count come with it.
 */
const perRequest = new WeakMap<Request, Promise<SessionLookup | null>>();

/** The request's session with its user, balance and cart count: the cookie for browsers, the bearer token for other clients. */
export function getRequestSignIn(request: Request): Promise<SessionLookup | null> {
  let found = perRequest.get(request);
  if (!found) {
    found = (async () => {
      const token = bearerToken(request) ?? (await readCookieToken(request));
      return token ? findSessionByToken(token) : null;
    })();
    perRequest.set(request, found);
  }
  return found;
}

/** The session of a request: the cookie for browsers, the bearer token for other clients. */
export async function getRequestSession(request: Request): Promise<SessionLookup["session"] | null> {
  return (await getRequestSignIn(request))?.session ?? null;
}

export async function commitSessionCookie(token: string): Promise<string> {
  return sessionCookie.serialize(token);
}

export async function clearSessionCookie(): Promise<string> {
  return sessionCookie.serialize("", { maxAge: 0 });
}

/** Signs the browser in and sends it on. */
export async function signInAndRedirect(userId: string, to: string): Promise<Response> {
  const session = await createSession(userId);
  return redirect(to, { headers: { "Set-Cookie": await commitSessionCookie(session.token) } });
}

export async function revokeSession(sessionId: string, userId: string): Promise<boolean> {
  const { count } = await prisma.session.deleteMany({ where: { id: sessionId, userId } });
  return count > 0;
}

/** Signs one of the user's devices out; a session that has ended (or is someone else's) is a 404. */
export async function revokeOwnSession(sessionId: string, userId: string): Promise<void> {
  if (!(await revokeSession(sessionId, userId))) throw new DomainError(404, "That session has already ended.");
}

/** Ends a session outright (signing out of this browser). */
export async function endSession(sessionId: string): Promise<void> {
  await prisma.session.deleteMany({ where: { id: sessionId } });
}

export function listSessions(userId: string) {
  return prisma.session.findMany({
    where: { userId, expires: { gt: new Date() } },
    orderBy: { expires: "desc" },
    select: { id: true, expires: true },
  });
}
