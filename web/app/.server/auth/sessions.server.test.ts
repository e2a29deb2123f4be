import { describe, expect, it } from "vitest";
import { prisma } from "../platform/db.server.ts";
import { sha256 } from "../platform/crypto.server.ts";
import { applyRetention } from "../observability/retention.server.ts";
import { createSession, getRequestSession, revokeSession, SESSION_TTL_MS, signInAndRedirect } from "./sessions.server.ts";
import { action as settingsAction, loader as settingsLoader } from "../../routes/settings.tsx";
import { action as logoutAction } from "../../routes/logout.tsx";
import { cookieAttributes, cookiePair, formRequest, getRequest, routeArgs, run } from "../../../test/request.ts";
import { makeUser, signIn } from "../../../test/fixtures.ts";

describe("sessions", () => {
  it("stores the SHA-256 of the token, never the token itself", async () => {
    const user = await makeUser();
    const session = await createSession(user.id);
    const row = await prisma.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(row.sessionToken).toBe(sha256(session.token));
    expect(row.sessionToken).not.toContain(session.token);
    expect(await prisma.session.count({ where: { sessionToken: session.token } })).toBe(0);
    // Knowing the stored digest is not enough to sign in.
    expect(await getRequestSession(getRequest("/", { headers: { Authorization: `Bearer ${row.sessionToken}` } }))).toBeNull();
    expect((await getRequestSession(getRequest("/", { headers: { Authorization: `Bearer ${session.token}` } })))?.user.id).toBe(user.id);
  });

  it("rejects an expired session and deletes it", async () => {
    const user = await makeUser();
    const { cookie, sessionId } = await signIn(user.id);
    await prisma.session.update({ where: { id: sessionId }, data: { expires: new Date(Date.now() - 1000) } });
    expect(await getRequestSession(getRequest("/account", { cookie }))).toBeNull();
    expect(await prisma.session.count({ where: { id: sessionId } })).toBe(0);

    const page = await run(() => settingsLoader(routeArgs(getRequest("/settings", { cookie }))));
    expect(page.status).toBe(302);
    expect(page.location).toBe("/login?redirectTo=%2Fsettings");
  });

  it("ignores a cookie whose signature does not match", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    expect((await getRequestSession(getRequest("/account", { cookie })))?.user.id).toBe(user.id);
    const value = decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1));
    const signed = value.slice(0, value.lastIndexOf(".") + 1);
    const forged = `__session=${encodeURIComponent(`${signed}bm90LXRoZS1zaWduYXR1cmU`)}`;
    expect(await getRequestSession(getRequest("/account", { cookie: forged }))).toBeNull();
  });

  it("revokes only the signed-in user's own sessions", async () => {
    const alice = await makeUser({ name: "Alice" });
    const bob = await makeUser({ name: "Bob" });
    const aliceSession = await signIn(alice.id);
    const bobSession = await signIn(bob.id);

    expect(await revokeSession(bobSession.sessionId, alice.id)).toBe(false);
    expect(await prisma.session.count({ where: { id: bobSession.sessionId } })).toBe(1);
    expect(await revokeSession(aliceSession.sessionId, alice.id)).toBe(true);
    expect(await prisma.session.count({ where: { id: aliceSession.sessionId } })).toBe(0);
  });

  it("lets a user sign out another of their devices from settings, but not someone else's", async () => {
    const alice = await makeUser({ name: "Alice" });
    const bob = await makeUser({ name: "Bob" });
    const here = await signIn(alice.id);
    const phone = await signIn(alice.id);
    const bobs = await signIn(bob.id);

    const page = await run(() => settingsLoader(routeArgs(getRequest("/settings", { cookie: here.cookie }))));
    expect(page.body.sessions).toHaveLength(2);
    expect(page.body.sessions.find((s: { current: boolean }) => s.current).id).toBe(here.sessionId);

    const foreign = await run(() => settingsAction(routeArgs(formRequest("/settings", { intent: "revoke", sessionId: bobs.sessionId }, { cookie: here.cookie }))));
    expect(foreign.status).toBe(404);
    expect(foreign.message).toBe("That session has already ended.");
    expect(await getRequestSession(getRequest("/", { cookie: bobs.cookie }))).not.toBeNull();

    const own = await run(() => settingsAction(routeArgs(formRequest("/settings", { intent: "revoke", sessionId: phone.sessionId }, { cookie: here.cookie }))));
    expect(own).toMatchObject({ status: 200, message: "That device has been signed out.", body: { intent: "revoke" } });
    expect(await getRequestSession(getRequest("/", { cookie: phone.cookie }))).toBeNull();
    expect(await getRequestSession(getRequest("/", { cookie: here.cookie }))).not.toBeNull();

    const current = await run(() => settingsAction(routeArgs(formRequest("/settings", { intent: "revoke", sessionId: here.sessionId }, { cookie: here.cookie }))));
    expect(current.status).toBe(302);
    expect(current.location).toBe("/login");
    expect(cookieAttributes(current.headers.get("Set-Cookie")!).get("max-age")).toBe("0");
  });

  it("sets an HttpOnly, SameSite=Lax session cookie, not Secure outside production", async () => {
    const user = await makeUser();
    const response = await signInAndRedirect(user.id, "/account");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/account");
    const setCookie = response.headers.get("Set-Cookie")!;
    const attributes = cookieAttributes(setCookie);
    expect(setCookie.startsWith("__session=")).toBe(true);
    expect(attributes.has("httponly")).toBe(true);
    expect(attributes.get("samesite")?.toLowerCase()).toBe("lax");
    expect(attributes.has("secure")).toBe(false);
    expect(attributes.get("path")).toBe("/");
    expect(Number(attributes.get("max-age"))).toBe(SESSION_TTL_MS / 1000);
    const session = await getRequestSession(getRequest("/account", { cookie: cookiePair(setCookie) }));
    expect(session?.user.id).toBe(user.id);
  });

  it("signing out deletes the session and clears the cookie", async () => {
    const user = await makeUser();
    const { cookie, sessionId } = await signIn(user.id);
    const result = await run(() => logoutAction(routeArgs(formRequest("/logout", {}, { cookie }))));
    expect(result.status).toBe(302);
    expect(result.location).toBe("/");
    expect(cookieAttributes(result.headers.get("Set-Cookie")!).get("max-age")).toBe("0");
    expect(await prisma.session.count({ where: { id: sessionId } })).toBe(0);
    expect(await getRequestSession(getRequest("/", { cookie }))).toBeNull();
  });

  it("purges expired sessions and verification tokens but keeps live ones", async () => {
    const user = await makeUser();
    const live = await signIn(user.id);
    const stale = await signIn(user.id);
    await prisma.session.update({ where: { id: stale.sessionId }, data: { expires: new Date(Date.now() - 60_000) } });
    await prisma.verificationToken.create({ data: { identifier: `verify-email:${user.id}`, token: sha256("old"), expires: new Date(Date.now() - 1) } });
    const purged = await applyRetention();
    expect(purged.sessions).toBeGreaterThanOrEqual(1);
    expect(purged.tokens).toBeGreaterThanOrEqual(1);
    expect(await prisma.session.count({ where: { id: stale.sessionId } })).toBe(0);
    expect(await prisma.session.count({ where: { id: live.sessionId } })).toBe(1);
    expect(await prisma.verificationToken.count({ where: { token: sha256("old") } })).toBe(0);
  });
});
