import { describe, expect, it } from "vitest";
import {
  isDisposableEmail,
  MAX_REFERRALS_PER_DAY,
  maskEmail,
  parseDomainList,
  parseReferralCode,
  REFERRAL_REWARD_TOKENS,
  referralFraudReason,
  referralLink,
  type ReferralFacts,
} from "./referrals.ts";

const clean: ReferralFacts = {
  refereeEmail: "friend@example.com",
  refereeVerified: true,
  refereeIp: "203.0.113.9",
  referrerIps: ["198.51.100.1"],
  referralsInDay: 1,
};

describe("the referral reward", () => {
  it("is 50 tokens each", () => {
    expect(REFERRAL_REWARD_TOKENS).toBe(50);
  });
});

describe("disposable email domains", () => {
  it("match listed domains and their subdomains, case-insensitively", () => {
    expect(isDisposableEmail("x@mailinator.com")).toBe(true);
    expect(isDisposableEmail("x@EU.Mailinator.COM")).toBe(true);
    expect(isDisposableEmail("x@notmailinator.com")).toBe(false);
    expect(isDisposableEmail("x@example.com")).toBe(false);
  });

  it("can be extended by configuration", () => {
    const extra = parseDomainList(" burner.test, @Junk.example ,, ");
    expect(extra).toEqual(["burner.test", "junk.example"]);
    expect(isDisposableEmail("a@burner.test", extra)).toBe(true);
    expect(isDisposableEmail("a@mail.junk.example", extra)).toBe(true);
    expect(parseDomainList(undefined)).toEqual([]);
  });
});

describe("the referral fraud checks", () => {
  it("pass a verified referee from another address", () => {
    expect(referralFraudReason(clean)).toBeNull();
  });

  it("run in order: disposable email, same address, too many in a day, unverified", () => {
    const all: ReferralFacts = { refereeEmail: "a@yopmail.com", refereeVerified: false, refereeIp: "198.51.100.1", referrerIps: ["198.51.100.1"], referralsInDay: 11 };
    expect(referralFraudReason(all)).toBe("disposableEmail");
    expect(referralFraudReason({ ...all, refereeEmail: "a@example.com" })).toBe("sameIp");
    expect(referralFraudReason({ ...all, refereeEmail: "a@example.com", refereeIp: "203.0.113.5" })).toBe("tooManyReferrals");
    expect(referralFraudReason({ ...all, refereeEmail: "a@example.com", refereeIp: "203.0.113.5", referralsInDay: 1 })).toBe("unverifiedEmail");
  });

  it("allow exactly the daily maximum", () => {
    expect(referralFraudReason({ ...clean, referralsInDay: MAX_REFERRALS_PER_DAY })).toBeNull();
    expect(referralFraudReason({ ...clean, referralsInDay: MAX_REFERRALS_PER_DAY + 1 })).toBe("tooManyReferrals");
  });

  it("never match an unknown address", () => {
    expect(referralFraudReason({ ...clean, refereeIp: "unknown", referrerIps: ["unknown"] })).toBeNull();
    expect(referralFraudReason({ ...clean, refereeIp: null })).toBeNull();
  });

  it("use the configured extra domains", () => {
    expect(referralFraudReason({ ...clean, refereeEmail: "a@burner.test", extraDisposableDomains: ["burner.test"] })).toBe("disposableEmail");
  });
});

describe("showing referrals", () => {
  it("masks a referee's email to its first letter and domain", () => {
    expect(maskEmail("alice@example.com")).toBe("a***@example.com");
    expect(maskEmail("b@x.org")).toBe("b***@x.org");
    expect(maskEmail(null)).toBe("deleted account");
  });

  it("builds the link from the app's address", () => {
    expect(referralLink("https://spike.land/", "ABCD2345")).toBe("https://spike.land/r/ABCD2345");
  });

  it("accepts a code from a link in any case, and nothing that cannot be a code", () => {
    expect(parseReferralCode(" abcd2345 ")).toBe("ABCD2345");
    expect(parseReferralCode("ABCD234O")).toBeNull();
    expect(parseReferralCode("")).toBeNull();
    expect(parseReferralCode(null)).toBeNull();
  });
});
