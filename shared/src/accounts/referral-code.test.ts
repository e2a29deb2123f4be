import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isReferralCode, randomCode, REFERRAL_ALPHABET, REFERRAL_CODE_LENGTH } from "./referral-code.ts";

describe("referral codes", () => {
  it("are 8 characters without look-alike symbols", () => {
    for (let i = 0; i < 200; i++) {
      const code = randomCode(REFERRAL_CODE_LENGTH, randomBytes);
      expect(code).toHaveLength(8);
      expect(code).not.toMatch(/[01OI]/);
      expect(isReferralCode(code)).toBe(true);
    }
  });

  it("uses all 32 symbols of the alphabet", () => {
    expect(new Set(REFERRAL_ALPHABET).size).toBe(32);
    const seen = new Set(randomCode(4000, randomBytes));
    expect(seen.size).toBe(32);
  });

  it("rejects codes with forbidden characters or the wrong length", () => {
    expect(isReferralCode("ABCDEFG0")).toBe(false);
    expect(isReferralCode("ABCDEFG")).toBe(false);
    expect(isReferralCode("abcdefgh")).toBe(false);
  });
});
