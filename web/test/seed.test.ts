/** The seed fills what a first look needs, and running it again changes nothing. */
import { describe, expect, it } from "vitest";
import { prisma } from "../app/.server/platform/db.server.ts";
import { seed } from "../../prisma/seed.ts";

async function counts() {
  return {
    users: await prisma.user.count(),
    ledger: await prisma.tokenTransaction.count(),
    packs: await prisma.tokensPackage.count(),
    plans: await prisma.subscriptionPlan.count(),
    vouchers: await prisma.voucher.count(),
    boxTiers: await prisma.boxTier.count(),
    products: await prisma.merchProduct.count(),
    variants: await prisma.merchVariant.count(),
  };
}

describe("seed", () => {
  it("creates the catalogue and demo accounts once, however often it runs", async () => {
    const demo = await seed();
    const first = await counts();
    await seed();
    expect(await counts()).toEqual(first);
    expect(first).toMatchObject({ users: 2, packs: 4, plans: 3, vouchers: 3, boxTiers: 3, products: 3 });
    expect(demo?.admin.email).toBe("admin@spike.land");
    const admin = await prisma.user.findUniqueOrThrow({ where: { email: "admin@spike.land" }, include: { tokenBalance: true } });
    expect(admin.role).toBe("SUPER_ADMIN");
    expect(admin.emailVerified).not.toBeNull();
    expect(admin.tokenBalance?.balance).toBe(10);
  });

  it("stores prices as exact decimals", async () => {
    await seed();
    const power = await prisma.tokensPackage.findFirstOrThrow({ where: { tokens: 500 } });
    expect(power.priceGBP.toString()).toBe("69.99");
    const canvas = await prisma.merchProduct.findFirstOrThrow({ where: { name: "Stretched canvas" } });
    expect(canvas.retailPrice.toString()).toBe("49.99");
    expect(await prisma.voucher.findUniqueOrThrow({ where: { code: "WELCOME50" } })).toMatchObject({ value: 50, maxUses: null });
  });
});
