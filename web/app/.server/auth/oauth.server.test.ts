/**
 * Sign-in with GitHub against a local GitHub-shaped OAuth2 server. The provider's addresses and
 * client credentials are configuration read when the app loads, so they are set before importing.
 */
import { afterAll, describe, expect, it } from "vitest";
import { startLocalOAuthServer, type GitHubIdentity } from "../../../test/local-oauth-server.ts";

const github = await startLocalOAuthServer({ clientId: "spike-test-client", clientSecret: "spike-test-secret" });
process.env.GITHUB_CLIENT_ID = github.clientId;
process.env.GITHUB_CLIENT_SECRET = github.clientSecret;
process.env.GITHUB_OAUTH_URL = github.url;
process.env.GITHUB_API_URL = github.url;
delete process.env.GOOGLE_CLIENT_ID;
delete process.env.GOOGLE_CLIENT_SECRET;

const { prisma } = await import("../platform/db.server.ts");
const { decryptSecret } = await import("../platform/crypto.server.ts");
const { getRequestSession } = await import("./sessions.server.ts");
const { signInWithPassword } = await import("../accounts/flows.server.ts");
const { issueToken, peekToken } = await import("../accounts/verification.server.ts");
const { action: startAction, loader: startLoader } = await import("../../routes/auth.$provider.tsx");
const { loader: callbackLoader } = await import("../../routes/auth.$provider.callback.tsx");
const { loader: loginLoader } = await import("../../routes/login.tsx");
const { cookieAttributes, cookiePair, formRequest, getRequest, routeArgs, run } = await import("../../../test/request.ts");
const { makeUser, PASSWORD, signIn, uniqueEmail, uniqueIp } = await import("../../../test/fixtures.ts");

afterAll(async () => {
  await github.close();
});

let nextId = 1000;
function identity(overrides: Partial<GitHubIdentity> & { email?: string; verified?: boolean } = {}): GitHubIdentity {
  const { email = uniqueEmail("octo"), verified = true, ...rest } = overrides;
  nextId += 1;
  return { id: nextId, login: `octocat${nextId}`, name: "Octo Cat", emails: [{ email, primary: true, verified }], ...rest };
}

const GENERIC_FAILURE = "Sign-in with that provider did not complete. Please try again.";

async function startSignIn() {
  const started = await run(() => startAction(routeArgs(formRequest("/auth/github", {}), { provider: "github" })));
  return { started, oauthCookie: cookiePair(started.headers.get("Set-Cookie")) };
}

/** The whole browser round trip: start, consent at the provider, come back to the callback. */
async function signInWithGitHub(who: GitHubIdentity) {
  github.signInAs(who);
  const { started, oauthCookie } = await startSignIn();
  const consent = await fetch(started.location!, { redirect: "manual" });
  expect(consent.status).toBe(302);
  const callbackUrl = consent.headers.get("Location")!;
  const finished = await run(() => callbackLoader(routeArgs(getRequest(callbackUrl, { cookie: oauthCookie }), { provider: "github" })));
  const setCookie = finished.headers.get("Set-Cookie");
  const session = setCookie ? await getRequestSession(getRequest("/account", { cookie: cookiePair(setCookie) })) : null;
  return { finished, session, callbackUrl, oauthCookie };
}

/** The message the sign-in page shows once the callback has sent the browser to `location`. */
async function oauthError(location: string | null): Promise<string | null> {
  if (!location) return null;
  const page = await run(() => loginLoader(routeArgs(getRequest(location))));
  return page.body.oauthError as string | null;
}

