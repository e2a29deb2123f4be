/**
 * The card form of the local payment emulator (Stripe's hosted checkout stand-in), one schema for
 * the browser hints and the server. Messages follow Stripe's wording.
 */
import { z } from "zod";

/** Digits only: "4242 4242-4242 4242" → "4242424242424242". */
function cardDigits(value: string): string {
  return value.replace(/[\s-]/g, "");
}

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits.length > 0 && sum % 10 === 0;
}

const EXPIRY = /^(0[1-9]|1[0-2])\s*\/\s*(\d{2})$/;

/** True when an MM / YY expiry is this month or later. */
export function expiryIsCurrent(value: string, now = new Date()): boolean {
  const match = EXPIRY.exec(value.trim());
  if (!match) return false;
  const month = Number(match[1]);
  const year = 2000 + Number(match[2]);
  return year > now.getUTCFullYear() || (year === now.getUTCFullYear() && month >= now.getUTCMonth() + 1);
}

export const cardFormSchema = z.object({
  cardNumber: z
    .string({ error: "Enter your card number." })
    .trim()
    .transform(cardDigits)
    .pipe(
      z
        .string()
        .regex(/^\d{12,19}$/, "Your card number is incomplete.")
        .refine(passesLuhn, "Your card number is invalid."),
    ),
  expiry: z
    .string({ error: "Enter the expiry date as MM / YY." })
    .trim()
    .regex(EXPIRY, "Enter the expiry date as MM / YY, for example 12 / 34.")
    .refine((value) => !EXPIRY.test(value) || expiryIsCurrent(value), "Your card's expiry date is in the past."),
  cvc: z
    .string({ error: "Enter the 3 or 4 digit security code." })
    .trim()
    .regex(/^\d{3,4}$/, "Your card's security code is incomplete."),
  cardholder: z.string({ error: "Enter the name on the card." }).trim().min(1, "Enter the name on the card.").max(120, "Use at most 120 characters."),
});

export type CardForm = z.infer<typeof cardFormSchema>;

/** The test cards the emulator knows, as Stripe documents them. */
export const TEST_CARDS = {
  success: "4242 4242 4242 4242",
  declined: "4000 0000 0000 0002",
  insufficientFunds: "4000 0000 0000 9995",
} as const;
