/**
 * The HTTP layer of the built server, over real HTTP: a page on another site cannot make a signed-in
 * browser change anything, pages carry a CSP and frame protection, bodies are capped while they
 * arrive, and NUL characters are refused with a clear message, whichever route they were sent to.
 */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../app/.server/platform/db.server.ts";
import { readBalance } from "../app/.server/tokens/ledger.server.ts";
import { makeUser, signIn } from "../test/fixtures.ts";
import { ensureBuilt, startAppServer, type AppServer } from "../test/app-server.ts";
import { contentSecurityPolicy, FORM_BODY_LIMIT_BYTES, hasNul, mediaType } from "./request-guards.ts";

let server: AppServer;
const EVIL = "http://evil.localhost:4444";

beforeAll(async () => {
  ensureBuilt();
  // The test database and secrets: sessions made here are valid there.
  server = await startAppServer({ APP_URL: undefined });
}, 180_000);
afterAll(() => server?.stop(), 30_000);

async function victim() {
  const user = await makeUser();
  const { cookie, token } = await signIn(user.id);
  return { user, cookie, token };
}

function post(path: string, body: string, headers: Record<string, string>) {
  return fetch(`${server.url}${path}`, { method: "POST", body, headers, redirect: "manual" });
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe("requests from other sites", () => {
  it("refuses cookie-carrying state changes from another origin, on pages, resource routes and the API, without logging errors", async () => {
    const { user, cookie } = await victim();
    const errorsBefore = await prisma.errorLog.count();
    const attempts: Array<[string, string, Record<string, string>]> = [
      ["/api/v1/albums", JSON.stringify({ name: "Pwned", privacy: "PUBLIC" }), { "Content-Type": "application/json" }],
      ["/api/v1/albums", JSON.stringify({ name: "Pwned", privacy: "PUBLIC" }), { "Content-Type": "text/plain; x=application/json" }],
      ["/albums", form({ intent: "create", name: "Pwned" }), { "Content-Type": "application/x-www-form-urlencoded" }],
      ["/images/upload", form({}), { "Content-Type": "application/x-www-form-urlencoded" }],
      ["/logout", form({}), { "Content-Type": "application/x-www-form-urlencoded" }],
      ["/settings", form({ intent: "profile", name: "Pwned" }), { "Content-Type": "application/x-www-form-urlencoded" }],
    ];
    for (const [path, body, headers] of attempts) {
      const response = await post(path, body, { ...headers, Cookie: cookie, Origin: EVIL });
      expect(response.status, path).toBe(403);
      expect(await response.text(), path).toContain("came from another site");
    }
    // A same-site page in a browser that sends no Origin still says where it came from.
    const sameSite = await post("/logout", "", { Cookie: cookie, "Sec-Fetch-Site": "same-site", "Content-Type": "application/x-www-form-urlencoded" });
    expect(sameSite.status).toBe(403);
    const noisy = await post("/settings", form({ intent: "profile", name: "Pwned" }), { Cookie: cookie, Referer: `${EVIL}/page`, "Content-Type": "application/x-www-form-urlencoded" });
    expect(noisy.status).toBe(403);

    expect(await prisma.album.count({ where: { userId: user.id, name: "Pwned" } })).toBe(0);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).name).not.toBe("Pwned");
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
    expect(await prisma.errorLog.count()).toBe(errorsBefore);
  });

  it("lets the site's own pages and bearer-token programs through", async () => {
    const { user, cookie, token } = await victim();
    const own = await post("/api/v1/albums", JSON.stringify({ name: "Mine" }), { "Content-Type": "application/json", Cookie: cookie, Origin: server.url });
    expect(own.status).toBe(201);
    const program = await post("/api/v1/albums", JSON.stringify({ name: "By program" }), { "Content-Type": "application/json", Authorization: `Bearer ${token}`, Origin: EVIL });
    expect(program.status).toBe(201);
    expect(await prisma.album.count({ where: { userId: user.id, name: { in: ["Mine", "By program"] } } })).toBe(2);
  });

  it("does not take a form's text/plain body for JSON", async () => {
    const { cookie } = await victim();
    const response = await post("/api/v1/albums", JSON.stringify({ name: "Sneaky" }), { "Content-Type": "text/plain; x=application/json", Cookie: cookie });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/Content-Type: application\/json/);
  });

  it("keeps a victim's tokens when another site asks to enhance their photo", async () => {
    const { user, cookie } = await victim();
    const image = await prisma.enhancedImage.create({
      data: { userId: user.id, name: "Mine", originalUrl: "", originalR2Key: "k", originalWidth: 10, originalHeight: 10, originalSizeBytes: 1, originalFormat: "jpeg" },
    });
    const before = (await readBalance(user.id)).balance;
    const response = await post(`/images/${image.id}/enhance`, form({ tier: "TIER_1K" }), { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie, Origin: EVIL });
    expect(response.status).toBe(403);
    expect((await readBalance(user.id)).balance).toBe(before);
    expect(await prisma.imageEnhancementJob.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("headers", () => {
  it("sends a CSP whose nonce is on the page's own scripts, and forbids framing", async () => {
    const response = await fetch(`${server.url}/pricing`);
    expect(response.status).toBe(200);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag.includes(`nonce="${nonce}"`) || /\bsrc=/.test(tag), tag).toBe(true);
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    // A new nonce for every response.
    const again = await fetch(`${server.url}/pricing`);
    expect(again.headers.get("content-security-policy")).not.toBe(csp);
  });
});

/** A body sent in chunks with no Content-Length, as a streaming client would. */
function chunkedPost(path: string, type: string, totalBytes: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${server.url}${path}`, { method: "POST", headers: { "Content-Type": type, "Transfer-Encoding": "chunked" } }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on("error", (error: NodeJS.ErrnoException) => (error.code === "EPIPE" || error.code === "ECONNRESET" ? undefined : reject(error)));
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < totalBytes) {
        sent += chunk.length;
        if (!request.write(chunk)) return void request.once("drain", pump);
      }
      request.end();
    };
    pump();
  });
}

describe("body size", () => {
  it("refuses a 30 MB JSON body with 413 before reading it all", async () => {
    const { cookie } = await victim();
    const huge = JSON.stringify({ name: "x".repeat(30 * 1024 * 1024) });
    const response = await post("/api/v1/albums", huge, { "Content-Type": "application/json", Cookie: cookie });
    expect(response.status).toBe(413);
    expect((await response.json()).error).toMatchObject({ code: "payload_too_large", message: expect.stringContaining("1 MB") });
  });

  it("cuts off a chunked webhook body past 1 MB, which carries no length to check", async () => {
    const answer = await chunkedPost("/webhooks/stripe", "application/json", 2 * FORM_BODY_LIMIT_BYTES);
    expect(answer.status).toBe(413);
  });
});

describe("NUL characters", () => {
  it("are refused with a clear message in forms, JSON and query strings, with nothing written", async () => {
    const { user, cookie } = await victim();
    const origin = { Origin: server.url, Cookie: cookie };
    const asForm = await post("/settings", form({ intent: "profile", name: "Bad\u0000Name" }), { ...origin, "Content-Type": "application/x-www-form-urlencoded" });
    expect(asForm.status).toBe(400);
    expect(await asForm.text()).toContain("NUL characters");
    const asJson = await post("/api/v1/albums", JSON.stringify({ name: "Bad\u0000Album" }), { ...origin, "Content-Type": "application/json" });
    expect(asJson.status).toBe(400);
    expect((await asJson.json()).error.message).toContain("NUL characters");
    const signUp = await post("/signup", form({ name: "x", email: "nul\u0000@example.com", password: "correct-horse-battery" }), {
      Origin: server.url,
      "Content-Type": "application/x-www-form-urlencoded",
    });
    expect(signUp.status).toBe(400);
    const query = await fetch(`${server.url}/gallery?category=%00`);
    expect(query.status).toBe(400);
    expect(await prisma.album.count({ where: { userId: user.id } })).toBe(0);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe("Test User");
  });
});

describe("the checks themselves", () => {
  it("read the media type, not its parameters, and find NUL however it is written", () => {
    expect(mediaType("text/plain; x=application/json")).toBe("text/plain");
    expect(mediaType("Application/JSON; charset=utf-8")).toBe("application/json");
    expect(hasNul(Buffer.from("a=%00"), "application/x-www-form-urlencoded")).toBe(true);
    expect(hasNul(Buffer.from('{"a":"\\u0000"}'), "application/json")).toBe(true);
    expect(hasNul(Buffer.from('{"a":"\\\\\\u0000"}'), "application/json")).toBe(true);
    expect(hasNul(Buffer.from('{"a":"\\\\u0000 is how you write it"}'), "application/json")).toBe(false);
    expect(hasNul(Buffer.from("a=%2500"), "application/x-www-form-urlencoded")).toBe(false);
    expect(contentSecurityPolicy("abc")).toContain("script-src 'self' 'nonce-abc'");
  });
});
