/**
 * Feedback: the footer form's action (validation, page and browser captured, per-user and per-address
 * limits) and the admin inbox (filters, review, replies kept and emailed), for admins only.
 */
import { describe, expect, it } from "vitest";
import { prisma } from "../.server/platform/db.server.ts";
import { makeUser, signIn, uniqueEmail, uniqueIp } from "../../test/fixtures.ts";
import { formRequest, getRequest, routeArgs, run } from "../../test/request.ts";
import { action as submit, loader as feedbackPageLoader } from "./feedback.tsx";
import { loader as inboxLoader } from "./admin.feedback._index.tsx";
import { action as reviewAction, loader as itemLoader } from "./admin.feedback.$id.tsx";

const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0";

function post(fields: Record<string, string>, options: { ip?: string; cookie?: string } = {}) {
  const request = formRequest("/feedback", fields, { ip: options.ip ?? uniqueIp(), cookie: options.cookie ?? null, headers: { "User-Agent": BROWSER } });
  return run(() => submit(routeArgs(request)));
}

describe("sending feedback", () => {
  it("keeps a signed-out visitor's message with its page, browser and email", async () => {
    const email = uniqueEmail("visitor");
    const outcome = await post({ type: "BUG", message: "The upload button does nothing on my phone", email, page: "/images/upload?album=a1" });
    expect(outcome.status).toBe(200);
    expect(outcome.message).toBe("Thank you! Your feedback has reached the team.");
    const stored = await prisma.feedback.findFirstOrThrow({ where: { email } });
    expect(stored).toMatchObject({ type: "BUG", status: "NEW", userId: null, page: "/images/upload?album=a1", userAgent: BROWSER, message: "The upload button does nothing on my phone" });
  });

  it("ties a signed-in user's message to the account and keeps only a path of this site", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    expect((await post({ type: "IDEA", message: "Dark mode please", page: "https://evil.example/phish" }, { cookie })).status).toBe(200);
    expect(await prisma.feedback.findFirstOrThrow({ where: { userId: user.id } })).toMatchObject({ type: "IDEA", page: "/", email: null });
  });

  it("answers bad input with 400 and the field's message, keeping nothing", async () => {
    const ip = uniqueIp();
    const before = await prisma.feedback.count();
    const short = await post({ type: "BUG", message: "hey" }, { ip });
    expect(short.status).toBe(400);
    expect(short.fieldErrors.message).toEqual(["Write a few more words (at least 5 characters)"]);
    const kind = await post({ type: "RANT", message: "Long enough message", email: "not-an-address" }, { ip });
    expect(kind.fieldErrors.type).toEqual(["Choose what kind of feedback this is"]);
    expect(kind.fieldErrors.email).toEqual(["Enter an email address like name@example.com"]);
    expect(await prisma.feedback.count()).toBe(before);
  });

  it("takes 5 messages an hour per address (and per user), then answers 429 with Retry-After", async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 5; i++) expect((await post({ type: "OTHER", message: `Message number ${i}` }, { ip })).status).toBe(200);
    const limited = await post({ type: "OTHER", message: "One too many" }, { ip });
    expect(limited.status).toBe(429);
    expect(limited.message).toMatch(/^You have sent a lot of feedback in the last hour\. Too many attempts\. Try again in \d+ minutes?\.$/);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);

    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    for (let i = 0; i < 5; i++) expect((await post({ type: "IDEA", message: `Idea number ${i}` }, { cookie })).status).toBe(200);
    // A new address does not reset a signed-in user's allowance.
    expect((await post({ type: "IDEA", message: "Idea number 6" }, { cookie, ip: uniqueIp() })).status).toBe(429);
  });

  it("has a page of its own for browsers without JavaScript", async () => {
    const page = await run(() => feedbackPageLoader(routeArgs(getRequest("/feedback?from=/pricing"))));
    expect(page.body).toEqual({ signedIn: false, from: "/pricing" });
    // After a post without JavaScript, "back" is the page the form was on (never another site).
    const back = await run(() => feedbackPageLoader(routeArgs(getRequest("/feedback", { headers: { Referer: "http://localhost:3999/shop?category=prints" } }))));
    expect(back.body.from).toBe("/shop?category=prints");
    const elsewhere = await run(() => feedbackPageLoader(routeArgs(getRequest("/feedback", { headers: { Referer: "https://evil.example/x" } }))));
    expect(elsewhere.body.from).toBe("/");
  });
});

async function feedbackFrom(options: { email?: string | null; userId?: string | null; type?: "BUG" | "IDEA" | "OTHER" } = {}) {
  return prisma.feedback.create({
    data: { type: options.type ?? "BUG", message: "The shop page shows no prices", page: "/shop", userAgent: BROWSER, email: options.email ?? null, userId: options.userId ?? null },
  });
}

