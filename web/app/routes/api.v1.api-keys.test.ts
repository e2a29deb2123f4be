/** API keys on the /api/v1 endpoints: they sign in like a session bearer token, only as their owner, and stop at once when revoked. */
import type { Request as ExpressRequest } from "express";
import { afterEach, describe, expect, it } from "vitest";
import { apiErrorBody } from "@spike-land/shared/api/errors";
import { meResponse } from "@spike-land/shared/api/sessions";
import { prisma } from "../.server/platform/db.server.ts";
import { createApiKey, revokeApiKey, settleApiKeyWrites } from "../.server/api-keys/api-keys.server.ts";
import { isCrossSiteStateChange } from "../../server/request-guards.ts";
import { loader as meLoader } from "./api.v1.me.tsx";
import { action as albumsAction, loader as albumsLoader } from "./api.v1.albums.tsx";
import { loader as albumLoader } from "./api.v1.albums.$id.tsx";
import { loader as imagesLoader } from "./api.v1.images.tsx";
import { loader as imageLoader } from "./api.v1.images.$id.tsx";
import { action as endSessionAction } from "./api.v1.sessions.current.tsx";
import { getRequest, jsonRequest, routeArgs, run, type Outcome } from "../../test/request.ts";
import { makeUser, signIn } from "../../test/fixtures.ts";

afterEach(() => settleApiKeyWrites());

function expectApiError(result: Outcome, status: number, code: string, message?: string) {
  expect(result.status).toBe(status);
  expect(apiErrorBody.safeParse(result.body).success).toBe(true);
  expect(result.body.error.code).toBe(code);
  if (message) expect(result.body.error.message).toBe(message);
}

const INVALID = "This API key is not valid or has been revoked.";

const auth = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
const me = (token: string) => run(() => meLoader(routeArgs(getRequest("/api/v1/me", auth(token)))));
const albums = (token: string) => run(() => albumsLoader(routeArgs(getRequest("/api/v1/albums", auth(token)))));
const album = (id: string, token: string) => run(() => albumLoader(routeArgs(getRequest(`/api/v1/albums/${id}`, auth(token)), { id })));
const images = (token: string) => run(() => imagesLoader(routeArgs(getRequest("/api/v1/images", auth(token)))));
const image = (id: string, token: string) => run(() => imageLoader(routeArgs(getRequest(`/api/v1/images/${id}`, auth(token)), { id })));

async function keyHolder(name = "Key Holder") {
  const user = await makeUser({ name });
  const { key, apiKey } = await createApiKey(user.id, "Script");
  return { user, key, apiKey };
}

async function makeImage(userId: string, name: string) {
  const made = await prisma.enhancedImage.create({
    data: { userId, name, originalUrl: "", originalR2Key: "pending", originalWidth: 96, originalHeight: 64, originalSizeBytes: 0, originalFormat: "jpeg" },
  });
  return prisma.enhancedImage.update({ where: { id: made.id }, data: { originalR2Key: `images/${userId}/${made.id}/original.jpg` } });
}

describe("an API key", () => {
  it("signs in on /me, /albums and /images as its owner", async () => {
    const { user, key } = await keyHolder("Key Person");
    const profile = await me(key);
    expect(profile.status).toBe(200);
    expect(meResponse.parse(profile.body).user).toEqual({ id: user.id, name: "Key Person", email: user.email, image: null, role: "USER", emailVerified: true });

    const created = await run(() => albumsAction(routeArgs(jsonRequest("/api/v1/albums", { name: "Made by key" }, { token: key }))));
    expect(created.status).toBe(201);
    expect(await prisma.album.count({ where: { userId: user.id, name: "Made by key" } })).toBe(1);
    const listed = await albums(key);
    expect(listed.status).toBe(200);
    expect(listed.body.albums.map((a: { name: string }) => a.name)).toContain("Made by key");
    expect((await album(created.body.album.id, key)).status).toBe(200);

    const photo = await makeImage(user.id, "Mine.jpg");
    const library = await images(key);
    expect(library.status).toBe(200);
    expect(library.body.images.map((i: { id: string }) => i.id)).toEqual([photo.id]);
    expect((await image(photo.id, key)).status).toBe(200);
  });

  it("is refused on the very next request once revoked", async () => {
    const { user, key, apiKey } = await keyHolder();
    expect((await me(key)).status).toBe(200);
    await revokeApiKey(user.id, apiKey.id);
    expectApiError(await me(key), 401, "unauthorized", INVALID);
    expectApiError(await albums(key), 401, "unauthorized", INVALID);
  });

  it("that is unknown or malformed gets the same 401, and never falls back to the session cookie", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    expectApiError(await me("sk_test_madeUpKeyThatWasNeverIssued0000000000000"), 401, "unauthorized", INVALID);
    expectApiError(await me("sk_live_"), 401, "unauthorized", INVALID);
    const withCookie = await run(() => meLoader(routeArgs(getRequest("/api/v1/me", { cookie, headers: { Authorization: "Bearer sk_test_nope" } }))));
    expectApiError(withCookie, 401, "unauthorized", INVALID);
  });

  it("never shows another account's albums or photos", async () => {
    const owner = await keyHolder("Owner");
    const stranger = await keyHolder("Stranger");
    const created = await run(() => albumsAction(routeArgs(jsonRequest("/api/v1/albums", { name: "Private" }, { token: owner.key }))));
    const photo = await makeImage(owner.user.id, "Secret.jpg");

    expectApiError(await album(created.body.album.id, stranger.key), 404, "not_found");
    expectApiError(await image(photo.id, stranger.key), 404, "not_found");
    expect((await images(stranger.key)).body.images).toEqual([]);
    expect((await albums(stranger.key)).body.albums.map((a: { name: string }) => a.name)).not.toContain("Private");
    expect((await me(stranger.key)).body.user.id).toBe(stranger.user.id);
  });

  it("has no session to end: DELETE /api/v1/sessions/current answers 400 and the key keeps working", async () => {
    const { user, key } = await keyHolder();
    const browser = await signIn(user.id);
    const ended = await run(() => endSessionAction(routeArgs(getRequest("/api/v1/sessions/current", { method: "DELETE", ...auth(key) }))));
    expectApiError(ended, 400, "bad_request");
    expect(ended.body.error.message).toMatch(/API key/);
    expect(await prisma.session.count({ where: { id: browser.sessionId } })).toBe(1);
    expect((await me(key)).status).toBe(200);
  });

  it("shares the general limit of 100 requests a minute with the owner's sessions", async () => {
    const { user, key } = await keyHolder();
    const { token } = await signIn(user.id);
    for (let i = 0; i < 50; i++) expect((await me(key)).status).toBe(200);
    for (let i = 0; i < 50; i++) expect((await me(token)).status).toBe(200);
    const limited = await me(key);
    expectApiError(limited, 429, "rate_limited");
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("is a bearer token, so a program's state change is not taken for a cross-site browser request", () => {
    const headers: Record<string, string> = { authorization: "Bearer sk_test_abc", origin: "http://evil.localhost:4444", host: "localhost:3000" };
    const request = { method: "POST", path: "/api/v1/albums", protocol: "http", get: (name: string) => headers[name.toLowerCase()] } as unknown as ExpressRequest;
    expect(isCrossSiteStateChange(request)).toBe(false);
    delete headers.authorization;
    expect(isCrossSiteStateChange(request)).toBe(true);
  });
});
