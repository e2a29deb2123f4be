/**
 * The product catalogue the business rules define: token packs, subscription plans, launch
 * vouchers, box tiers and the starter merch range. The seed writes these; prices are GBP strings
 * so they reach the database as exact decimals.
 */
export type TokenPack = { id: string; name: string; tokens: number; priceGBP: string; sortOrder: number };

export const TOKEN_PACKS: readonly TokenPack[] = [
  { id: "pack_starter", name: "Starter", tokens: 10, priceGBP: "2.99", sortOrder: 1 },
  { id: "pack_basic", name: "Basic", tokens: 50, priceGBP: "9.99", sortOrder: 2 },
  { id: "pack_pro", name: "Pro", tokens: 150, priceGBP: "24.99", sortOrder: 3 },
  { id: "pack_power", name: "Power", tokens: 500, priceGBP: "69.99", sortOrder: 4 },
];

export type SubscriptionPlanSeed = {
  id: string;
  name: string;
  tokensPerMonth: number;
  priceGBP: string;
  /** 0 means unlimited rollover. */
  maxRollover: number;
  priority: boolean;
  apiAccess: boolean;
  sortOrder: number;
};

export const SUBSCRIPTION_PLANS: readonly SubscriptionPlanSeed[] = [
  { id: "plan_hobby", name: "Hobby", tokensPerMonth: 30, priceGBP: "4.99", maxRollover: 30, priority: false, apiAccess: false, sortOrder: 1 },
  { id: "plan_creator", name: "Creator", tokensPerMonth: 100, priceGBP: "12.99", maxRollover: 100, priority: true, apiAccess: true, sortOrder: 2 },
  { id: "plan_studio", name: "Studio", tokensPerMonth: 300, priceGBP: "29.99", maxRollover: 0, priority: true, apiAccess: true, sortOrder: 3 },
];

export type VoucherSeed = { code: string; type: "FIXED_TOKENS"; value: number; maxUses: number | null };

export const LAUNCH_VOUCHERS: readonly VoucherSeed[] = [
  { code: "LAUNCH100", type: "FIXED_TOKENS", value: 100, maxUses: 1000 },
  { code: "WELCOME50", type: "FIXED_TOKENS", value: 50, maxUses: null },
  { code: "BETA25", type: "FIXED_TOKENS", value: 25, maxUses: 500 },
];

export type BoxTierSeed = {
  id: string;
  name: string;
  description: string;
  cpu: number;
  ramMb: number;
  storageGb: number;
  tokensPerHour: number;
  sortOrder: number;
};

export const BOX_TIERS: readonly BoxTierSeed[] = [
  { id: "box_standard", name: "Standard", description: "2 vCPU, 4 GB RAM for everyday browsing agents", cpu: 2, ramMb: 4096, storageGb: 20, tokensPerHour: 10, sortOrder: 1 },
  { id: "box_pro", name: "Pro", description: "4 vCPU, 8 GB RAM for heavier automation", cpu: 4, ramMb: 8192, storageGb: 40, tokensPerHour: 20, sortOrder: 2 },
  { id: "box_ultra", name: "Ultra", description: "8 vCPU, 16 GB RAM for demanding workloads", cpu: 8, ramMb: 16384, storageGb: 80, tokensPerHour: 40, sortOrder: 3 },
];

/** Hours in a box-month, for the monthly token price of a tier. */
export const BOX_HOURS_PER_MONTH = 730;

export type MerchVariantSeed = { id: string; name: string; providerSku: string; priceDeltaGBP: string; attributes: Record<string, string> };
export type MerchProductSeed = {
  id: string;
  name: string;
  description: string;
  categorySlug: string;
  provider: "PRODIGI" | "PRINTFUL";
  providerSku: string;
  basePriceGBP: string;
  retailPriceGBP: string;
  minWidth: number;
  minHeight: number;
  minDpi: number;
  printAreaWidth: number;
  printAreaHeight: number;
  sortOrder: number;
  variants: MerchVariantSeed[];
};
export type MerchCategorySeed = { id: string; name: string; slug: string; description: string; icon: string; sortOrder: number };

