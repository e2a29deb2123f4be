import { afterEach, describe, expect, it } from "vitest";
import { prisma } from "../.server/platform/db.server.ts";
import { env } from "../.server/platform/env.server.ts";
import { settleReferral } from "../.server/referrals/referrals.server.ts";
import { loader as referralLinkLoader } from "./r.$code.tsx";
import { action as signupAction, loader as signupLoader } from "./signup.tsx";
import { loader as verifyLoader } from "./verify-email.tsx";
import { loader as referralsLoader } from "./referrals.tsx";
import { action as resetAction } from "./reset-password.tsx";
import { issueToken } from "../.server/accounts/verification.server.ts";
import { signInWithPassword } from "../.server/accounts/flows.server.ts";
import { cookieAttributes, cookiePair, formRequest, getRequest, routeArgs, run } from "../../test/request.ts";
import { makeUser, PASSWORD, signIn, uniqueEmail, uniqueIp } from "../../test/fixtures.ts";

const THIRTY_DAYS_SECONDS = 30 * 24 * 60 * 60;

async function referrer(name = "Rita Referrer") {
  const user = await makeUser({ name });
  return { ...user, referralCode: user.referralCode! };
}

/** Opens /r/CODE and returns the cookie the browser would keep (or null). */
async function openLink(code: string) {
  const result = await run(() => referralLinkLoader(routeArgs(getRequest(`/r/${code}`), { code })));
  const setCookie = result.headers.get("Set-Cookie");
  return { result, setCookie, cookie: setCookie ? cookiePair(setCookie) : null };
}

async function signUp(email: string, options: { cookie?: string | null; ip?: string } = {}) {
  return run(() =>
    signupAction(routeArgs(formRequest("/signup", { name: "Fred Friend", email, password: PASSWORD }, { cookie: options.cookie ?? null, ip: options.ip ?? uniqueIp() }))),
  );
}

async function confirmEmail(email: string) {
  const log = await prisma.emailLog.findFirstOrThrow({ where: { to: email, template: "verify-email" }, orderBy: { sentAt: "desc" } });
  const link = (log.metadata as { text: string }).text.match(/http:\/\/localhost:3999\/verify-email\?token=\S+/)![0];
  const url = new URL(link);
  return run(() => verifyLoader(routeArgs(getRequest(`${url.pathname}${url.search}`))));
}

/** The whole path: link, sign-up from `ip`, confirmation. Returns the referee. */
async function referThroughLink(code: string, options: { email?: string; ip?: string; confirm?: boolean } = {}) {
  const email = options.email ?? uniqueEmail("friend");
  const { cookie } = await openLink(code);
  await signUp(email, { cookie, ip: options.ip });
  if (options.confirm !== false) await confirmEmail(email);
  return prisma.user.findUniqueOrThrow({ where: { email } });
}

async function balanceOf(userId: string) {
  return (await prisma.userTokenBalance.findUniqueOrThrow({ where: { userId } })).balance;
}

async function referralOf(refereeId: string) {
  return prisma.referral.findFirstOrThrow({ where: { refereeId } });
}

describe("a referral link", () => {
  it("remembers a real referrer's code in an httpOnly, SameSite=Lax cookie for 30 days and opens the sign-up page", async () => {
    const rita = await referrer();
    const { result, setCookie } = await openLink(rita.referralCode.toLowerCase());
    expect(result.status).toBe(302);
    expect(result.location).toBe("/signup");
    const attributes = cookieAttributes(setCookie!);
    expect(attributes.has("httponly")).toBe(true);
    expect(attributes.get("samesite")?.toLowerCase()).toBe("lax");
    expect(attributes.get("max-age")).toBe(String(THIRTY_DAYS_SECONDS));
    expect(attributes.get("path")).toBe("/");
  });

  it("opens the sign-up page without a cookie for an unknown or malformed code", async () => {
    for (const code of ["ZZZZZZZZ", "not-a-code", "ABCDEFG0"]) {
      const { result, setCookie } = await openLink(code);
      expect(result.location).toBe("/signup");
      expect(setCookie).toBeNull();
    }
  });

  it("shows who invited you on the sign-up page", async () => {
    const rita = await referrer("Rita Referrer");
    const { cookie } = await openLink(rita.referralCode);
    const page = await run(() => signupLoader(routeArgs(getRequest("/signup", { cookie }))));
    expect(page.body).toEqual({ invitedBy: "Rita Referrer" });
    const plain = await run(() => signupLoader(routeArgs(getRequest("/signup"))));
    expect(plain.body).toEqual({ invitedBy: null });
  });
});

