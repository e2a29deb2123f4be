/**
 * The referral cookie: a visited /r/CODE link is remembered for 30 days (httpOnly, SameSite=Lax,
 * signed) so the sign-up that follows, possibly days later, is credited to the referrer.
 */
import { createCookie } from "@remix-run/node";
import { parseReferralCode, REFERRAL_COOKIE_DAYS } from "@spike-land/shared/accounts/referrals";
import { DAY_SECONDS } from "@spike-land/shared/time";
import { env } from "../platform/env.server.ts";


export const referralCookie = createCookie("referral", {
  httpOnly: true,
  sameSite: "lax",
  secure: env.isProduction,
  path: "/",
  maxAge: REFERRAL_COOKIE_DAYS * DAY_SECONDS,
  secrets: [env.SESSION_SECRET],
});

/** The referral code the browser carries, or null (none, tampered with, or not a code). */
export async function readReferralCode(request: Request): Promise<string | null> {
  const value: unknown = await referralCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" ? parseReferralCode(value) : null;
}

export function rememberReferralCode(code: string): Promise<string> {
  return referralCookie.serialize(code);
}

export function forgetReferralCode(): Promise<string> {
  return referralCookie.serialize("", { maxAge: 0 });
}
