import { describe, expect, it } from "vitest";
import { apiErrorBody } from "@spike-land/shared/api/errors";
import { createSessionResponse, meResponse } from "@spike-land/shared/api/sessions";
import { prisma } from "../.server/platform/db.server.ts";
import { sha256 } from "../.server/platform/crypto.server.ts";
import { action as createSessionAction, loader as sessionsLoader } from "./api.v1.sessions.tsx";
import { action as deleteCurrentAction, loader as currentLoader } from "./api.v1.sessions.current.tsx";
import { action as meAction, loader as meLoader } from "./api.v1.me.tsx";
import { action as unknownAction, loader as unknownLoader } from "./api.v1.$.tsx";
import { getRequest, jsonRequest, routeArgs, run, type Outcome } from "../../test/request.ts";
import { makeUser, PASSWORD, signIn, uniqueIp } from "../../test/fixtures.ts";

function expectApiError(result: Outcome, status: number, code: string) {
  expect(result.status).toBe(status);
  expect(result.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
  expect(apiErrorBody.safeParse(result.body).success).toBe(true);
  expect(result.body.error.code).toBe(code);
  expect(result.body.error.message.length).toBeGreaterThan(0);
}

const createSession = (body: unknown, ip = uniqueIp()) => run(() => createSessionAction(routeArgs(jsonRequest("/api/v1/sessions", body, { ip }))));
const me = (token?: string) =>
  run(() => meLoader(routeArgs(getRequest("/api/v1/me", token ? { headers: { Authorization: `Bearer ${token}` } } : {}))));
const endSession = (token?: string) =>
  run(() =>
    deleteCurrentAction(routeArgs(getRequest("/api/v1/sessions/current", { method: "DELETE", ...(token ? { headers: { Authorization: `Bearer ${token}` } } : {}) }))),
  );

describe("the bearer token flow", () => {
  it("creates a session, reads the user with it, ends it, and is then refused", async () => {
    const user = await makeUser({ name: "Api Person", role: "ADMIN" });
    const created = await createSession({ email: user.email, password: PASSWORD });
    expect(created.status).toBe(201);
    expect(created.headers.get("Cache-Control")).toBe("no-store");
    const session = createSessionResponse.parse(created.body);
    const expiresIn = new Date(session.expiresAt).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(29 * 24 * 60 * 60 * 1000);
    expect(await prisma.session.count({ where: { sessionToken: sha256(session.token), userId: user.id } })).toBe(1);

    const profile = await me(session.token);
    expect(profile.status).toBe(200);
    expect(meResponse.parse(profile.body)).toEqual({
      user: { id: user.id, name: "Api Person", email: user.email, image: null, role: "ADMIN", emailVerified: true },
      tokens: { balance: 10, tier: "FREE" },
    });

    const ended = await endSession(session.token);
    expect(ended.status).toBe(204);
    expect(ended.body).toBeNull();

    expectApiError(await me(session.token), 401, "unauthorized");
    expectApiError(await endSession(session.token), 401, "unauthorized");
  });

  it("ends only the session it is called with", async () => {
    const user = await makeUser();
    const browser = await signIn(user.id);
    const created = createSessionResponse.parse((await createSession({ email: user.email, password: PASSWORD })).body);
    expect((await endSession(created.token)).status).toBe(204);
    expect(await prisma.session.count({ where: { id: browser.sessionId } })).toBe(1);
    expect((await me(browser.token)).status).toBe(200);
  });

  it("accepts the browser's session cookie too", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    const result = await run(() => meLoader(routeArgs(getRequest("/api/v1/me", { cookie }))));
    expect(result.status).toBe(200);
    expect(result.body.user.id).toBe(user.id);
  });

  it("refuses a made-up or malformed bearer token", async () => {
    expectApiError(await me(), 401, "unauthorized");
    expectApiError(await me("not-a-real-token"), 401, "unauthorized");
    const malformed = await run(() => meLoader(routeArgs(getRequest("/api/v1/me", { headers: { Authorization: "Basic dXNlcjpwYXNz" } }))));
    expectApiError(malformed, 401, "unauthorized");
  });
});

