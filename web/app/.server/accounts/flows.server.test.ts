import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../platform/db.server.ts";
import { env } from "../platform/env.server.ts";
import { queue, startQueue, stopQueue } from "../platform/queue.server.ts";
import { ACCOUNT_EMAIL_QUEUE, ensureAccountEmailQueue, processAccountEmail } from "./email-queue.server.ts";
import { sha256 } from "../platform/crypto.server.ts";
import { getRequestSession } from "../auth/sessions.server.ts";
import { verifyPassword } from "../auth/password.server.ts";
import { RateLimitedError } from "../platform/rate-limit.server.ts";
import { changePassword, signInWithPassword, UNVERIFIED, WRONG_CREDENTIALS } from "./flows.server.ts";
import { issueToken } from "./verification.server.ts";
import { action as signupAction } from "../../routes/signup.tsx";
import { action as resendAction, loader as verifyLoader } from "../../routes/verify-email.tsx";
import { action as loginAction } from "../../routes/login.tsx";
import { action as forgotAction } from "../../routes/forgot-password.tsx";
import { action as resetAction, loader as resetLoader } from "../../routes/reset-password.tsx";
import { cookiePair, formRequest, getRequest, routeArgs, run } from "../../../test/request.ts";
import { makeUser, PASSWORD, signIn, uniqueEmail, uniqueIp } from "../../../test/fixtures.ts";

beforeAll(async () => {
  await ensureAccountEmailQueue(await startQueue(env.DATABASE_URL, { maintenance: false }));
});
afterAll(() => stopQueue());

/** Runs the queued account emails the way a worker does, and says what each one did. */
async function deliverQueuedEmails() {
  const jobs = await queue().fetch<unknown>(ACCOUNT_EMAIL_QUEUE, { batchSize: 50 });
  const outcomes = [];
  for (const job of jobs) {
    outcomes.push(await processAccountEmail(job.data));
    await queue().complete(ACCOUNT_EMAIL_QUEUE, job.id);
  }
  return outcomes;
}

type EmailMetadata = { text: string; html: string; provider: string };

async function lastEmailTo(to: string) {
  const log = await prisma.emailLog.findFirst({ where: { to }, orderBy: { sentAt: "desc" } });
  return log ? { ...log, metadata: log.metadata as EmailMetadata } : null;
}

function linkIn(text: string, path: string): string {
  const match = text.match(new RegExp(`http://localhost:3999${path}\\?token=[^\\s]+`));
  if (!match) throw new Error(`No ${path} link in:\n${text}`);
  return match[0];
}

async function signUpThroughPage(email: string, password = PASSWORD, ip = uniqueIp()) {
  return run(() => signupAction(routeArgs(formRequest("/signup", { name: "Ada Lovelace", email, password }, { ip }))));
}

async function login(email: string, password: string, ip: string, redirectTo?: string) {
  const fields: Record<string, string> = { email, password };
  if (redirectTo !== undefined) fields.redirectTo = redirectTo;
  return run(() => loginAction(routeArgs(formRequest("/login", fields, { ip }))));
}

