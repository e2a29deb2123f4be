/** Sign-in with Google against the local provider speaking Google's OAuth2 and userinfo shapes. */
import { afterAll, describe, expect, it } from "vitest";
import { startLocalOAuthServer } from "../../../test/local-oauth-server.ts";

const google = await startLocalOAuthServer({ clientId: "google-test-client", clientSecret: "google-test-secret" });
process.env.GOOGLE_CLIENT_ID = google.clientId;
process.env.GOOGLE_CLIENT_SECRET = google.clientSecret;
process.env.GOOGLE_AUTH_URL = `${google.url}/o/oauth2/v2/auth`;
process.env.GOOGLE_TOKEN_URL = `${google.url}/token`;
process.env.GOOGLE_USERINFO_URL = `${google.url}/v1/userinfo`;
delete process.env.GITHUB_CLIENT_ID;
delete process.env.GITHUB_CLIENT_SECRET;

const { prisma } = await import("../platform/db.server.ts");
const { decryptSecret } = await import("../platform/crypto.server.ts");
const { getRequestSession } = await import("./sessions.server.ts");
const { action: startAction } = await import("../../routes/auth.$provider.tsx");
const { loader: callbackLoader } = await import("../../routes/auth.$provider.callback.tsx");
const { loader: loginLoader } = await import("../../routes/login.tsx");
const { cookiePair, formRequest, getRequest, routeArgs, run } = await import("../../../test/request.ts");
const { uniqueEmail } = await import("../../../test/fixtures.ts");

afterAll(() => google.close());

describe("Continue with Google", () => {
  it("is offered on the sign-in page, and GitHub is not when it has no keys", async () => {
    const page = await run(() => loginLoader(routeArgs(getRequest("/login"))));
    expect(page.body).toMatchObject({ providers: [{ id: "google", label: "Google" }] });
  });

  it("creates a verified account from the OpenID profile and signs it in", async () => {
    const email = uniqueEmail("gmail");
    google.signInAs({ id: 424242, login: "ignored", name: "Grace Google", emails: [{ email, primary: true, verified: true }] });
    const started = await run(() => startAction(routeArgs(formRequest("/auth/google", {}), { provider: "google" })));
    const authorize = new URL(started.location!);
    expect(authorize.pathname).toBe("/o/oauth2/v2/auth");
    expect(authorize.searchParams.get("scope")).toBe("openid email profile");
    const consent = await fetch(authorize, { redirect: "manual" });
    const callback = consent.headers.get("Location")!;
    const finished = await run(() =>
      callbackLoader(routeArgs(getRequest(callback, { cookie: cookiePair(started.headers.get("Set-Cookie")) }), { provider: "google" })),
    );
    expect(finished.location).toBe("/account");
    const session = await getRequestSession(getRequest("/account", { cookie: cookiePair(finished.headers.get("Set-Cookie")) }));
    expect(session?.user).toMatchObject({ email, name: "Grace Google" });
    expect(session?.user.emailVerified).not.toBeNull();
    const account = await prisma.account.findFirstOrThrow({ where: { provider: "google", providerAccountId: "424242" } });
    expect(decryptSecret(account.access_token!)).toBe(google.issuedTokens.at(-1));
  });
});