describe("signing up through a referral link", () => {
  it("records a PENDING referral with the sign-up address and clears the cookie", async () => {
    const rita = await referrer();
    const { cookie } = await openLink(rita.referralCode);
    const email = uniqueEmail("pending");
    const result = await signUp(email, { cookie, ip: "203.0.113.77" });
    expect(result.status).toBe(302);
    expect(cookieAttributes(result.headers.get("Set-Cookie")!).get("max-age")).toBe("0");

    const referee = await prisma.user.findUniqueOrThrow({ where: { email } });
    expect(referee.referredById).toBe(rita.id);
    expect(await referralOf(referee.id)).toMatchObject({ referrerId: rita.id, status: "PENDING", tokensGranted: 0, ipAddress: "203.0.113.77", completedAt: null });
    expect(await balanceOf(rita.id)).toBe(10);
  });

  it("records nothing without the cookie", async () => {
    const email = uniqueEmail("plain");
    const result = await signUp(email);
    expect(result.headers.get("Set-Cookie")).toBeNull();
    const user = await prisma.user.findUniqueOrThrow({ where: { email } });
    expect(user.referredById).toBeNull();
    expect(await prisma.referral.count({ where: { refereeId: user.id } })).toBe(0);
  });
});

describe("confirming the referee's email", () => {
  it("gives both people 50 tokens once, completes the referral and counts it", async () => {
    const rita = await referrer();
    const referee = await referThroughLink(rita.referralCode);

    expect(await balanceOf(referee.id)).toBe(60);
    expect(await balanceOf(rita.id)).toBe(60);
    const referral = await referralOf(referee.id);
    expect(referral).toMatchObject({ status: "COMPLETED", tokensGranted: 50 });
    expect(referral.completedAt).not.toBeNull();
    expect((await prisma.user.findUniqueOrThrow({ where: { id: rita.id } })).referralCount).toBe(1);

    for (const userId of [rita.id, referee.id]) {
      const entries = await prisma.tokenTransaction.findMany({ where: { userId, source: "referral" } });
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ type: "EARN_BONUS", amount: 50, sourceId: referral.id, balanceAfter: 60 });
    }

    // Settling again (a retried verification) changes nothing.
    await prisma.$transaction((tx) => settleReferral(tx, referee.id));
    expect(await balanceOf(rita.id)).toBe(60);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: rita.id } })).referralCount).toBe(1);
  });

  it("settles when a password reset proves the email instead", async () => {
    const rita = await referrer();
    const referee = await referThroughLink(rita.referralCode, { confirm: false });
    const token = await issueToken("resetPassword", referee.id);
    await run(() => resetAction(routeArgs(formRequest("/reset-password", { token, password: "a-brand-new-password", confirm: "a-brand-new-password" }))));
    expect((await prisma.user.findUniqueOrThrow({ where: { id: referee.id } })).emailVerified).not.toBeNull();
    expect((await referralOf(referee.id)).status).toBe("COMPLETED");
    expect(await balanceOf(referee.id)).toBe(60);
  });

  it("rewards two referees of one referrer confirming at the same moment, counting both", async () => {
    const rita = await referrer();
    const emails = [uniqueEmail("twin"), uniqueEmail("twin")];
    for (const email of emails) {
      const { cookie } = await openLink(rita.referralCode);
      await signUp(email, { cookie });
    }
    await Promise.all(emails.map((email) => confirmEmail(email)));
    expect(await balanceOf(rita.id)).toBe(110);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: rita.id } })).referralCount).toBe(2);
  });
});

