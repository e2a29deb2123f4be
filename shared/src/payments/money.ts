/**
 * Money as exact decimal strings ("12.99") and whole minor units (1299 pence): prices never pass
 * through floating point. Stripe speaks minor units; the database stores Decimal(10,2).
 */

const DECIMAL = /^(\d{1,8})(?:\.(\d{1,2}))?$/;

/** "12.99" → 1299, "5" → 500, "5.5" → 550. Throws on anything that is not a non-negative amount with at most 2 decimals. */
export function toMinorUnits(amount: string): number {
  const match = DECIMAL.exec(amount.trim());
  if (!match) throw new RangeError(`"${amount}" is not an amount of money with at most two decimals`);
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? "").padEnd(2, "0"));
  return whole * 100 + fraction;
}

/** 1299 → "12.99", 500 → "5.00". */
export function fromMinorUnits(minor: number): string {
  if (!Number.isSafeInteger(minor) || minor < 0) throw new RangeError(`${minor} is not a whole, non-negative number of minor units`);
  const whole = Math.floor(minor / 100);
  const fraction = String(minor % 100).padStart(2, "0");
  return `${whole}.${fraction}`;
}

/** Normalises any decimal amount ("5", "5.5", "05.50") to two decimals ("5.50"). */
export function normaliseAmount(amount: string): string {
  return fromMinorUnits(toMinorUnits(amount));
}

const SYMBOL: Record<string, string> = { GBP: "£", EUR: "€", USD: "$" };

/** "12.99", "GBP" → "£12.99"; a currency without a symbol is written after the amount ("12.99 CHF"). */
export function formatMoney(amount: string, currency = "GBP"): string {
  const code = currency.toUpperCase();
  const value = normaliseAmount(amount);
  const [whole, fraction] = value.split(".") as [string, string];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const symbol = SYMBOL[code];
  return symbol ? `${symbol}${grouped}.${fraction}` : `${grouped}.${fraction} ${code}`;
}

/** Sums decimal amounts exactly. */
export function sumAmounts(amounts: readonly string[]): string {
  return fromMinorUnits(amounts.reduce((total, amount) => total + toMinorUnits(amount), 0));
}

/** The part of `amount` that `fraction` (numerator/denominator, whole numbers) represents, rounded to the nearest minor unit. */
export function prorate(minor: number, numerator: number, denominator: number): number {
  if (denominator <= 0) throw new RangeError("A proration needs a positive period");
  const share = Math.min(Math.max(numerator, 0), denominator);
  return Math.round((minor * share) / denominator);
}