describe("signing up", () => {
  it("sends a verification email with a link, recorded as sent", async () => {
    const email = uniqueEmail("signup");
    const result = await signUpThroughPage(email);
    expect(result.status).toBe(302);
    expect(result.location).toBe("/verify-email?sent=1");

    const log = await lastEmailTo(email);
    expect(log).toMatchObject({ template: "verify-email", status: "SENT", subject: "Confirm your email for Spike Land" });
    const link = linkIn(log!.metadata.text, "/verify-email");
    expect(log!.metadata.html).toContain(link);
    const user = await prisma.user.findUniqueOrThrow({ where: { email } });
    expect(user.emailVerified).toBeNull();
  });

  it("refuses a second sign-up with the same email and sends no second email", async () => {
    const email = uniqueEmail("dupe");
    await signUpThroughPage(email);
    const second = await signUpThroughPage(email);
    expect(second.status).toBe(409);
    expect(JSON.stringify(second.body)).toContain("already exists");
    expect(await prisma.emailLog.count({ where: { to: email } })).toBe(1);
  });

  it("creates at most ten accounts an hour from one address, then says when to try again", async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 10; i++) expect((await signUpThroughPage(uniqueEmail("farm"), PASSWORD, ip)).status).toBe(302);
    const email = uniqueEmail("farm-eleventh");
    const limited = await signUpThroughPage(email, PASSWORD, ip);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(3500);
    expect(limited.fieldErrors[""]![0]).toMatch(/^Only 10 accounts can be created from one network in an hour\. Too many attempts\. Try again in 60 minutes\.$/);
    expect(await prisma.user.count({ where: { email } })).toBe(0);
    expect(await prisma.emailLog.count({ where: { to: email } })).toBe(0);
    // Someone else, elsewhere, can still sign up.
    expect((await signUpThroughPage(email, PASSWORD, uniqueIp())).status).toBe(302);
  });

  it("rejects a short password without creating an account", async () => {
    const email = uniqueEmail("short");
    const result = await signUpThroughPage(email, "short");
    expect(result.status).toBe(400);
    expect(await prisma.user.count({ where: { email } })).toBe(0);
  });
});

describe("verifying an email address", () => {
  it("confirms the address once; the same link fails the second time", async () => {
    const email = uniqueEmail("verify");
    await signUpThroughPage(email);
    const link = linkIn((await lastEmailTo(email))!.metadata.text, "/verify-email");

    const first = await run(() => verifyLoader(routeArgs(getRequest(link))));
    expect(first.status).toBe(302);
    expect(first.location).toBe("/login?notice=verified");
    expect((await prisma.user.findUniqueOrThrow({ where: { email } })).emailVerified).toBeInstanceOf(Date);

    const second = await run(() => verifyLoader(routeArgs(getRequest(link))));
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ state: "invalid", reason: "unknown" });
  });

  it("refuses an expired link and leaves the address unconfirmed", async () => {
    const email = uniqueEmail("expired");
    await signUpThroughPage(email);
    const link = linkIn((await lastEmailTo(email))!.metadata.text, "/verify-email");
    const token = new URL(link).searchParams.get("token")!;
    await prisma.verificationToken.update({ where: { token: sha256(token) }, data: { expires: new Date(Date.now() - 1000) } });

    const result = await run(() => verifyLoader(routeArgs(getRequest(link))));
    expect(result.body).toMatchObject({ state: "invalid", reason: "expired" });
    expect((await prisma.user.findUniqueOrThrow({ where: { email } })).emailVerified).toBeNull();
  });

  it("stores only a digest of the link's token", async () => {
    const email = uniqueEmail("digest");
    await signUpThroughPage(email);
    const token = new URL(linkIn((await lastEmailTo(email))!.metadata.text, "/verify-email")).searchParams.get("token")!;
    expect(await prisma.verificationToken.count({ where: { token } })).toBe(0);
    expect(await prisma.verificationToken.count({ where: { token: sha256(token) } })).toBe(1);
  });
});

describe("the check-your-inbox page", () => {
  it("shows its own words only, whatever the link carries", async () => {
    const crafted = await run(() => verifyLoader(routeArgs(getRequest(`/verify-email?sent=${encodeURIComponent("Your account is suspended, call +44 20 0000 0000")}`))));
    expect(crafted.status).toBe(200);
    expect(crafted.body).toEqual({ state: "sent", reason: null, deliveryFailed: false });
    expect(JSON.stringify(crafted.body)).not.toContain("suspended");
  });
});