describe("the fraud checks", () => {
  afterEach(() => {
    env.DISPOSABLE_EMAIL_DOMAINS = undefined;
  });

  async function expectInvalid(referrerId: string, refereeId: string) {
    expect((await referralOf(refereeId)).status).toBe("INVALID");
    expect(await balanceOf(refereeId)).toBe(10);
    expect(await balanceOf(referrerId)).toBe(10);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: referrerId } })).referralCount).toBe(0);
    expect(await prisma.tokenTransaction.count({ where: { userId: { in: [referrerId, refereeId] }, source: "referral" } })).toBe(0);
  }

  it("refuse a disposable email domain", async () => {
    const rita = await referrer();
    const referee = await referThroughLink(rita.referralCode, { email: uniqueEmail("burner").replace("example.com", "mailinator.com") });
    await expectInvalid(rita.id, referee.id);
  });

  it("refuse the extra domains in DISPOSABLE_EMAIL_DOMAINS", async () => {
    env.DISPOSABLE_EMAIL_DOMAINS = "burner.test, junk.example";
    const rita = await referrer();
    const referee = await referThroughLink(rita.referralCode, { email: uniqueEmail("x").replace("example.com", "burner.test") });
    await expectInvalid(rita.id, referee.id);
  });

  it("refuse a second sign-up from the same address within 24 hours", async () => {
    const rita = await referrer();
    const first = await referThroughLink(rita.referralCode, { ip: "198.51.100.200" });
    const second = await referThroughLink(rita.referralCode, { ip: "198.51.100.200" });
    expect((await referralOf(first.id)).status).toBe("COMPLETED");
    expect((await referralOf(second.id)).status).toBe("INVALID");
    expect(await balanceOf(second.id)).toBe(10);
    expect(await balanceOf(rita.id)).toBe(60);
  });

  it("allow the same address again after 24 hours", async () => {
    const rita = await referrer();
    const first = await referThroughLink(rita.referralCode, { ip: "198.51.100.201" });
    await prisma.referral.updateMany({ where: { refereeId: first.id }, data: { createdAt: new Date(Date.now() - 25 * 60 * 60 * 1000) } });
    const second = await referThroughLink(rita.referralCode, { ip: "198.51.100.201" });
    expect((await referralOf(second.id)).status).toBe("COMPLETED");
  });

  it("refuse a referee signing up from the address the referrer signed up from", async () => {
    const rita = await referrer();
    const referrerSelf = await referThroughLink(rita.referralCode, { ip: "198.51.100.210" });
    expect(await balanceOf(referrerSelf.id)).toBe(60);
    const theirFriend = await referThroughLink(referrerSelf.referralCode!, { ip: "198.51.100.210" });
    expect((await referralOf(theirFriend.id)).status).toBe("INVALID");
    expect(await balanceOf(theirFriend.id)).toBe(10);
    expect(await balanceOf(referrerSelf.id)).toBe(60);
  });

  it("refuse a referee signing up from the address the referrer's own account was created from that day", async () => {
    const email = uniqueEmail("self");
    await signUp(email, { ip: "198.51.100.220" });
    const self = await prisma.user.findUniqueOrThrow({ where: { email } });
    const second = await referThroughLink(self.referralCode!, { ip: "198.51.100.220" });
    await expectInvalid(self.id, second.id);
  });

  it("refuse a referee signing up from where the referrer signed in within 24 hours", async () => {
    const rita = await referrer();
    await prisma.user.update({ where: { id: rita.id }, data: { createdAt: new Date(Date.now() - 30 * 24 * 60 * 60 * 1000) } });
    await signInWithPassword(rita.email!, PASSWORD, "198.51.100.221");
    const friend = await referThroughLink(rita.referralCode, { ip: "198.51.100.221" });
    await expectInvalid(rita.id, friend.id);
  });

  it("refuse a referee signing up from where the referrer opened their referral link page", async () => {
    const rita = await referrer();
    await prisma.user.update({ where: { id: rita.id }, data: { createdAt: new Date(Date.now() - 30 * 24 * 60 * 60 * 1000) } });
    const { cookie } = await signIn(rita.id);
    await run(() => referralsLoader(routeArgs(getRequest("/referrals", { cookie, ip: "198.51.100.222" }))));
    const friend = await referThroughLink(rita.referralCode, { ip: "198.51.100.222" });
    await expectInvalid(rita.id, friend.id);
  });

  it("reward a sign-up from an address the referrer last used more than 24 hours before", async () => {
    const rita = await referrer();
    await prisma.user.update({ where: { id: rita.id }, data: { createdAt: new Date(Date.now() - 30 * 24 * 60 * 60 * 1000) } });
    await signInWithPassword(rita.email!, PASSWORD, "198.51.100.223");
    await prisma.user.update({ where: { id: rita.id }, data: { lastSeenAt: new Date(Date.now() - 25 * 60 * 60 * 1000) } });
    const friend = await referThroughLink(rita.referralCode, { ip: "198.51.100.223" });
    expect((await referralOf(friend.id)).status).toBe("COMPLETED");
  });

  it("refuse referrals beyond 10 a day by one referrer", async () => {
    const rita = await referrer();
    const referees = [];
    for (let i = 0; i < 11; i++) referees.push(await referThroughLink(rita.referralCode));
    const statuses = await Promise.all(referees.map(async (r) => (await referralOf(r.id)).status));
    expect(statuses.slice(0, 10).every((s) => s === "COMPLETED")).toBe(true);
    expect(statuses[10]).toBe("INVALID");
    expect(await balanceOf(rita.id)).toBe(10 + 10 * 50);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: rita.id } })).referralCount).toBe(10);
  });

  it("refuse an unconfirmed email", async () => {
    const rita = await referrer();
    const referee = await referThroughLink(rita.referralCode, { confirm: false });
    const settled = await prisma.$transaction((tx) => settleReferral(tx, referee.id));
    expect(settled).toMatchObject({ status: "INVALID", reason: "unverifiedEmail" });
    await expectInvalid(rita.id, referee.id);
  });
});

