/**
 * The merch admin forms as the form pipeline reads them (Conform over the posted fields): prices,
 * whole numbers, slugs and the retail-over-base rule, with the messages the pages show.
 */
import { describe, expect, it } from "vitest";
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import { categoryFields, productFormSchema, productIntents, variantFields } from "./merch-forms.ts";

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}

/** The submission, with its field messages when it was refused. */
function parse<S extends z.ZodType>(schema: S, fields: Record<string, string>) {
  const submission = parseWithZod(form(fields), { schema });
  return Object.assign(submission, { errors: submission.status === "success" ? undefined : submission.error });
}

const productFields = (overrides: Record<string, string> = {}) => ({
  name: "Matte print",
  description: "",
  categoryId: "cat",
  provider: "PRODIGI",
  providerSku: "GLOBAL-PHO-MAT",
  basePrice: "8.5",
  retailPrice: "24.99",
  minWidth: "1800",
  minHeight: "1800",
  minDpi: "150",
  printAreaWidth: "",
  printAreaHeight: "",
  active: "on",
  ...overrides,
});

describe("product and variant validation", () => {
  it("accepts a well-formed product and normalises its prices", () => {
    const parsed = parse(productFormSchema, productFields());
    expect(parsed.status).toBe("success");
    if (parsed.status !== "success") return;
    expect(parsed.value).toMatchObject({ basePrice: "8.50", retailPrice: "24.99", active: true, printAreaWidth: null, description: null, minDpi: 150 });
    const unticked = parse(productFormSchema, { ...productFields(), active: "" });
    expect(unticked.status === "success" && unticked.value.active).toBe(false);
  });

  it("explains price formats, a retail price under the base price, and missing fields", () => {
    const badFormat = parse(productFormSchema, productFields({ basePrice: "8.505", retailPrice: "£24" }));
    expect(badFormat.status).toBe("error");
    expect(badFormat.errors).toMatchObject({
      basePrice: ["Enter the base price as an amount like 12.50 (digits, at most two decimals)."],
      retailPrice: ["Enter the retail price as an amount like 12.50 (digits, at most two decimals)."],
    });
    const under = parse(productFormSchema, productFields({ basePrice: "30", retailPrice: "24.99" }));
    expect(under.errors).toMatchObject({ retailPrice: ["The retail price must be at least the base price (£30.00), or every sale loses money."] });
    const equal = parse(productFormSchema, productFields({ basePrice: "24.99", retailPrice: "24.99" }));
    expect(equal.status).toBe("success");
    const empty = parse(productFormSchema, productFields({ name: " ", provider: "ACME", minDpi: "12.5", printAreaWidth: "0" }));
    expect(empty.errors).toMatchObject({
      name: ["Enter the product name."],
      provider: ["Choose the print provider (Prodigi or Printful)."],
      minDpi: ["Enter the minimum dpi as a whole number."],
      printAreaWidth: ["The print area width must be at least 1."],
    });
    const variant = parse(variantFields, { name: "A3", providerSku: "SKU-A3", priceDelta: "-2" });
    expect(variant.errors).toMatchObject({ priceDelta: ["Enter the price difference as an amount like 12.50 (digits, at most two decimals)."] });
  });

  it("applies the same price rule to the products page's create and edit forms", () => {
    const under = parse(productIntents, { intent: "update-product", id: "p1", ...productFields({ basePrice: "30", retailPrice: "24.99" }) });
    expect(under.errors).toMatchObject({ retailPrice: ["The retail price must be at least the base price (£30.00), or every sale loses money."] });
    const unknown = parse(productIntents, { intent: "delete-everything" });
    expect(unknown.status).toBe("error");
  });

  it("explains a slug that is not lower-case words with dashes", () => {
    const parsed = parse(categoryFields, { name: "Wall art", slug: "Wall Art!" });
    expect(parsed.errors).toMatchObject({ slug: ["Use lower-case letters, digits and single dashes in the slug, like wall-art."] });
  });
});
