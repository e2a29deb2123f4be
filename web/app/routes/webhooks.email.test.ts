/**
 * POST /webhooks/email over real HTTP: events signed exactly as Resend (Svix) signs them move the
 * matching email log; forged, stale and replayed events are refused or ignored. Also the admin email
 * log and a user's email history, for admins only.
 */
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const SECRET = vi.hoisted(() => {
  const secret = `whsec_${Buffer.from("spike-land-test-email-webhook-secret").toString("base64")}`;
  process.env.RESEND_WEBHOOK_SECRET = secret;
  return secret;
});

import { prisma } from "../.server/platform/db.server.ts";
import { sendEmail } from "../.server/email/send.server.ts";
import { startRouteServer, type RouteServer } from "../../test/route-server.ts";
import { makeUser, signIn } from "../../test/fixtures.ts";
import { getRequest, routeArgs, run } from "../../test/request.ts";
import { action } from "./webhooks.email.tsx";
import { loader as emailsLoader } from "./admin.emails.tsx";
import { loader as userLoader } from "./admin.users.$id.tsx";

let server: RouteServer;
beforeAll(async () => {
  server = await startRouteServer();
  server.mount("POST", "/webhooks/email", action);
});
afterAll(async () => {
  await server.close();
});

/** Signs as Svix does: HMAC-SHA256 with the secret's base64 part, over "id.timestamp.body". */
function sign(secret: string, id: string, timestamp: number, body: string) {
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

async function post(event: unknown, options: { secret?: string; id?: string; timestamp?: number; signature?: string } = {}) {
  const body = JSON.stringify(event);
  const id = options.id ?? `msg_${randomUUID()}`;
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const response = await fetch(`${server.url}/webhooks/email`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "svix-id": id, "svix-timestamp": String(timestamp), "svix-signature": options.signature ?? sign(options.secret ?? SECRET, id, timestamp, body) },
    body,
  });
  return { status: response.status, body: (await response.json()) as { received?: boolean; duplicate?: boolean; matched?: boolean; error?: { code: string; message: string } }, id };
}

const resendEvent = (type: string, emailId: string, createdAt = new Date().toISOString()) => ({
  type,
  created_at: createdAt,
  data: { created_at: createdAt, email_id: emailId, from: "Spike Land <hello@spike.land>", to: ["reader@example.com"], subject: "Welcome" },
});

async function sentEmail() {
  const user = await makeUser();
  const log = await sendEmail(user.id, "welcome", { to: user.email!, subject: "Welcome to Spike Land", text: "Hello", html: "<p>Hello</p>" });
  expect(log.resendId).toMatch(/^outbox_/);
  return { user, log };
}

const logOf = (id: string) => prisma.emailLog.findUniqueOrThrow({ where: { id } });

