/** Referral codes: 8 characters from an alphabet without look-alikes (no 0, O, I, 1). */
export const REFERRAL_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
export const REFERRAL_CODE_LENGTH = 8;

/** Draws from the alphabet without modulo bias (32 symbols divide 256 evenly). */
export function randomCode(length: number, random: (size: number) => Uint8Array): string {
  const bytes = random(length);
  let code = "";
  for (const byte of bytes) code += REFERRAL_ALPHABET[byte % REFERRAL_ALPHABET.length];
  return code;
}

export function isReferralCode(value: string): boolean {
  return new RegExp(`^[${REFERRAL_ALPHABET}]{${REFERRAL_CODE_LENGTH}}$`).test(value);
}
