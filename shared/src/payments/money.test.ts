import { describe, expect, it } from "vitest";
import { formatMoney, fromMinorUnits, normaliseAmount, prorate, sumAmounts, toMinorUnits } from "./money.ts";

describe("money", () => {
  it("converts decimal strings to pence and back without floating point", () => {
    expect(toMinorUnits("12.99")).toBe(1299);
    expect(toMinorUnits("5")).toBe(500);
    expect(toMinorUnits("5.5")).toBe(550);
    expect(toMinorUnits("0.07")).toBe(7);
    expect(toMinorUnits("69.99")).toBe(6999);
    expect(fromMinorUnits(1299)).toBe("12.99");
    expect(fromMinorUnits(500)).toBe("5.00");
    expect(fromMinorUnits(7)).toBe("0.07");
    expect(normaliseAmount("05.5")).toBe("5.50");
  });

  it("adds exactly where floats would not (0.10 + 0.20)", () => {
    expect(sumAmounts(["0.10", "0.20"])).toBe("0.30");
    expect(sumAmounts(["24.99", "24.99", "24.99"])).toBe("74.97");
    expect(sumAmounts([])).toBe("0.00");
  });

  it("refuses amounts that are not money", () => {
    expect(() => toMinorUnits("-1.00")).toThrow(RangeError);
    expect(() => toMinorUnits("1.999")).toThrow(RangeError);
    expect(() => toMinorUnits("abc")).toThrow(RangeError);
    expect(() => fromMinorUnits(1.5)).toThrow(RangeError);
    expect(() => fromMinorUnits(-1)).toThrow(RangeError);
  });

  it("formats GBP with the pound sign and other currencies by code", () => {
    expect(formatMoney("4.99")).toBe("£4.99");
    expect(formatMoney("1234.5", "gbp")).toBe("£1,234.50");
    expect(formatMoney("9.99", "EUR")).toBe("€9.99");
    expect(formatMoney("10", "CHF")).toBe("10.00 CHF");
  });

  it("prorates to the nearest penny and never beyond the whole amount", () => {
    expect(prorate(800, 15, 30)).toBe(400);
    expect(prorate(1700, 1, 3)).toBe(567);
    expect(prorate(800, 40, 30)).toBe(800);
    expect(prorate(800, -5, 30)).toBe(0);
  });
});
