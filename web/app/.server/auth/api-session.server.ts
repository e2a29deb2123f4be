/** Who is calling the API: a session cookie or a bearer token, with the role the endpoint needs. */
import type { Role } from "@spike-land/shared/accounts/schemas";
import { DomainError } from "@spike-land/shared/errors";
import { consume } from "../platform/rate-limit.server.ts";
import { hasRole } from "./guards.server.ts";
import { getRequestSession } from "./sessions.server.ts";

/** The caller's session; a 401 or 403 domain error otherwise. Counts toward the general API limit. */
export async function requireApiSession(request: Request, role: Role = "USER") {
  const session = await getRequestSession(request);
  if (!session) throw new DomainError(401, "Sign in first: send a session cookie or an Authorization: Bearer token.");
  if (!hasRole(session.user.role, role)) throw new DomainError(403, "Your account may not use this endpoint.");
  // The general API limit (100 requests a minute per user); a limited call gets 429 with Retry-After.
  await consume("generalApi", session.user.id);
  return session;
}
