/**
 * Shipping by the business rules: UK £4.99, free from £55; EU €9.99, free from €65. Amounts are
 * decimal strings (see payments/money.ts); comparisons run on minor units, never on floats.
 */
import { toMinorUnits } from "../payments/money.ts";

export const SHIPPING_REGIONS = ["UK", "EU"] as const;
export type ShippingRegion = (typeof SHIPPING_REGIONS)[number];

export const SHIPPING_RULES: Record<ShippingRegion, { currency: "GBP" | "EUR"; cost: string; freeFrom: string }> = {
  UK: { currency: "GBP", cost: "4.99", freeFrom: "55.00" },
  EU: { currency: "EUR", cost: "9.99", freeFrom: "65.00" },
};

/** ISO 3166-1 alpha-2 codes we ship to, by region. */
export const SHIPPING_COUNTRIES: Record<string, ShippingRegion> = {
  GB: "UK",
  ...Object.fromEntries(
    ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"].map(
      (code) => [code, "EU" as const],
    ),
  ),
};

export function regionOf(country: string): ShippingRegion | null {
  return SHIPPING_COUNTRIES[country.toUpperCase()] ?? null;
}

/** The shipping cost for a subtotal in the region's currency: free at or above the threshold. */
export function shippingCost(region: ShippingRegion, subtotal: string): string {
  const rule = SHIPPING_RULES[region];
  return toMinorUnits(subtotal) >= toMinorUnits(rule.freeFrom) ? "0.00" : rule.cost;
}
