import { describe, expect, it } from "vitest";
import { cardFormSchema, expiryIsCurrent, passesLuhn, TEST_CARDS } from "./card.ts";

const valid = { cardNumber: TEST_CARDS.success, expiry: "12 / 40", cvc: "123", cardholder: "Ada Lovelace" };

function errors(input: Record<string, string>) {
  const parsed = cardFormSchema.safeParse(input);
  return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message]));
}

describe("the emulator's card form", () => {
  it("accepts Stripe's test cards with spaces and normalises the number to digits", () => {
    expect(cardFormSchema.parse(valid).cardNumber).toBe("4242424242424242");
    expect(cardFormSchema.parse({ ...valid, cardNumber: TEST_CARDS.declined }).cardNumber).toBe("4000000000000002");
  });

  it("says what is wrong with each field", () => {
    expect(errors({ ...valid, cardNumber: "4242 4242" })).toEqual({ cardNumber: "Your card number is incomplete." });
    expect(errors({ ...valid, cardNumber: "4242 4242 4242 4241" })).toEqual({ cardNumber: "Your card number is invalid." });
    expect(errors({ ...valid, expiry: "13/30" })).toEqual({ expiry: "Enter the expiry date as MM / YY, for example 12 / 34." });
    expect(errors({ ...valid, expiry: "01/20" })).toEqual({ expiry: "Your card's expiry date is in the past." });
    expect(errors({ ...valid, cvc: "12" })).toEqual({ cvc: "Your card's security code is incomplete." });
    expect(errors({ ...valid, cardholder: "  " })).toEqual({ cardholder: "Enter the name on the card." });
  });

  it("checks the Luhn digit and the expiry month", () => {
    expect(passesLuhn("4242424242424242")).toBe(true);
    expect(passesLuhn("4242424242424241")).toBe(false);
    const now = new Date("2026-11-25T12:00:00Z");
    expect(expiryIsCurrent("11/26", now)).toBe(true);
    expect(expiryIsCurrent("10/26", now)).toBe(false);
    expect(expiryIsCurrent("01/27", now)).toBe(true);
  });
});
