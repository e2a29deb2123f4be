/**
 * Sign-in with GitHub and Google (OAuth2 authorization code + PKCE through remix-auth-oauth2).
 * A provider appears only when its client id and secret are configured. Endpoints are configurable
 * so the same code runs against a local OAuth2 server in tests.
 */
import { Authenticator } from "remix-auth";
import { OAuth2Strategy } from "remix-auth-oauth2";
import { z } from "zod";
import { prisma } from "../platform/db.server.ts";
import { env } from "../platform/env.server.ts";
import { encryptSecret } from "../platform/crypto.server.ts";
import { createUser } from "../accounts/users.server.ts";
import { revokeResetLinks } from "../accounts/verification.server.ts";

export type OAuthProviderId = "github" | "google";
export type OAuthProfile = { providerAccountId: string; email: string | null; emailVerified: boolean; name: string | null; image: string | null };

/**
 * Why a provider sign-in failed. Only the code travels in the /login redirect: the sign-in page turns
 * a known code into a fixed message and shows nothing for anything else, so a crafted link cannot put
 * its own words on our page.
 */
export const OAUTH_ERROR_CODES = ["failed", "profile-refused", "no-verified-email"] as const;
export type OAuthErrorCode = (typeof OAUTH_ERROR_CODES)[number];

export class OAuthSignInError extends Error {
  constructor(readonly code: OAuthErrorCode) {
    super(code);
  }
}

type Tokens = { accessToken(): string; hasRefreshToken(): boolean; refreshToken(): string; tokenType(): string; scopes(): string[] };

const githubUser = z.object({ id: z.number(), login: z.string(), name: z.string().nullable().optional(), email: z.string().nullable().optional(), avatar_url: z.string().optional() });
const githubEmails = z.array(z.object({ email: z.string(), primary: z.boolean(), verified: z.boolean() }));
const googleUser = z.object({ sub: z.string(), email: z.string().optional(), email_verified: z.boolean().optional(), name: z.string().optional(), picture: z.string().optional() });