describe("asking for a new confirmation link", () => {
  it("sends a fresh link to an unconfirmed account, and stops after five requests an hour", async () => {
    const email = uniqueEmail("resend");
    await makeUser({ email, verified: false });
    const ip = uniqueIp();
    for (let attempt = 0; attempt < 5; attempt++) {
      const answer = await run(() => resendAction(routeArgs(formRequest("/verify-email", { email }, { ip }))));
      expect(answer.status).toBe(200);
    }
    expect(await prisma.emailLog.count({ where: { to: email, template: "verify-email" } })).toBe(5);
    const limited = await run(() => resendAction(routeArgs(formRequest("/verify-email", { email }, { ip: uniqueIp() }))));
    expect(limited.status).toBe(429);
    expect(await prisma.emailLog.count({ where: { to: email, template: "verify-email" } })).toBe(5);
  });
});

describe("signing in with a password", () => {
  it("refuses an unconfirmed account with the UNVERIFIED message, then admits it after verification", async () => {
    const email = uniqueEmail("unverified");
    await signUpThroughPage(email);
    const ip = uniqueIp();
    const refused = await login(email, PASSWORD, ip);
    expect(refused.status).toBe(403);
    expect(refused.fieldErrors[""]).toEqual([UNVERIFIED]);
    expect(refused.headers.get("Set-Cookie")).toBeNull();

    const link = linkIn((await lastEmailTo(email))!.metadata.text, "/verify-email");
    await verifyLoader(routeArgs(getRequest(link)));
    const admitted = await login(email, PASSWORD, ip);
    expect(admitted.status).toBe(302);
    expect(admitted.location).toBe("/account");
    const session = await getRequestSession(getRequest("/account", { cookie: cookiePair(admitted.headers.get("Set-Cookie")) }));
    expect(session?.user.email).toBe(email);
  });

  it("says exactly the same thing for a wrong password and an unknown email", async () => {
    const user = await makeUser();
    const wrongPassword = await login(user.email!, "not-the-password", uniqueIp());
    const unknownEmail = await login(uniqueEmail("nobody"), "not-the-password", uniqueIp());
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(wrongPassword.fieldErrors).toEqual({ "": [WRONG_CREDENTIALS] });
    expect(unknownEmail.fieldErrors).toEqual(wrongPassword.fieldErrors);
  });

  it("blocks the eleventh failure for the same email and address, even with the right password", async () => {
    const user = await makeUser();
    const ip = uniqueIp();
    for (let attempt = 1; attempt <= 10; attempt++) {
      const failed = await login(user.email!, `wrong-${attempt}`, ip);
      expect(failed.status).toBe(401);
    }
    const blocked = await login(user.email!, PASSWORD, ip);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(blocked.fieldErrors[""]![0]).toMatch(/^Too many attempts\. Try again in \d+ minutes?\./);
    await expect(signInWithPassword(user.email!, PASSWORD, ip)).rejects.toBeInstanceOf(RateLimitedError);

    // The same account from another address is not blocked.
    const elsewhere = await login(user.email!, PASSWORD, uniqueIp());
    expect(elsewhere.status).toBe(302);
  });

  it("forgets earlier failures after a successful sign-in", async () => {
    const user = await makeUser();
    const ip = uniqueIp();
    for (let attempt = 1; attempt <= 9; attempt++) await login(user.email!, `wrong-${attempt}`, ip);
    expect((await login(user.email!, PASSWORD, ip)).status).toBe(302);
    for (let attempt = 1; attempt <= 9; attempt++) {
      expect((await login(user.email!, `wrong-again-${attempt}`, ip)).status).toBe(401);
    }
  });

  it("sends the browser only to an internal redirectTo", async () => {
    const user = await makeUser();
    const ip = uniqueIp();
    expect((await login(user.email!, PASSWORD, ip, "/settings?tab=profile")).location).toBe("/settings?tab=profile");
    expect((await login(user.email!, PASSWORD, ip, "//evil.example/phish")).location).toBe("/account");
    expect((await login(user.email!, PASSWORD, ip, "https://evil.example/phish")).location).toBe("/account");
    expect((await login(user.email!, PASSWORD, ip, "/\\evil.example")).location).toBe("/account");
    expect((await login(user.email!, PASSWORD, ip, "/\t/evil.example")).location).toBe("/account");
  });

  it("sends an already signed-in browser to its account instead of the sign-in form", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    const result = await run(() => loginAction(routeArgs(formRequest("/login", { email: user.email!, password: PASSWORD }, { cookie }))));
    expect(result.status).toBe(302);
    expect(result.location).toBe("/account");
    expect(result.headers.get("Set-Cookie")).toBeNull();
  });
});

