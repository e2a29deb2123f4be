/** The catalogue as pages see it: categories, prices from the cheapest option, and option choice. */
import { beforeAll, describe, expect, it } from "vitest";
import { seed } from "../../../../prisma/seed.ts";
import { prisma } from "../platform/db.server.ts";
import { findCategory, findProduct, listCategories, resolveVariant } from "./catalogue.server.ts";

beforeAll(async () => {
  await seed();
});

describe("the catalogue", () => {
  it("lists active categories with their lowest price", async () => {
    const categories = await listCategories();
    expect(categories.map((category) => [category.slug, category.fromPrice, category.productCount])).toEqual([
      ["prints", "24.99", 1],
      ["canvas", "49.99", 1],
      ["apparel", "29.99", 1],
    ]);
  });

  it("groups a product's options by attribute and prices each one exactly", async () => {
    const tee = await findProduct("prod_tshirt");
    expect(tee?.attributeGroups).toEqual([
      { name: "size", label: "Size", options: ["S", "M", "L", "XL"].map((value) => ({ value, label: value })) },
      { name: "color", label: "Colour", options: [{ value: "black", label: "Black" }, { value: "white", label: "White" }] },
    ]);
    expect(tee?.customTextMax).toBe(40);
    expect(tee?.variants.find((variant) => variant.id === "var_tee_xl_white")?.unitPrice).toBe("31.99");
    const print = await findProduct("prod_lustre_print");
    expect(print?.customTextMax).toBeNull();
    expect(print?.variants.map((variant) => [variant.name, variant.unitPrice])).toEqual([
      ["20×30 cm", "24.99"],
      ["30×40 cm", "30.99"],
      ["50×70 cm", "39.99"],
    ]);
    expect(print?.attributeGroups[0]?.options[0]).toEqual({ value: "20x30", label: "20 × 30 cm" });
  });

  it("resolves radio choices to a variant and explains a combination that does not exist", async () => {
    const tee = (await findProduct("prod_tshirt"))!;
    expect(resolveVariant(tee, { attributes: { size: "L", color: "white" } })).toMatchObject({ ok: true, variant: { id: "var_tee_l_white" } });
    expect(resolveVariant(tee, { attributes: { size: "L" } })).toEqual({ ok: false, message: "Choose a colour." });
    expect(resolveVariant(tee, { variantId: "var_print_20x30" })).toEqual({ ok: false, message: "Choose one of the options of the Photo t-shirt." });
  });

  it("hides inactive products and categories", async () => {
    await prisma.merchProduct.update({ where: { id: "prod_canvas" }, data: { isActive: false } });
    try {
      expect(await findProduct("prod_canvas")).toBeNull();
      expect((await findCategory("canvas"))?.products).toEqual([]);
    } finally {
      await prisma.merchProduct.update({ where: { id: "prod_canvas" }, data: { isActive: true } });
    }
    expect(await findCategory("no-such-category")).toBeNull();
  });
});