async function getJson(url: string, accessToken: string): Promise<unknown> {
  const response = await fetch(url, { headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/json", "User-Agent": "spike-land" } });
  if (!response.ok) throw new OAuthSignInError("profile-refused");
  return response.json();
}

const PROVIDERS = {
  github: {
    label: "GitHub",
    clientId: () => env.GITHUB_CLIENT_ID,
    clientSecret: () => env.GITHUB_CLIENT_SECRET,
    authorizationEndpoint: () => `${env.GITHUB_OAUTH_URL}/login/oauth/authorize`,
    tokenEndpoint: () => `${env.GITHUB_OAUTH_URL}/login/oauth/access_token`,
    scopes: ["read:user", "user:email"],
    async profile(accessToken: string): Promise<OAuthProfile> {
      const user = githubUser.parse(await getJson(`${env.GITHUB_API_URL}/user`, accessToken));
      const emails = githubEmails.parse(await getJson(`${env.GITHUB_API_URL}/user/emails`, accessToken));
      const primary = emails.find((entry) => entry.primary && entry.verified) ?? emails.find((entry) => entry.verified);
      return { providerAccountId: String(user.id), email: primary?.email.toLowerCase() ?? null, emailVerified: Boolean(primary), name: user.name ?? user.login, image: user.avatar_url ?? null };
    },
  },
  google: {
    label: "Google",
    clientId: () => env.GOOGLE_CLIENT_ID,
    clientSecret: () => env.GOOGLE_CLIENT_SECRET,
    authorizationEndpoint: () => env.GOOGLE_AUTH_URL,
    tokenEndpoint: () => env.GOOGLE_TOKEN_URL,
    scopes: ["openid", "email", "profile"],
    async profile(accessToken: string): Promise<OAuthProfile> {
      const user = googleUser.parse(await getJson(env.GOOGLE_USERINFO_URL, accessToken));
      return { providerAccountId: user.sub, email: user.email?.toLowerCase() ?? null, emailVerified: user.email_verified === true, name: user.name ?? null, image: user.picture ?? null };
    },
  },
} as const;

export function enabledOAuthProviders(): Array<{ id: OAuthProviderId; label: string }> {
  return (Object.keys(PROVIDERS) as OAuthProviderId[])
    .filter((id) => PROVIDERS[id].clientId() && PROVIDERS[id].clientSecret())
    .map((id) => ({ id, label: PROVIDERS[id].label }));
}

export function isOAuthProvider(value: string | null | undefined): value is OAuthProviderId {
  return value === "github" || value === "google";
}

/** Where the callback sends the browser after a failed provider sign-in. */
export function oauthErrorLocation(code: OAuthErrorCode, provider: OAuthProviderId): string {
  return `/login?${new URLSearchParams({ oauthError: code, provider }).toString()}`;
}

/** The sign-in page's message for `?oauthError=CODE&provider=ID`; null for an unknown code. */
export function oauthErrorMessage(code: string | null, provider: string | null): string | null {
  const label = isOAuthProvider(provider) ? PROVIDERS[provider].label : "provider";
  switch (code) {
    case "failed":
      return "Sign-in with that provider did not complete. Please try again.";
    case "profile-refused":
      return `Your ${label} account did not share your profile with us. Try again, and allow access when asked.`;
    case "no-verified-email":
      return `Your ${label} account has no verified email address. Add one there, or sign up with email and password.`;
    default:
      return null;
  }
}

/** Finds the account linked to this provider identity, links it to a user with the same verified email, or creates one. */
export async function linkOrCreateUser(provider: OAuthProviderId, profile: OAuthProfile, tokens: { accessToken: string; refreshToken: string | null; tokenType: string; scope: string }) {
  const secretTokens = {
    access_token: encryptSecret(tokens.accessToken),
    refresh_token: tokens.refreshToken ? encryptSecret(tokens.refreshToken) : null,
    token_type: tokens.tokenType,
    scope: tokens.scope,
  };
  const existing = await prisma.account.findUnique({
    where: { provider_providerAccountId: { provider, providerAccountId: profile.providerAccountId } },
    select: { id: true, userId: true },
  });
  if (existing) {
    await prisma.account.update({ where: { id: existing.id }, data: secretTokens });
    return existing.userId;
  }
  if (!profile.email || !profile.emailVerified) {
    throw new OAuthSignInError("no-verified-email");
  }
  const byEmail = await prisma.user.findUnique({ where: { email: profile.email }, select: { id: true, emailVerified: true } });
  const userId =
    byEmail?.id ??
    (await createUser({ email: profile.email, name: profile.name, emailVerified: new Date(), image: profile.image })).id;
  await prisma.$transaction(async (tx) => {
    await tx.account.create({ data: { userId, type: "oauth", provider, providerAccountId: profile.providerAccountId, ...secretTokens } });
    if (byEmail && !byEmail.emailVerified) {
      // Nobody ever proved they own this unconfirmed account, but the provider just proved the address
      // belongs to this person: whoever set its password (and any session they hold) loses access.
      await tx.user.update({ where: { id: userId }, data: { emailVerified: new Date(), passwordHash: null } });
      await revokeResetLinks(tx, userId);
      await tx.session.deleteMany({ where: { userId } });
    }
  });
  return userId;
}

/** One authenticator per origin the callback goes to; more than one only in development (see appUrlFor). */
const authenticators = new Map<string, Authenticator<string>>();
const MAX_AUTHENTICATORS = 20;

/**
 * The authenticator for OAuth providers; strategies resolve to the signed-in user's id. `baseUrl`
 * is the origin of the callback the provider sends the browser back to: appUrlFor(request), so the
 * start and the callback of one sign-in agree.
 */
export function oauthAuthenticator(baseUrl: string = env.appUrl): Authenticator<string> {
  const existing = authenticators.get(baseUrl);
  if (existing) return existing;
  const created = new Authenticator<string>();
  for (const { id } of enabledOAuthProviders()) {
    const provider = PROVIDERS[id];
    created.use(
      new OAuth2Strategy<string>(
        {
          cookie: env.isProduction
            ? { name: `oauth_${id}`, httpOnly: true, sameSite: "Lax", secure: true, path: "/" }
            : { name: `oauth_${id}`, httpOnly: true, sameSite: "Lax", path: "/" },
          clientId: provider.clientId() ?? "",
          clientSecret: provider.clientSecret() ?? null,
          authorizationEndpoint: provider.authorizationEndpoint(),
          tokenEndpoint: provider.tokenEndpoint(),
          redirectURI: `${baseUrl}/auth/${id}/callback`,
          scopes: [...provider.scopes],
        },
        async ({ tokens }) => {
          const t = tokens as unknown as Tokens;
          const accessToken = t.accessToken();
          const profile = await provider.profile(accessToken);
          let scope = "";
          try {
            scope = t.scopes().join(" ");
          } catch {
            scope = provider.scopes.join(" ");
          }
          return linkOrCreateUser(id, profile, {
            accessToken,
            refreshToken: t.hasRefreshToken() ? t.refreshToken() : null,
            tokenType: (() => {
              try {
                return t.tokenType();
              } catch {
                return "bearer";
              }
            })(),
            scope,
          });
        },
      ),
      id,
    );
  }
  // Development hosts come from requests; keep the cache from growing without bound.
  if (authenticators.size >= MAX_AUTHENTICATORS) authenticators.clear();
  authenticators.set(baseUrl, created);
  return created;
}
