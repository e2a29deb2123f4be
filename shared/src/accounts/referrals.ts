/**
 * Referral rules: the reward, how long a referral link is remembered, the fraud checks in the order
 * they run, and how a referee's email is shown to the referrer. The sign-up and verification flows
 * and the referral pages all read these.
 */
import { z } from "zod";
import { DAY_MS } from "../time.ts";
import { isReferralCode } from "./referral-code.ts";

/** Tokens the referrer and the referee each get when the referee confirms their email. */
export const REFERRAL_REWARD_TOKENS = 50;

/** How long a visited referral link is remembered in the browser. */
export const REFERRAL_COOKIE_DAYS = 30;

/** More referrals than this by one referrer within a day makes the extra ones INVALID. */
export const MAX_REFERRALS_PER_DAY = 10;

/** The window in which a sign-up from the referrer's address counts as the referrer's own. */
export const SAME_IP_WINDOW_MS = DAY_MS;
/** The window the daily referral count covers. */
export const REFERRAL_DAY_MS = DAY_MS;

/** Throw-away mailbox providers; DISPOSABLE_EMAIL_DOMAINS adds more. Subdomains count too. */
export const DISPOSABLE_EMAIL_DOMAINS: readonly string[] = [
  "10minutemail.com",
  "33mail.com",
  "dispostable.com",
  "emailondeck.com",
  "fakeinbox.com",
  "getairmail.com",
  "getnada.com",
  "guerrillamail.com",
  "maildrop.cc",
  "mailinator.com",
  "mailnesia.com",
  "mintemail.com",
  "mohmal.com",
  "mytemp.email",
  "sharklasers.com",
  "spamgourmet.com",
  "temp-mail.org",
  "tempmail.com",
  "tempr.email",
  "throwawaymail.com",
  "trashmail.com",
  "yopmail.com",
];

/** Reads a comma-separated list of extra domains ("a.com, b.org"), lower-cased, blanks dropped. */
export function parseDomainList(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((domain) => domain.trim().toLowerCase().replace(/^@/, ""))
    .filter(Boolean);
}

function emailDomain(email: string): string {
  const at = email.lastIndexOf("@");
  return at === -1 ? "" : email.slice(at + 1).trim().toLowerCase();
}

/** True when the address is at a listed domain or one of its subdomains. */
export function isDisposableEmail(email: string, extraDomains: readonly string[] = []): boolean {
  const domain = emailDomain(email);
  if (!domain) return false;
  return [...DISPOSABLE_EMAIL_DOMAINS, ...extraDomains].some((listed) => domain === listed || domain.endsWith(`.${listed}`));
}

export type FraudReason = "disposableEmail" | "sameIp" | "tooManyReferrals" | "unverifiedEmail";

export const FRAUD_REASON_LABEL: Record<FraudReason, string> = {
  disposableEmail: "the referee used a disposable email address",
  sameIp: "the referee signed up from the referrer's address within 24 hours",
  tooManyReferrals: `the referrer had more than ${MAX_REFERRALS_PER_DAY} referrals in a day`,
  unverifiedEmail: "the referee's email is not confirmed",
};

export type ReferralFacts = {
  refereeEmail: string;
  refereeVerified: boolean;
  /** The address the referee signed up from; null when unknown (never matches). */
  refereeIp: string | null;
  /** Addresses known to be the referrer's within the same-IP window (see the server's choice). */
  referrerIps: readonly string[];
  /** The referrer's referrals in the day up to and including this one. */
  referralsInDay: number;
  extraDisposableDomains?: readonly string[];
};

/** The fraud checks in the business rules' order; the first that fails names the reason, null when all pass. */
export function referralFraudReason(facts: ReferralFacts): FraudReason | null {
  if (isDisposableEmail(facts.refereeEmail, facts.extraDisposableDomains)) return "disposableEmail";
  if (facts.refereeIp && facts.refereeIp !== "unknown" && facts.referrerIps.includes(facts.refereeIp)) return "sameIp";
  if (facts.referralsInDay > MAX_REFERRALS_PER_DAY) return "tooManyReferrals";
  if (!facts.refereeVerified) return "unverifiedEmail";
  return null;
}

/** Shows enough of a referee's address to recognise it: "alice@example.com" → "a***@example.com". */
export function maskEmail(email: string | null): string {
  if (!email) return "deleted account";
  const at = email.lastIndexOf("@");
  if (at <= 0) return "***";
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}

/** A referral code as it arrives in a link, case-insensitive. */
const referralCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isReferralCode, "A referral code is 8 letters and digits");

/** The code from a link, or null when it cannot be one. */
export function parseReferralCode(value: string | null | undefined): string | null {
  const parsed = referralCodeSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function referralLink(appUrl: string, code: string): string {
  return `${appUrl.replace(/\/+$/, "")}/r/${encodeURIComponent(code)}`;
}