describe("resetting a forgotten password", () => {
  function postForgotPassword(email: string, ip = uniqueIp()) {
    return run(() => forgotAction(routeArgs(formRequest("/forgot-password", { email }, { ip }))));
  }

  /** The form, then the queued email delivered as the worker would. */
  async function askForReset(email: string, ip = uniqueIp()) {
    const answer = await postForgotPassword(email, ip);
    await deliverQueuedEmails();
    return answer;
  }

  it("answers known and unknown addresses alike and sends nothing itself: the queued job emails the link, only to an account", async () => {
    const user = await makeUser();
    const unknown = uniqueEmail("stranger");
    await deliverQueuedEmails();
    const known = await postForgotPassword(user.email!);
    const stranger = await postForgotPassword(unknown);
    expect(known.status).toBe(200);
    expect(stranger.status).toBe(200);
    expect(known.body).toEqual(stranger.body);
    expect(known.message).toBe("If an account uses that email, a reset link is on its way. It expires in 1 hour.");

    // The requests did the same work: one queued job each, no email and no reset link yet.
    expect(await prisma.emailLog.count({ where: { to: { in: [user.email!, unknown] } } })).toBe(0);
    expect(await prisma.verificationToken.count({ where: { identifier: `reset-password:${user.id}` } })).toBe(0);
    const queued = await queue().fetch<{ email: string }>(ACCOUNT_EMAIL_QUEUE, { batchSize: 50 });
    expect(queued.map((job) => job.data.email).sort()).toEqual([user.email!, unknown].sort());
    const outcomes = [];
    for (const job of queued) outcomes.push([job.data.email, await processAccountEmail(job.data)]);
    expect(Object.fromEntries(outcomes)).toEqual({ [user.email!]: "sent", [unknown]: "no-account" });

    const log = await lastEmailTo(user.email!);
    expect(log).toMatchObject({ template: "reset-password", status: "SENT", userId: user.id });
    expect(log!.metadata.text).toMatch(/http:\/\/localhost:3999\/reset-password\?token=/);
    expect(await prisma.emailLog.count({ where: { to: unknown } })).toBe(0);
  });

  it("limits reset requests per address", async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 5; i++) expect((await postForgotPassword(uniqueEmail("r"), ip)).status).toBe(200);
    const limited = await postForgotPassword(uniqueEmail("r"), ip);
    expect(limited.status).toBe(429);
    expect(limited.body.notice).toBeNull();
  });

  it("sets the new password once, signs the account out everywhere, and the link then stops working", async () => {
    const user = await makeUser();
    const other = await makeUser();
    await signIn(user.id);
    await signIn(user.id);
    const othersSession = await signIn(other.id);
    await askForReset(user.email!);
    const link = linkIn((await lastEmailTo(user.email!))!.metadata.text, "/reset-password");
    const token = new URL(link).searchParams.get("token")!;

    const page = await run(() => resetLoader(routeArgs(getRequest(link))));
    expect(page.body).toMatchObject({ valid: true, token });

    const newPassword = "a-brand-new-password";
    const reset = await run(() => resetAction(routeArgs(formRequest("/reset-password", { token, password: newPassword, confirm: newPassword }))));
    expect(reset.status).toBe(302);
    expect(reset.location).toBe("/login?notice=password-reset");

    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.session.count({ where: { id: othersSession.sessionId } })).toBe(1);
    const ip = uniqueIp();
    expect((await login(user.email!, PASSWORD, ip)).status).toBe(401);
    expect((await login(user.email!, newPassword, ip)).status).toBe(302);

    const again = await run(() => resetAction(routeArgs(formRequest("/reset-password", { token, password: "yet-another-password", confirm: "yet-another-password" }))));
    expect(again.status).toBe(410);
    expect(again.fieldErrors[""]).toEqual(["This reset link is no longer valid. Ask for a new one."]);
    const stored = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(stored.passwordHash!, newPassword)).toBe(true);

    const pageAfter = await run(() => resetLoader(routeArgs(getRequest(link))));
    expect(pageAfter.body).toMatchObject({ valid: false });
  });

  it("rejects mismatched passwords without using the link", async () => {
    const user = await makeUser();
    await askForReset(user.email!);
    const token = new URL(linkIn((await lastEmailTo(user.email!))!.metadata.text, "/reset-password")).searchParams.get("token")!;
    const result = await run(() => resetAction(routeArgs(formRequest("/reset-password", { token, password: "first-new-password", confirm: "other-new-password" }))));
    expect(result.status).toBe(400);
    expect(result.fieldErrors.confirm).toEqual(["The two passwords are not the same"]);
    expect(await prisma.verificationToken.count({ where: { token: sha256(token) } })).toBe(1);
  });

  it("confirms the email of an unverified account that resets its password", async () => {
    const user = await makeUser({ verified: false });
    await askForReset(user.email!);
    const token = new URL(linkIn((await lastEmailTo(user.email!))!.metadata.text, "/reset-password")).searchParams.get("token")!;
    await resetAction(routeArgs(formRequest("/reset-password", { token, password: "a-brand-new-password", confirm: "a-brand-new-password" })));
    expect((await login(user.email!, "a-brand-new-password", uniqueIp())).status).toBe(302);
  });
});

