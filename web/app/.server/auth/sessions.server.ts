/**
 * Sessions live in the `sessions` table; the browser cookie (and an API bearer token) carries only
 * a random token whose SHA-256 is stored, so a leaked database cannot be replayed and any session
 * can be revoked.
 */
import { createCookie, redirect } from "@remix-run/node";
import { prisma } from "../platform/db.server.ts";
import { env } from "../platform/env.server.ts";
import { randomToken, sha256 } from "../platform/crypto.server.ts";
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

export async function findSessionByToken(token: string) {
  const session = await prisma.session.findUnique({
    where: { sessionToken: sha256(token) },
    select: {
      id: true,
      expires: true,
      user: { select: { id: true, name: true, email: true, image: true, role: true, emailVerified: true } },
    },
  });
  if (!session) return null;
  if (session.expires.getTime() <= Date.now()) {
    await prisma.session.deleteMany({ where: { id: session.id } });
    return null;
  }
  return session;
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

type RequestSession = Awaited<ReturnType<typeof findSessionByToken>>;
/** One lookup per request: the root and route loaders of a page all ask for the same session. */
const perRequest = new WeakMap<Request, Promise<RequestSession>>();

/** The session of a request: the cookie for browsers, the bearer token for other clients. */
export function getRequestSession(request: Request): Promise<RequestSession> {
  let session = perRequest.get(request);
  if (!session) {
    session = (async () => {
      const token = bearerToken(request) ?? (await readCookieToken(request));
      return token ? findSessionByToken(token) : null;
    })();
    perRequest.set(request, session);
  }
  return session;
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
