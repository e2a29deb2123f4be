/**
 * The OAuth connection of an ad account. The start sets a short-lived signed cookie holding a random
 * state (and, for PKCE, the code verifier) and sends the browser to the platform's consent; the
 * callback refuses any answer whose state does not match that cookie, then exchanges the code and
 * stores the accounts the grant reaches.
 */
import { createHash } from "node:crypto";
import { createCookie, redirect } from "@remix-run/node";
import { DomainError } from "@spike-land/shared/errors";
import { env, appUrlFor } from "../platform/env.server.ts";
import { randomToken, safeEqual } from "../platform/crypto.server.ts";
import { adPlatform, AdPlatformError, PLATFORM_LABELS, PLATFORM_SLUGS, platformSlug, type MarketingPlatform } from "../providers/marketing/index.server.ts";
import { saveConnectedAccounts } from "./accounts.server.ts";
import { clientIp } from "../platform/rate-limit.server.ts";

const STATE_SECONDS = 10 * 60;

const stateCookie = createCookie("marketing_oauth", {
  httpOnly: true,
  sameSite: "lax",
  secure: env.isProduction,
  path: "/admin/marketing",
  maxAge: STATE_SECONDS,
  secrets: [env.SESSION_SECRET],
});

type PendingConnection = { state: string; verifier: string; platform: MarketingPlatform };

export function platformFromSlug(slug: string | undefined): MarketingPlatform {
  const platform = slug ? PLATFORM_SLUGS[slug] : undefined;
  if (!platform) throw new DomainError(404, "There is no such ad platform.");
  return platform;
}

function redirectUri(request: Request, platform: MarketingPlatform): string {
  return `${appUrlFor(request)}/admin/marketing/callback/${platformSlug(platform)}`;
}

/** The redirect to the platform's consent page, with the state cookie set. */
export async function startConnection(request: Request, platform: MarketingPlatform): Promise<Response> {
  const provider = adPlatform(platform);
  if (!provider) throw new DomainError(409, `${PLATFORM_LABELS[platform]} is not configured on this server.`);
  const pending: PendingConnection = { state: randomToken(24), verifier: randomToken(48), platform };
  const challenge = createHash("sha256").update(pending.verifier).digest("base64url");
  const location = provider.authorizeUrl(pending.state, redirectUri(request, platform), { codeChallenge: challenge });
  return redirect(location, { headers: { "Set-Cookie": await stateCookie.serialize(pending) } });
}

export class ConnectionRefusedError extends DomainError {
  constructor(message: string) {
    super(400, message, "bad_request");
  }
}

/** Checks the callback against the state cookie, then stores the accounts; returns how many were connected. */
export async function finishConnection(request: Request, platform: MarketingPlatform, userId: string): Promise<number> {
  const url = new URL(request.url);
  const pending = (await stateCookie.parse(request.headers.get("Cookie"))) as PendingConnection | null;
  const state = url.searchParams.get("state");
  if (!pending || !state || pending.platform !== platform || !safeEqual(state, pending.state)) {
    throw new ConnectionRefusedError("This connection could not be verified (it may have expired or come from another browser). Start it again from this page.");
  }
  if (url.searchParams.get("error")) throw new ConnectionRefusedError(`${PLATFORM_LABELS[platform]} access was not granted, so nothing was connected.`);
  const code = url.searchParams.get("code");
  if (!code) throw new ConnectionRefusedError(`${PLATFORM_LABELS[platform]} sent no authorization code. Start the connection again.`);
  const provider = adPlatform(platform);
  if (!provider) throw new DomainError(409, `${PLATFORM_LABELS[platform]} is not configured on this server.`);
  try {
    const tokens = await provider.exchangeCode(code, redirectUri(request, platform), pending.verifier);
    return await saveConnectedAccounts(userId, provider, tokens, clientIp(request));
  } catch (error) {
    if (error instanceof AdPlatformError) throw new ConnectionRefusedError(error.message);
    throw error;
  }
}

/** Clears the state cookie once the callback is done, whatever its outcome. */
export function clearConnectionCookie(): Promise<string> {
  return stateCookie.serialize("", { maxAge: 0 });
}