describe("delivery events", () => {
  it("records delivered, opened, clicked and bounced on the email named by data.email_id", async () => {
    const { log } = await sentEmail();
    expect((await post(resendEvent("email.delivered", log.resendId!))).body).toMatchObject({ received: true, matched: true, duplicate: false });
    expect((await logOf(log.id)).status).toBe("DELIVERED");
    const openedAt = "2026-12-01T10:00:00.000Z";
    expect((await post(resendEvent("email.opened", log.resendId!, openedAt))).status).toBe(200);
    expect(await logOf(log.id)).toMatchObject({ status: "OPENED", openedAt: new Date(openedAt) });
    // A late "delivered" does not move an opened email back.
    expect((await post(resendEvent("email.delivered", log.resendId!))).status).toBe(200);
    expect((await logOf(log.id)).status).toBe("OPENED");
    expect((await post(resendEvent("email.clicked", log.resendId!, "2026-12-01T10:05:00.000Z"))).status).toBe(200);
    const clicked = await logOf(log.id);
    expect(clicked).toMatchObject({ status: "CLICKED", openedAt: new Date(openedAt), clickedAt: new Date("2026-12-01T10:05:00.000Z") });

    const other = await sentEmail();
    await post(resendEvent("email.bounced", other.log.resendId!, "2026-12-01T11:00:00.000Z"));
    await post(resendEvent("email.complained", other.log.resendId!, "2026-12-01T11:01:00.000Z"));
    const bounced = await logOf(other.log.id);
    expect(bounced).toMatchObject({ status: "BOUNCED", bouncedAt: new Date("2026-12-01T11:00:00.000Z") });
    expect((bounced.metadata as { complainedAt: string }).complainedAt).toBe("2026-12-01T11:01:00.000Z");
  });

  it("refuses a forged signature, a wrong secret, missing headers and a stale timestamp with 401", async () => {
    const { log } = await sentEmail();
    const event = resendEvent("email.opened", log.resendId!);
    const forged = await post(event, { signature: `v1,${randomBytes(32).toString("base64")}` });
    expect(forged.status).toBe(401);
    expect(forged.body.error).toMatchObject({ code: "unauthorized", message: "The event's signature does not match." });
    const otherSecret = `whsec_${randomBytes(24).toString("base64")}`;
    expect((await post(event, { secret: otherSecret })).status).toBe(401);
    const stale = await post(event, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(stale.status).toBe(401);
    expect(stale.body.error?.message).toMatch(/more than 5 minutes/);
    const bare = await fetch(`${server.url}/webhooks/email`, { method: "POST", body: JSON.stringify(event) });
    expect(bare.status).toBe(401);
    expect(((await bare.json()) as { error: { message: string } }).error.message).toMatch(/svix-id/);
    expect((await logOf(log.id)).status).toBe("SENT");
  });

  it("applies a replayed event (same svix-id) once", async () => {
    const { log } = await sentEmail();
    const first = await post(resendEvent("email.opened", log.resendId!, "2026-12-02T09:00:00.000Z"));
    expect(first.body.duplicate).toBe(false);
    const replay = await post(resendEvent("email.opened", log.resendId!, "2026-12-02T09:30:00.000Z"), { id: first.id });
    expect(replay.status).toBe(200);
    expect(replay.body.duplicate).toBe(true);
    expect((await logOf(log.id)).openedAt).toEqual(new Date("2026-12-02T09:00:00.000Z"));
    expect(await prisma.webhookEvent.count({ where: { eventId: first.id } })).toBe(1);
  });

  it("answers 400 for a signed body without an email id, and 200 unmatched for an unknown email", async () => {
    const bad = await post({ type: "email.opened", data: {} });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toBe("The event has no type or no data.email_id.");
    const unknown = await post(resendEvent("email.opened", "re_does_not_exist"));
    expect(unknown.body).toMatchObject({ received: true, matched: false });
  });
});

describe("the admin email log", () => {
  it("is for admins only", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    expect((await run(() => emailsLoader(routeArgs(getRequest("/admin/emails", { cookie }))))).status).toBe(403);
    expect((await run(() => emailsLoader(routeArgs(getRequest("/admin/emails"))))).status).toBe(302);
  });

  it("lists emails filtered by status and recipient, and shows a user's history", async () => {
    const admin = await makeUser({ role: "ADMIN" });
    const { cookie } = await signIn(admin.id);
    const { user, log } = await sentEmail();
    await post(resendEvent("email.bounced", log.resendId!));
    const byRecipient = await run(() => emailsLoader(routeArgs(getRequest(`/admin/emails?recipient=${encodeURIComponent(user.email!.toUpperCase())}`, { cookie }))));
    expect(byRecipient.body.emails).toHaveLength(1);
    expect(byRecipient.body.emails[0]).toMatchObject({ id: log.id, status: "BOUNCED", template: "welcome", subject: "Welcome to Spike Land" });
    expect(byRecipient.body.emails[0].bouncedAt).not.toBeNull();
    const sentOnly = await run(() => emailsLoader(routeArgs(getRequest(`/admin/emails?status=SENT&recipient=${encodeURIComponent(user.email!)}`, { cookie }))));
    expect(sentOnly.body.emails).toHaveLength(0);
    const nonsense = await run(() => emailsLoader(routeArgs(getRequest("/admin/emails?status=LOST&page=-3", { cookie }))));
    expect(nonsense.status).toBe(200);
    expect(nonsense.body.filter.status).toBeUndefined();
    expect(nonsense.body.page).toBe(1);
    const profile = await run(() => userLoader(routeArgs(getRequest(`/admin/users/${user.id}`, { cookie }), { id: user.id })));
    expect(profile.body.emails.map((e: { id: string }) => e.id)).toEqual([log.id]);
  });
});
