/**
 * The account flows behind the pages and the API: sign-up with email verification, password
 * sign-in (rate limited, one message for every failure), password reset (its email sent from the job
 * queue), profile and password changes.
 */
import { prisma } from "../platform/db.server.ts";
import { env } from "../platform/env.server.ts";
import { decoyHash, hashPassword, verifyPassword } from "../auth/password.server.ts";
import { consume, reset } from "../platform/rate-limit.server.ts";
import { recordAudit } from "../platform/audit.server.ts";
import { sendEmail } from "../email/send.server.ts";
import { verificationEmail } from "../email/templates.server.ts";
import { createUser, recordSeenFrom } from "./users.server.ts";
import { issueToken, revokeResetLinks, useToken } from "./verification.server.ts";
import { recordReferral, settleReferral } from "../referrals/referrals.server.ts";
import { enqueueAccountEmail } from "./email-queue.server.ts";
import { DomainError } from "@spike-land/shared/errors";

export const WRONG_CREDENTIALS = "That email and password don't match an account. Check them and try again.";
export const UNVERIFIED = "Confirm your email address first: we sent you a link when you signed up.";

export class SignInError extends DomainError {
  constructor(message: string, readonly reason: "credentials" | "unverified") {
    super(reason === "unverified" ? 403 : 401, message);
  }
}

/**
 * Creates the account (limited per client address), records the referral when the browser came
 * through a referral link, then sends the confirmation link; `emailSent` is false when delivery
 * failed (the account stays, a new link can be requested).
 */
export async function signUp(input: { name: string; email: string; password: string }, from: { ipAddress: string; referralCode?: string | null; baseUrl?: string }) {
  await consume("signUp", from.ipAddress);
  const user = await createUser({ name: input.name, email: input.email, password: input.password, signUpIp: from.ipAddress });
  if (from.referralCode) {
    // The account exists already; a referral that cannot be recorded must not fail the sign-up.
    await recordReferral(user.id, from.referralCode, from.ipAddress).catch((error: unknown) => console.error("referral not recorded", error));
  }
  try {
    await sendVerification(user.id, from.baseUrl);
    return { user, emailSent: true };
  } catch (error) {
    console.error("verification email failed", error);
    return { user, emailSent: false };
  }
}

/** `baseUrl` is the origin of the link in the email: appUrlFor(request), APP_URL by default. */
export async function sendVerification(userId: string, baseUrl: string = env.appUrl) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, name: true } });
  if (!user.email) return;
  const token = await issueToken("verifyEmail", user.id);
  const url = `${baseUrl}/verify-email?token=${encodeURIComponent(token)}`;
  await sendEmail(user.id, "verify-email", verificationEmail(user.email, user.name, url));
}

/** Re-sends the verification link; silent for unknown or already verified addresses. Limited per address and per email. */
export async function resendVerification(email: string, ip: string, baseUrl: string = env.appUrl) {
  await consume("verificationResend", ip);
  await consume("verificationResend", `email:${email}`);
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, emailVerified: true } });
  if (user && !user.emailVerified) await sendVerification(user.id, baseUrl);
}

export async function verifyEmail(token: string) {
  return useToken("verifyEmail", token, async (tx, userId) => {
    await tx.user.update({ where: { id: userId }, data: { emailVerified: new Date() } });
    await settleReferral(tx, userId);
    return userId;
  });
}

/**
 * Checks an email and password. Unknown emails verify against a decoy hash so both failures take
 * the same time and say the same thing. Attempts are limited per email+address and per address.
 */
export async function signInWithPassword(email: string, password: string, ip: string) {
  await consume("signInPerIp", ip);
  await consume("signIn", `${email}|${ip}`);
  const user = await prisma.user.findUnique({
    where: { email },
    select: { id: true, passwordHash: true, emailVerified: true, role: true },
  });
  const valid = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
  if (!user || !user.passwordHash || !valid) {
    // A failure is kept on the account it tried; guesses at unknown addresses have no account to record them on.
    if (user) await recordAudit(prisma, { actorId: user.id, action: "USER_UPDATE", event: "auth.sign_in_failed", targetId: user.id, metadata: { method: "password" }, ipAddress: ip });
    throw new SignInError(WRONG_CREDENTIALS, "credentials");
  }
  if (!user.emailVerified) throw new SignInError(UNVERIFIED, "unverified");
  await reset("signIn", `${email}|${ip}`);
  await recordSignIn(user, "password", ip);
  return user.id;
}

/** A sign-in through an OAuth provider, recorded like a password one. */
export async function recordProviderSignIn(userId: string, provider: string, ip: string) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, role: true } });
  await recordSignIn(user, provider, ip);
}

/** A successful sign-in, by password or a provider: where it came from, and the audit entry (an admin's is an ADMIN_LOGIN). */
export async function recordSignIn(user: { id: string; role: string }, method: string, ip: string) {
  await recordSeenFrom(user.id, ip);
  await recordAudit(prisma, {
    actorId: user.id,
    action: user.role === "USER" ? "USER_UPDATE" : "ADMIN_LOGIN",
    event: "auth.sign_in",
    targetId: user.id,
    metadata: { method },
    ipAddress: ip,
  });
}

/**
 * Queues the reset email for whatever address was given: the worker finds out whether an account
 * uses it, so this request does the same work, in the same time, for known and unknown addresses.
 */
export async function requestPasswordReset(email: string, ip: string, baseUrl: string = env.appUrl) {
  await consume("passwordReset", ip);
  await enqueueAccountEmail({ kind: "password-reset", email, baseUrl });
}

/** Sets a new password and signs the account out everywhere. Resetting also proves the email. */
export async function resetPassword(token: string, password: string) {
  const passwordHash = await hashPassword(password);
  return useToken("resetPassword", token, async (tx, userId) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { emailVerified: true } });
    await tx.user.update({
      where: { id: userId },
      data: { passwordHash, emailVerified: user.emailVerified ?? new Date() },
    });
    if (!user.emailVerified) await settleReferral(tx, userId);
    await revokeResetLinks(tx, userId);
    await tx.session.deleteMany({ where: { userId } });
    return userId;
  });
}

export async function changePassword(userId: string, sessionId: string, current: string, next: string) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
  if (user.passwordHash && !(await verifyPassword(user.passwordHash, current))) {
    return { ok: false as const, message: "Your current password is not right." };
  }
  const passwordHash = await hashPassword(next);
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash } });
    await revokeResetLinks(tx, userId);
    // Other devices must sign in again with the new password; this one stays signed in.
    await tx.session.deleteMany({ where: { userId, id: { not: sessionId } } });
  });
  return { ok: true as const };
}