describe("POST /api/v1/sessions errors", () => {
  it("answers 400 to a body that is not JSON", async () => {
    const user = await makeUser();
    const form = await run(() =>
      createSessionAction(
        routeArgs(
          new Request("http://localhost:3999/api/v1/sessions", {
            method: "POST",
            headers: { "Content-Type": "application/x-www-form-urlencoded", "x-client-ip": uniqueIp() },
            body: new URLSearchParams({ email: user.email!, password: PASSWORD }).toString(),
          }),
        ),
      ),
    );
    expectApiError(form, 400, "bad_request");
    expect(form.body.error.message).toContain("Content-Type: application/json");

    const broken = await run(() => createSessionAction(routeArgs(jsonRequest("/api/v1/sessions", '{"email": "a@b.c",', { ip: uniqueIp() }))));
    expectApiError(broken, 400, "bad_request");
    expect(broken.body.error.message).toBe("The request body is not valid JSON.");
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("answers 422 with per-field messages to an invalid body", async () => {
    const result = await createSession({ email: "not-an-email", password: "" });
    expectApiError(result, 422, "validation_failed");
    expect(Object.keys(result.body.error.fields).sort()).toEqual(["email", "password"]);
    expect(result.body.error.fields.email).toEqual(["Enter an email address like name@example.com"]);
    expect(result.body.error.fields.password).toEqual(["Enter your password"]);
    expect(result.body.error.message).toBe("email: Enter an email address like name@example.com");
  });

  it("answers 401 to wrong credentials and 403 to an unverified account, creating no session", async () => {
    const user = await makeUser();
    const wrong = await createSession({ email: user.email, password: "wrong-password" });
    expectApiError(wrong, 401, "unauthorized");
    expect(wrong.body.error.message).toBe("That email and password don't match an account. Check them and try again.");
    const unknown = await createSession({ email: "nobody@example.com", password: "wrong-password" });
    expect(unknown.body).toEqual(wrong.body);

    const unverified = await makeUser({ verified: false });
    const refused = await createSession({ email: unverified.email, password: PASSWORD });
    expectApiError(refused, 403, "forbidden");
    expect(await prisma.session.count({ where: { userId: { in: [user.id, unverified.id] } } })).toBe(0);
  });

  it("answers 429 with Retry-After after ten failures for one email and address", async () => {
    const user = await makeUser();
    const ip = uniqueIp();
    for (let i = 0; i < 10; i++) expect((await createSession({ email: user.email, password: `wrong-${i}` }, ip)).status).toBe(401);
    const limited = await createSession({ email: user.email, password: PASSWORD }, ip);
    expectApiError(limited, 429, "rate_limited");
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("answers 405 with Allow to the wrong method", async () => {
    const get = await run(() => sessionsLoader());
    expectApiError(get, 405, "method_not_allowed");
    expect(get.headers.get("Allow")).toBe("POST");

    const put = await run(() => createSessionAction(routeArgs(jsonRequest("/api/v1/sessions", {}, { method: "PUT" }))));
    expectApiError(put, 405, "method_not_allowed");

    const currentGet = await run(() => currentLoader());
    expectApiError(currentGet, 405, "method_not_allowed");
    expect(currentGet.headers.get("Allow")).toBe("DELETE");
    const currentPost = await run(() => deleteCurrentAction(routeArgs(jsonRequest("/api/v1/sessions/current", {}))));
    expectApiError(currentPost, 405, "method_not_allowed");

    const mePost = await run(() => meAction());
    expectApiError(mePost, 405, "method_not_allowed");
    expect(mePost.headers.get("Allow")).toBe("GET");
  });

  it("answers 404 in the same shape to an unknown API path", async () => {
    const get = await run(() => unknownLoader());
    expectApiError(get, 404, "not_found");
    const post = await run(() => unknownAction());
    expectApiError(post, 404, "not_found");
  });
});

describe("the general API limit", () => {
  it("answers 429 with Retry-After after 100 requests in a minute from one user, and counts per user", async () => {
    const busy = await makeUser();
    const other = await makeUser();
    const { cookie } = await signIn(busy.id);
    const { cookie: otherCookie } = await signIn(other.id);
    for (let i = 0; i < 100; i += 1) {
      expect((await run(() => meLoader(routeArgs(getRequest("/api/v1/me", { cookie }))))).status).toBe(200);
    }
    const limited = await run(() => meLoader(routeArgs(getRequest("/api/v1/me", { cookie }))));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(apiErrorBody.parse(limited.body).error.code).toBe("rate_limited");
    expect((await run(() => meLoader(routeArgs(getRequest("/api/v1/me", { cookie: otherCookie }))))).status).toBe(200);
  });
});
