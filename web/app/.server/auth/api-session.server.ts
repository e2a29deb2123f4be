/** Who is calling the API: an API key, a session cookie or a session bearer token, with the role the endpoint needs. */
import type { Role } from "@spike-land/shared/accounts/schemas";
import { DomainError } from "@spike-land/shared/errors";
import { authenticateApiKey, isApiKeyToken } from "../api-keys/api-keys.server.ts";
import { consume } from "../platform/rate-limit.server.ts";
import { hasRole } from "./guards.server.ts";
import type { SessionUser } from "./session-lookup.server.ts";
import { bearerToken, getRequestSession } from "./sessions.server.ts";

/** A caller signed in with a session (`id` is the session's), or with an API key (`apiKeyId`, no session). */
export type ApiCaller =
  | { id: string; expires: Date; user: SessionUser; apiKeyId: null }
  | { id: null; expires: null; user: SessionUser; apiKeyId: string };

export const INVALID_API_KEY = "This API key is not valid or has been revoked.";

async function findCaller(request: Request): Promise<ApiCaller | null> {
  const token = bearerToken(request);
  if (token && isApiKeyToken(token)) {
    const found = await authenticateApiKey(token);
    if (!found) throw new DomainError(401, INVALID_API_KEY);
    return { id: null, expires: null, user: found.user, apiKeyId: found.apiKeyId };
  }
  const session = await getRequestSession(request);
  return session ? { ...session, apiKeyId: null } : null;
}

/** The caller; a 401 or 403 domain error otherwise. Counts toward the general API limit. */
export async function requireApiSession(request: Request, role: Role = "USER"): Promise<ApiCaller> {
  const caller = await findCaller(request);
  if (!caller) throw new DomainError(401, "Sign in first: send a session cookie or an Authorization: Bearer token.");
  if (!hasRole(caller.user.role, role)) throw new DomainError(403, "Your account may not use this endpoint.");
  // The general API limit (100 requests a minute per user, keys and sessions together); a limited call gets 429 with Retry-After.
  await consume("generalApi", caller.user.id);
  return caller;
}