describe("the feedback inbox", () => {
  it("is for admins only", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    const item = await feedbackFrom({ email: uniqueEmail() });
    expect((await run(() => inboxLoader(routeArgs(getRequest("/admin/feedback", { cookie }))))).status).toBe(403);
    expect((await run(() => itemLoader(routeArgs(getRequest(`/admin/feedback/${item.id}`, { cookie }), { id: item.id })))).status).toBe(403);
    const attempt = await run(() => reviewAction(routeArgs(formRequest(`/admin/feedback/${item.id}`, { status: "RESOLVED" }, { cookie }), { id: item.id })));
    expect(attempt.status).toBe(403);
    expect((await prisma.feedback.findUniqueOrThrow({ where: { id: item.id } })).status).toBe("NEW");
    expect((await run(() => inboxLoader(routeArgs(getRequest("/admin/feedback"))))).status).toBe(302);
  });

  it("lists feedback filtered by status and kind, and opens one (404 when it is gone)", async () => {
    const admin = await makeUser({ role: "ADMIN" });
    const { cookie } = await signIn(admin.id);
    const idea = await feedbackFrom({ type: "IDEA" });
    await prisma.feedback.update({ where: { id: idea.id }, data: { status: "REVIEWED" } });
    const bug = await feedbackFrom({ type: "BUG" });
    const ideas = await run(() => inboxLoader(routeArgs(getRequest("/admin/feedback?type=IDEA&status=REVIEWED", { cookie }))));
    const ids = ideas.body.items.map((i: { id: string }) => i.id);
    expect(ids).toContain(idea.id);
    expect(ids).not.toContain(bug.id);
    expect(ideas.body.items.every((i: { type: string; status: string }) => i.type === "IDEA" && i.status === "REVIEWED")).toBe(true);
    const opened = await run(() => itemLoader(routeArgs(getRequest(`/admin/feedback/${bug.id}`, { cookie }), { id: bug.id })));
    expect(opened.body.item).toMatchObject({ id: bug.id, page: "/shop", userAgent: BROWSER, message: "The shop page shows no prices" });
    expect((await run(() => itemLoader(routeArgs(getRequest("/admin/feedback/missing", { cookie }), { id: "missing" })))).status).toBe(404);
  });

  it("changes the status, keeps the reply and emails it to the sender, with an audit entry", async () => {
    const admin = await makeUser({ role: "ADMIN" });
    const { cookie } = await signIn(admin.id);
    const sender = await makeUser();
    const item = await feedbackFrom({ userId: sender.id });
    const saved = await run(() =>
      reviewAction(routeArgs(formRequest(`/admin/feedback/${item.id}`, { status: "RESOLVED", reply: "Fixed today, thank you!", sendReply: "on" }, { cookie }), { id: item.id })),
    );
    expect(saved.status).toBe(200);
    expect(saved.message).toBe(`Saved as resolved; the reply was emailed to ${sender.email}.`);
    expect(await prisma.feedback.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({ status: "RESOLVED", adminNote: "Fixed today, thank you!" });
    const mail = await prisma.emailLog.findFirstOrThrow({ where: { userId: sender.id, template: "feedback_reply" } });
    expect(mail).toMatchObject({ to: sender.email, status: "SENT", subject: "About your feedback to Spike Land" });
    expect(String((mail.metadata as { text: string }).text)).toContain("Fixed today, thank you!");
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { userId: admin.id, targetId: item.id } });
    expect(audit).toMatchObject({ action: "USER_UPDATE", metadata: { event: "feedback.reply", from: "NEW", to: "RESOLVED", replied: true } });
  });

  it("keeps a note without emailing, and refuses to email feedback that came with no address", async () => {
    const admin = await makeUser({ role: "ADMIN" });
    const { cookie } = await signIn(admin.id);
    const anonymous = await feedbackFrom();
    const noted = await run(() => reviewAction(routeArgs(formRequest(`/admin/feedback/${anonymous.id}`, { status: "DISMISSED", reply: "Could not reproduce" }, { cookie }), { id: anonymous.id })));
    expect(noted.message).toBe("Saved as dismissed.");
    expect(await prisma.feedback.findUniqueOrThrow({ where: { id: anonymous.id } })).toMatchObject({ status: "DISMISSED", adminNote: "Could not reproduce" });
    const refused = await run(() => reviewAction(routeArgs(formRequest(`/admin/feedback/${anonymous.id}`, { status: "RESOLVED", reply: "Hello", sendReply: "on" }, { cookie }), { id: anonymous.id })));
    expect(refused.status).toBe(400);
    expect(refused.fieldErrors.sendReply).toEqual(["This feedback came with no email address, so the reply can only be kept as a note."]);
    expect((await prisma.feedback.findUniqueOrThrow({ where: { id: anonymous.id } })).status).toBe("DISMISSED");
    const bad = await run(() => reviewAction(routeArgs(formRequest(`/admin/feedback/${anonymous.id}`, { status: "LOST" }, { cookie }), { id: anonymous.id })));
    expect(bad.status).toBe(400);
    expect(bad.fieldErrors.status).toEqual(["Choose a status"]);
    const gone = await run(() => reviewAction(routeArgs(formRequest("/admin/feedback/missing", { status: "RESOLVED" }, { cookie }), { id: "missing" })));
    expect(gone.status).toBe(404);
  });
});