describe("changing the password while signed in", () => {
  it("keeps the current session, ends the others, and the new password works", async () => {
    const user = await makeUser();
    const here = await signIn(user.id);
    const phone = await signIn(user.id);
    const laptop = await signIn(user.id);
    const result = await changePassword(user.id, here.sessionId, PASSWORD, "the-next-password");
    expect(result).toEqual({ ok: true });
    const remaining = await prisma.session.findMany({ where: { userId: user.id }, select: { id: true } });
    expect(remaining.map((s) => s.id)).toEqual([here.sessionId]);
    expect(await prisma.session.count({ where: { id: { in: [phone.sessionId, laptop.sessionId] } } })).toBe(0);
    expect(await signInWithPassword(user.email!, "the-next-password", uniqueIp())).toBe(user.id);
  });

  it("withdraws a reset link mailed before the change: the old link is refused", async () => {
    const user = await makeUser();
    const here = await signIn(user.id);
    const token = await issueToken("resetPassword", user.id);
    expect((await run(() => resetLoader(routeArgs(getRequest(`/reset-password?token=${token}`))))).body).toMatchObject({ valid: true });

    expect(await changePassword(user.id, here.sessionId, PASSWORD, "the-next-password")).toEqual({ ok: true });

    const page = await run(() => resetLoader(routeArgs(getRequest(`/reset-password?token=${token}`))));
    expect(page.body).toMatchObject({ valid: false, message: "This reset link is no longer valid. Ask for a new one." });
    const used = await run(() => resetAction(routeArgs(formRequest("/reset-password", { token, password: "attackers-password", confirm: "attackers-password" }))));
    expect(used.status).toBe(410);
    expect(used.fieldErrors[""]).toEqual(["This reset link is no longer valid. Ask for a new one."]);
    expect(await signInWithPassword(user.email!, "the-next-password", uniqueIp())).toBe(user.id);
  });

  it("rejects a wrong current password and changes nothing", async () => {
    const user = await makeUser();
    const here = await signIn(user.id);
    const other = await signIn(user.id);
    const result = await changePassword(user.id, here.sessionId, "not-my-password", "the-next-password");
    expect(result).toEqual({ ok: false, message: "Your current password is not right." });
    expect(await prisma.session.count({ where: { id: other.sessionId } })).toBe(1);
    expect(await signInWithPassword(user.email!, PASSWORD, uniqueIp())).toBe(user.id);
  });
});