describe("starting GitHub sign-in", () => {
  it("shows GitHub (and only configured providers) on the sign-in page", async () => {
    const page = await run(() => loginLoader(routeArgs(getRequest("/login"))));
    expect(page.body).toEqual({ providers: [{ id: "github", label: "GitHub" }], oauthError: null });
  });

  it("redirects to the provider's authorize URL with state, PKCE and a state cookie", async () => {
    const { started, oauthCookie } = await startSignIn();
    expect(started.status).toBe(302);
    const location = new URL(started.location!);
    expect(`${location.origin}${location.pathname}`).toBe(`${github.url}/login/oauth/authorize`);
    const params = location.searchParams;
    expect(params.get("response_type")).toBe("code");
    expect(params.get("client_id")).toBe("spike-test-client");
    expect(params.get("redirect_uri")).toBe("http://localhost:3999/auth/github/callback");
    expect(params.get("scope")).toBe("read:user user:email");
    expect(params.get("state")).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(params.get("code_challenge_method")).toBe("S256");
    expect(params.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const setCookie = started.headers.get("Set-Cookie")!;
    expect(oauthCookie.startsWith("oauth_github")).toBe(true);
    const attributes = cookieAttributes(setCookie);
    expect(attributes.has("httponly")).toBe(true);
    expect(attributes.get("samesite")?.toLowerCase()).toBe("lax");
    // The cookie carries the state; the verifier it carries is not the challenge itself.
    expect(decodeURIComponent(oauthCookie)).toContain(params.get("state")!);
    expect(decodeURIComponent(oauthCookie)).not.toContain(params.get("code_challenge")!);
  });

  it("answers 404 for a provider that is not configured and sends a GET back to /login", async () => {
    const google = await run(() => startAction(routeArgs(formRequest("/auth/google", {}), { provider: "google" })));
    expect(google.status).toBe(404);
    const unknown = await run(() => startAction(routeArgs(formRequest("/auth/myspace", {}), { provider: "myspace" })));
    expect(unknown.status).toBe(404);
    const get = await run(() => startLoader());
    expect(get.location).toBe("/login");
  });
});

describe("coming back from GitHub", () => {
  it("creates a verified account, signs it in and stores the access token encrypted", async () => {
    const email = uniqueEmail("fresh").toUpperCase();
    const who = identity({ email, name: "Fresh Octo" });
    const { finished, session } = await signInWithGitHub(who);
    expect(finished.status).toBe(302);
    expect(finished.location).toBe("/account");
    expect(cookiePair(finished.headers.get("Set-Cookie")).startsWith("__session=")).toBe(true);

    expect(session?.user).toMatchObject({ email: email.toLowerCase(), name: "Fresh Octo", role: "USER" });
    expect(session?.user.emailVerified).toBeInstanceOf(Date);
    expect(session?.user.image).toBe(`https://avatars.example/u/${who.id}`);

    const accounts = await prisma.account.findMany({ where: { userId: session!.user.id } });
    expect(accounts).toHaveLength(1);
    const account = accounts[0]!;
    expect(account).toMatchObject({ provider: "github", providerAccountId: String(who.id), type: "oauth", token_type: "bearer" });
    const rawToken = github.issuedTokens.at(-1)!;
    expect(account.access_token).not.toBe(rawToken);
    expect(account.access_token).not.toContain(rawToken);
    expect(decryptSecret(account.access_token!)).toBe(rawToken);
    expect((await prisma.userTokenBalance.findUniqueOrThrow({ where: { userId: session!.user.id } })).balance).toBe(10);
    // Where the account was used from, for the referral same-address check.
    expect((await prisma.user.findUniqueOrThrow({ where: { id: session!.user.id } })).lastSeenIp).toBe("203.0.113.1");

    // The app authenticated as the client and proved PKCE when it exchanged the code.
    const exchange = github.tokenRequests.at(-1)!;
    expect(exchange.clientAuth).toBe("basic");
    expect(exchange.form.code_verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(exchange.form.redirect_uri).toBe("http://localhost:3999/auth/github/callback");
  });

  it("signs the same GitHub identity into the same user the second time, without duplicates", async () => {
    const who = identity();
    const first = await signInWithGitHub(who);
    // GitHub details may change between sign-ins; the link is the GitHub account id.
    const second = await signInWithGitHub({ ...who, login: "renamed", emails: [{ email: uniqueEmail("changed"), primary: true, verified: true }] });
    expect(second.finished.location).toBe("/account");
    expect(second.session!.user.id).toBe(first.session!.user.id);
    expect(await prisma.account.count({ where: { provider: "github", providerAccountId: String(who.id) } })).toBe(1);
    expect(await prisma.user.count({ where: { accounts: { some: { providerAccountId: String(who.id) } } } })).toBe(1);
    const account = await prisma.account.findFirstOrThrow({ where: { providerAccountId: String(who.id) } });
    expect(decryptSecret(account.access_token!)).toBe(github.issuedTokens.at(-1));
    expect(await prisma.session.count({ where: { userId: first.session!.user.id } })).toBe(2);
    const signIns = await prisma.auditLog.findMany({ where: { userId: first.session!.user.id } });
    expect(signIns.map((entry) => [entry.action, entry.metadata])).toEqual([
      ["USER_UPDATE", { event: "auth.sign_in", method: "github" }],
      ["USER_UPDATE", { event: "auth.sign_in", method: "github" }],
    ]);
  });

  it("links GitHub to an existing password account with the same verified email", async () => {
    const existing = await makeUser({ email: uniqueEmail("linked"), name: "Has Password" });
    const who = identity({ email: existing.email!.toUpperCase() });
    const { finished, session } = await signInWithGitHub(who);
    expect(finished.location).toBe("/account");
    expect(session!.user.id).toBe(existing.id);
    expect(session!.user.name).toBe("Has Password");
    expect(await prisma.user.count({ where: { email: existing.email! } })).toBe(1);
    expect(await prisma.account.findFirst({ where: { providerAccountId: String(who.id) } })).toMatchObject({ userId: existing.id });
    // The password keeps working alongside GitHub.
    expect(await signInWithPassword(existing.email!, PASSWORD, uniqueIp())).toBe(existing.id);
  });

  it("takes an unconfirmed account back from whoever set its password when the real owner signs in with GitHub", async () => {
    const email = uniqueEmail("claimed");
    const squatter = await makeUser({ email, name: "Squatter", verified: false });
    const squatterSession = await signIn(squatter.id);
    const resetLink = await issueToken("resetPassword", squatter.id);
    const { session } = await signInWithGitHub(identity({ email }));
    expect(session!.user.id).toBe(squatter.id);
    expect(session!.user.emailVerified).not.toBeNull();
    // The password someone set without proving the address no longer opens the account, and their session is gone.
    await expect(signInWithPassword(email, PASSWORD, uniqueIp())).rejects.toThrow();
    expect(await prisma.session.count({ where: { id: squatterSession.sessionId } })).toBe(0);
    // Clearing the password withdraws a reset link issued before, so it cannot set one again.
    expect(await peekToken("resetPassword", resetLink)).toEqual({ ok: false, reason: "unknown" });
  });

  it("uses a verified secondary address when the primary one is not verified", async () => {
    const secondary = uniqueEmail("secondary");
    const who = identity();
    who.emails = [
      { email: uniqueEmail("unverified-primary"), primary: true, verified: false },
      { email: secondary, primary: false, verified: true },
    ];
    const { session } = await signInWithGitHub(who);
    expect(session!.user.email).toBe(secondary);
  });

  it("refuses a GitHub profile without a verified email, with a message on the sign-in page", async () => {
    const email = uniqueEmail("noverify");
    const who = identity({ email, verified: false });
    const { finished, session } = await signInWithGitHub(who);
    expect(finished.status).toBe(302);
    expect(finished.location!.startsWith("/login?oauthError=")).toBe(true);
    expect(await oauthError(finished.location)).toBe(
      "Your GitHub account has no verified email address. Add one there, or sign up with email and password.",
    );
    expect(finished.headers.get("Set-Cookie")).toBeNull();
    expect(session).toBeNull();
    expect(await prisma.user.count({ where: { email } })).toBe(0);
    expect(await prisma.account.count({ where: { providerAccountId: String(who.id) } })).toBe(0);
  });

  it("shows only its own messages on the sign-in page, never text from the link", async () => {
    const crafted = await run(() => loginLoader(routeArgs(getRequest(`/login?oauthError=${encodeURIComponent("Your account is locked. Call +44 20 0000 0000")}`))));
    expect(crafted.status).toBe(200);
    expect(crafted.body.oauthError).toBeNull();
    expect(JSON.stringify(crafted.body)).not.toContain("Call +44");
    const spoofedProvider = await run(() => loginLoader(routeArgs(getRequest("/login?oauthError=no-verified-email&provider=EvilCorp"))));
    expect(spoofedProvider.body.oauthError).toBe("Your provider account has no verified email address. Add one there, or sign up with email and password.");
    const known = await run(() => loginLoader(routeArgs(getRequest("/login?oauthError=failed&provider=github"))));
    expect(known.body.oauthError).toBe(GENERIC_FAILURE);
  });

  it("refuses a callback whose state does not match the browser's cookie", async () => {
    const who = identity();
    github.signInAs(who);
    const mine = await startSignIn();
    const theirs = await startSignIn();
    const consent = await fetch(theirs.started.location!, { redirect: "manual" });
    const callbackUrl = consent.headers.get("Location")!;

    const forged = await run(() => callbackLoader(routeArgs(getRequest(callbackUrl, { cookie: mine.oauthCookie }), { provider: "github" })));
    expect(await oauthError(forged.location)).toBe(GENERIC_FAILURE);
    expect(forged.headers.get("Set-Cookie")).toBeNull();

    const noCookie = await run(() => callbackLoader(routeArgs(getRequest(callbackUrl), { provider: "github" })));
    expect(await oauthError(noCookie.location)).toBe(GENERIC_FAILURE);
    expect(await prisma.account.count({ where: { providerAccountId: String(who.id) } })).toBe(0);
  });

  it("reports a refused consent at the provider as a failed sign-in", async () => {
    const who = identity();
    github.signInAs(who);
    const { started, oauthCookie } = await startSignIn();
    const url = new URL(started.location!);
    const denied = new URL("http://localhost:3999/auth/github/callback");
    denied.searchParams.set("error", "access_denied");
    denied.searchParams.set("state", url.searchParams.get("state")!);
    const result = await run(() => callbackLoader(routeArgs(getRequest(denied.toString(), { cookie: oauthCookie }), { provider: "github" })));
    expect(await oauthError(result.location)).toBe(GENERIC_FAILURE);
    expect(result.headers.get("Set-Cookie")).toBeNull();
  });
});
