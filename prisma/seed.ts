/**
 * Seed data, safe to run any number of times (every write is an upsert or skip-if-present):
 * the catalogue of the business rules and the built-in pipelines, and outside production a demo
 * admin, a demo user and a few featured gallery pairs.
 */
import { BOX_HOURS_PER_MONTH, BOX_TIERS, LAUNCH_VOUCHERS, MERCH_CATEGORIES, MERCH_PRODUCTS, SUBSCRIPTION_PLANS, TOKEN_PACKS } from "../shared/src/catalog.ts";
import { prisma } from "../web/app/.server/platform/db.server.ts";
import { createUser } from "../web/app/.server/accounts/users.server.ts";
import { seedDemoGallery } from "../web/app/.server/gallery/demo.server.ts";
import { seedDemoAnalytics } from "../web/app/.server/analytics/demo-data.server.ts";

export const DEMO_ADMIN = { email: "admin@spike.land", password: "spike-admin-2026", name: "Demo Admin" } as const;
export const DEMO_USER = { email: "demo@spike.land", password: "spike-demo-2026", name: "Demo User" } as const;

/** The box sizes of the business rules (also used by tests that need them). */
export async function seedBoxTiers() {
  for (const tier of BOX_TIERS) {
    const data = {
      name: tier.name,
      description: tier.description,
      cpu: tier.cpu,
      ram: tier.ramMb,
      storage: tier.storageGb,
      pricePerHour: tier.tokensPerHour,
      pricePerMonth: tier.tokensPerHour * BOX_HOURS_PER_MONTH,
      sortOrder: tier.sortOrder,
    };
    await prisma.boxTier.upsert({ where: { id: tier.id }, update: data, create: { id: tier.id, ...data } });
  }
}

async function seedCatalogue() {
  for (const pack of TOKEN_PACKS) {
    const data = { name: pack.name, tokens: pack.tokens, priceGBP: pack.priceGBP, sortOrder: pack.sortOrder, active: true };
    await prisma.tokensPackage.upsert({ where: { id: pack.id }, update: data, create: { id: pack.id, stripePriceId: `price_local_${pack.id}`, ...data } });
  }
  for (const plan of SUBSCRIPTION_PLANS) {
    const { id, ...data } = plan;
    await prisma.subscriptionPlan.upsert({ where: { id }, update: data, create: { id, stripePriceId: `price_local_${id}`, ...data } });
  }
  for (const voucher of LAUNCH_VOUCHERS) {
    await prisma.voucher.upsert({
      where: { code: voucher.code },
      update: {},
      create: { code: voucher.code, type: voucher.type, value: voucher.value, maxUses: voucher.maxUses, status: "ACTIVE" },
    });
  }
  await seedBoxTiers();
  for (const category of MERCH_CATEGORIES) {
    const { id, ...data } = category;
    await prisma.merchCategory.upsert({ where: { id }, update: data, create: { id, ...data } });
  }
  for (const product of MERCH_PRODUCTS) {
    const { id, variants, categorySlug, basePriceGBP, retailPriceGBP, ...rest } = product;
    const category = MERCH_CATEGORIES.find((c) => c.slug === categorySlug);
    if (!category) throw new Error(`Unknown merch category ${categorySlug}`);
    const data = { ...rest, categoryId: category.id, basePrice: basePriceGBP, retailPrice: retailPriceGBP, currency: "GBP" };
    await prisma.merchProduct.upsert({ where: { id }, update: data, create: { id, ...data } });
    for (const variant of variants) {
      const { id: variantId, priceDeltaGBP, ...variantRest } = variant;
      const variantData = { ...variantRest, productId: id, priceDelta: priceDeltaGBP };
      await prisma.merchVariant.upsert({ where: { id: variantId }, update: variantData, create: { id: variantId, ...variantData } });
    }
  }
}

/** Public pipelines everyone can use or fork, owned by no one. */
const SYSTEM_PIPELINES = [
  {
    id: "pipeline_standard",
    name: "Standard",
    description: "The default: analysis and auto-crop on, corrections the photo calls for, 1K output.",
    tier: "TIER_1K",
    analysisConfig: { enabled: true },
    autoCropConfig: { enabled: true, minCropRatio: 0.05 },
    promptConfig: {},
    generationConfig: {},
  },
  {
    id: "pipeline_keep_framing",
    name: "Keep my framing",
    description: "Corrects exposure, colour and sharpness but never crops, for photos framed on purpose.",
    tier: "TIER_2K",
    analysisConfig: { enabled: true },
    autoCropConfig: { enabled: false, minCropRatio: 0.05 },
    promptConfig: { instructions: "Keep the original framing" },
    generationConfig: {},
  },
  {
    id: "pipeline_print_ready",
    name: "Print ready 4K",
    description: "4K output at high JPEG quality, for prints and canvases.",
    tier: "TIER_4K",
    analysisConfig: { enabled: true },
    autoCropConfig: { enabled: true, minCropRatio: 0.05 },
    promptConfig: { instructions: "Aim for a clean, print-ready result" },
    generationConfig: { quality: 92 },
  },
] as const;

async function seedPipelines() {
  for (const { id, ...data } of SYSTEM_PIPELINES) {
    await prisma.enhancementPipeline.upsert({
      where: { id },
      update: data,
      create: { id, ...data, userId: null, visibility: "PUBLIC" },
    });
  }
}

async function ensureUser(person: { email: string; password: string; name: string }, role: "USER" | "SUPER_ADMIN") {
  const existing = await prisma.user.findUnique({ where: { email: person.email }, select: { id: true } });
  if (existing) return existing.id;
  const user = await createUser({ ...person, role, emailVerified: new Date() });
  return user.id;
}

/** Seeds the database; returns the demo credentials when demo accounts exist (outside production). */
export async function seed() {
  await seedCatalogue();
  await seedPipelines();
  if (process.env.APP_ENV === "production") return null;
  const adminId = await ensureUser(DEMO_ADMIN, "SUPER_ADMIN");
  const userId = await ensureUser(DEMO_USER, "USER");
  await seedDemoGallery(adminId);
  if (process.env.APP_ENV === "development" || process.env.APP_ENV === undefined) await seedDemoAnalytics(userId);
  return { admin: DEMO_ADMIN, user: DEMO_USER };
}