export const MERCH_CATEGORIES: readonly MerchCategorySeed[] = [
  { id: "cat_prints", name: "Prints", slug: "prints", description: "Archival photo prints of your best shots", icon: "image", sortOrder: 1 },
  { id: "cat_canvas", name: "Canvas", slug: "canvas", description: "Gallery-wrapped canvases ready to hang", icon: "frame", sortOrder: 2 },
  { id: "cat_apparel", name: "Apparel", slug: "apparel", description: "Soft cotton tees printed with your photo", icon: "shirt", sortOrder: 3 },
];

export const MERCH_PRODUCTS: readonly MerchProductSeed[] = [
  {
    id: "prod_lustre_print",
    name: "Lustre photo print",
    description: "Professional lustre paper with a subtle sheen, printed on archival stock.",
    categorySlug: "prints",
    provider: "PRODIGI",
    providerSku: "GLOBAL-PHO-LUS",
    basePriceGBP: "8.50",
    retailPriceGBP: "24.99",
    minWidth: 1800,
    minHeight: 1800,
    minDpi: 150,
    printAreaWidth: 3600,
    printAreaHeight: 4800,
    sortOrder: 1,
    variants: [
      { id: "var_print_20x30", name: "20×30 cm", providerSku: "GLOBAL-PHO-8x12-LUS", priceDeltaGBP: "0.00", attributes: { size: "20x30" } },
      { id: "var_print_30x40", name: "30×40 cm", providerSku: "GLOBAL-PHO-12x16-LUS", priceDeltaGBP: "6.00", attributes: { size: "30x40" } },
      { id: "var_print_50x70", name: "50×70 cm", providerSku: "GLOBAL-PHO-20x28-LUS", priceDeltaGBP: "15.00", attributes: { size: "50x70" } },
    ],
  },
  {
    id: "prod_canvas",
    name: "Stretched canvas",
    description: "Museum-grade canvas stretched over a 38 mm pine frame.",
    categorySlug: "canvas",
    provider: "PRODIGI",
    providerSku: "GLOBAL-CAN",
    basePriceGBP: "21.00",
    retailPriceGBP: "49.99",
    minWidth: 2400,
    minHeight: 2400,
    minDpi: 150,
    printAreaWidth: 4800,
    printAreaHeight: 6000,
    sortOrder: 2,
    variants: [
      { id: "var_canvas_30x40", name: "30×40 cm", providerSku: "GLOBAL-CAN-12x16", priceDeltaGBP: "0.00", attributes: { size: "30x40" } },
      { id: "var_canvas_40x60", name: "40×60 cm", providerSku: "GLOBAL-CAN-16x24", priceDeltaGBP: "20.00", attributes: { size: "40x60" } },
    ],
  },
  {
    id: "prod_tshirt",
    name: "Photo t-shirt",
    description: "Organic cotton tee with your photo printed on the front.",
    categorySlug: "apparel",
    provider: "PRINTFUL",
    providerSku: "PF-BELLA-3001",
    basePriceGBP: "11.00",
    retailPriceGBP: "29.99",
    minWidth: 1800,
    minHeight: 2400,
    minDpi: 150,
    printAreaWidth: 3600,
    printAreaHeight: 4800,
    sortOrder: 3,
    variants: [
      { id: "var_tee_s_black", name: "S / Black", providerSku: "PF-3001-S-BLK", priceDeltaGBP: "0.00", attributes: { size: "S", color: "black" } },
      { id: "var_tee_m_black", name: "M / Black", providerSku: "PF-3001-M-BLK", priceDeltaGBP: "0.00", attributes: { size: "M", color: "black" } },
      { id: "var_tee_l_white", name: "L / White", providerSku: "PF-3001-L-WHT", priceDeltaGBP: "0.00", attributes: { size: "L", color: "white" } },
      { id: "var_tee_xl_white", name: "XL / White", providerSku: "PF-3001-XL-WHT", priceDeltaGBP: "2.00", attributes: { size: "XL", color: "white" } },
    ],
  },
];