describe("the referrals page", () => {
  it("needs a signed-in browser", async () => {
    const page = await run(() => referralsLoader(routeArgs(getRequest("/referrals"))));
    expect(page.location).toBe("/login?redirectTo=%2Freferrals");
  });

  it("shows the link, the referrals with masked emails and the tokens earned", async () => {
    const rita = await referrer();
    await referThroughLink(rita.referralCode, { email: `bob-${Date.now()}@example.com` });
    await referThroughLink(rita.referralCode, { email: `carol-${Date.now()}@example.com`, confirm: false });
    const { cookie } = await signIn(rita.id);
    const page = await run(() => referralsLoader(routeArgs(getRequest("/referrals", { cookie }))));
    expect(page.body).toMatchObject({
      link: `http://localhost:3999/r/${rita.referralCode}`,
      tokensEarned: 50,
      completed: 1,
    });
    expect(page.body.referrals.map((r: { referee: string; status: string }) => [r.referee, r.status])).toEqual([
      ["c***@example.com", "PENDING"],
      ["b***@example.com", "COMPLETED"],
    ]);
    expect(JSON.stringify(page.body)).not.toContain("carol-");
  });

  it("shows nobody else's referrals", async () => {
    const rita = await referrer();
    await referThroughLink(rita.referralCode);
    const other = await makeUser();
    const { cookie } = await signIn(other.id);
    const page = await run(() => referralsLoader(routeArgs(getRequest("/referrals", { cookie }))));
    expect(page.body).toMatchObject({ referrals: [], tokensEarned: 0, completed: 0 });
  });
});
