/** The shape of one campaign's return on ad spend, shared by the marketing service and the charts that show it. */
export type CampaignRoiRow = {
  platform: "GOOGLE_ADS" | "FACEBOOK";
  campaignId: string;
  campaignName: string;
  currency: string;
  impressions: number;
  clicks: number;
  /** Minor units (cents). */
  spendMinor: number;
  conversions: number;
  /** Spend per conversion in minor units; null with no conversions. */
  cpaMinor: number | null;
  /** Attributed purchase revenue in minor units; null while no purchase is attributed to any campaign. */
  revenueMinor: number | null;
  /** Revenue divided by spend; null without revenue data or spend. */
  roi: number | null;
};

export function formatMoney(minor: number, currency: string): string {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(minor / 100);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
}
