/** Words for ledger entries, shared by the account summary and the token history. */
export const ENTRY_LABEL: Record<string, string> = {
  EARN_BONUS: "Bonus",
  EARN_REGENERATION: "Free regeneration",
  EARN_PURCHASE: "Purchase",
  EARN_ADMIN_ADJUSTMENT: "Adjustment by support",
  SPEND_ENHANCEMENT: "Photo enhancement",
  SPEND_MCP_GENERATION: "API generation",
  SPEND_BOX_CREATION: "Box time",
  REFUND: "Refund",
};

const SOURCE_LABEL: Record<string, string> = {
  signup: "Welcome tokens",
  regeneration: "1 token every 15 minutes",
  voucher: "Voucher",
  referral: "Referral reward",
  tier_upgrade: "Plan upgrade",
  stripe_checkout: "Token pack",
  subscription: "Subscription",
  renewal: "Subscription renewal",
};

/** A one-line explanation of what an entry was for. */
export function describeEntry(entry: { type: string; source: string | null; metadata: unknown }): string {
  const meta = (entry.metadata ?? {}) as Record<string, unknown>;
  if (typeof meta.reason === "string") return meta.reason;
  if (typeof meta.description === "string") return meta.description;
  return (entry.source && SOURCE_LABEL[entry.source]) || ENTRY_LABEL[entry.type] || entry.type;
}
