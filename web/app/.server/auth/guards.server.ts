/**
 * Route guards. Each throws a response (redirect to sign-in, 403) so routes never check auth inline.
 */
import { redirect } from "@remix-run/node";
import type { Role } from "@spike-land/shared/accounts/schemas";
import { getRequestSignIn } from "./sessions.server.ts";
import type { SessionLookup, SessionUser } from "./session-lookup.server.ts";

export type SignedInUser = SessionUser;

const RANK: Record<Role, number> = { USER: 0, ADMIN: 1, SUPER_ADMIN: 2 };

export function hasRole(role: Role, required: Role): boolean {
  return RANK[role] >= RANK[required];
}

export async function getOptionalUser(request: Request): Promise<SignedInUser | null> {
  return (await getRequestSignIn(request))?.session.user ?? null;
}

/** The signed-in session with the user's balance and cart count (the same lookup as every other guard of the request). */
export async function requireSignIn(request: Request): Promise<SessionLookup> {
  const found = await getRequestSignIn(request);
  if (!found) {
    const url = new URL(request.url);
    const next = `${url.pathname}${url.search}`;
    throw redirect(`/login?redirectTo=${encodeURIComponent(next)}`);
  }
  return found;
}

export async function requireSession(request: Request): Promise<SessionLookup["session"]> {
  return (await requireSignIn(request)).session;
}

export async function requireUser(request: Request): Promise<SignedInUser> {
  return (await requireSession(request)).user;
}

export async function requireRole(request: Request, role: Role): Promise<SignedInUser> {
  const user = await requireUser(request);
  if (!hasRole(user.role, role)) {
    throw new Response("You need more permissions to open this page.", { status: 403 });
  }
  return user;
}

export async function requireAnonymous(request: Request): Promise<void> {
  if (await getRequestSignIn(request)) throw redirect("/account");
}

/**
 * Only internal paths are allowed as post-sign-in destinations. Control characters are refused
 * because browsers drop tabs and newlines from URLs ("/\t/evil.com" becomes "//evil.com").
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/account"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f\u007f]/.test(to)) return fallback;
  return to;
}
