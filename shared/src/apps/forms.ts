/**
 * The app builder's vocabulary and form schemas, shared by the pages (browser validation) and their
 * actions: apps with a name, description, optional domain and status; requirement cards; and
 * monetization tiers with exact decimal prices.
 */
import { z } from "zod";
import { normaliseAmount, toMinorUnits } from "../payments/money.ts";

export const APP_STATUSES = ["DRAFT", "ACTIVE", "ARCHIVED", "DELETED"] as const;
/** The statuses an owner may pick; DELETED is what deleting an app sets. */
export const EDITABLE_APP_STATUSES = ["DRAFT", "ACTIVE", "ARCHIVED"] as const;
export type AppStatusName = (typeof APP_STATUSES)[number];

export const APP_STATUS_LABEL: Record<AppStatusName, string> = { DRAFT: "Draft", ACTIVE: "Published", ARCHIVED: "Archived", DELETED: "Deleted" };
export const APP_STATUS_HINT: Record<(typeof EDITABLE_APP_STATUSES)[number], string> = {
  DRAFT: "Only you can see it while you work on it.",
  ACTIVE: "Anyone can see its public page and fork it.",
  ARCHIVED: "Kept for reference; hidden from everyone else.",
};

export const REQUIREMENT_STATUSES = ["PENDING", "IN_PROGRESS", "COMPLETED", "REJECTED"] as const;
export type RequirementStatusName = (typeof REQUIREMENT_STATUSES)[number];
export const REQUIREMENT_STATUS_LABEL: Record<RequirementStatusName, string> = { PENDING: "To do", IN_PROGRESS: "In progress", COMPLETED: "Done", REJECTED: "Rejected" };

/** Most urgent first: the order cards are sorted in. */
export const REQUIREMENT_PRIORITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW"] as const;
export type RequirementPriorityName = (typeof REQUIREMENT_PRIORITIES)[number];
export const REQUIREMENT_PRIORITY_LABEL: Record<RequirementPriorityName, string> = { CRITICAL: "Critical", HIGH: "High", MEDIUM: "Medium", LOW: "Low" };

export const MONETIZATION_TYPES = ["FREE", "FREEMIUM", "ONE_TIME", "SUBSCRIPTION", "USAGE_BASED"] as const;
export type MonetizationTypeName = (typeof MONETIZATION_TYPES)[number];
export const MONETIZATION_TYPE_LABEL: Record<MonetizationTypeName, string> = {
  FREE: "Free",
  FREEMIUM: "Freemium",
  ONE_TIME: "One-time purchase",
  SUBSCRIPTION: "Subscription",
  USAGE_BASED: "Usage-based",
};
export const SUBSCRIPTION_INTERVALS = ["MONTHLY", "QUARTERLY", "YEARLY"] as const;
export type SubscriptionIntervalName = (typeof SUBSCRIPTION_INTERVALS)[number];
export const INTERVAL_LABEL: Record<SubscriptionIntervalName, string> = { MONTHLY: "Monthly", QUARTERLY: "Every 3 months", YEARLY: "Yearly" };
export const INTERVAL_SUFFIX: Record<SubscriptionIntervalName, string> = { MONTHLY: "/ month", QUARTERLY: "/ quarter", YEARLY: "/ year" };

export const APP_NAME_MAX = 80;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** A hostname ("shop.example.com") or a single sub-domain label ("my-shop"), lower-cased. */
export function isValidDomain(domain: string): boolean {
  if (domain.length > 253) return false;
  return domain.split(".").every((label) => LABEL.test(label));
}

const DOMAIN_MESSAGE = "Use a hostname such as shop.example.com or a label such as my-shop: letters, digits and hyphens.";

export const appFieldsSchema = z.object({
  name: z.string({ error: "Give the app a name." }).trim().min(1, "Give the app a name.").max(APP_NAME_MAX, `Keep the name under ${APP_NAME_MAX} characters.`),
  description: z.string().trim().max(2000, "Keep the description under 2000 characters.").default(""),
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .max(253, "Keep the domain under 253 characters.")
    .refine((value) => value === "" || isValidDomain(value), DOMAIN_MESSAGE)
    .optional()
    .transform((value) => value || null),
  status: z.enum(EDITABLE_APP_STATUSES, { error: "Choose draft, published or archived." }).default("DRAFT"),
});
export type AppFields = z.output<typeof appFieldsSchema>;

/** The schema has no title column: a card's title is the first line of its description. */
export function requirementText(title: string, details: string): string {
  return details ? `${title}\n\n${details}` : title;
}

export function splitRequirement(description: string): { title: string; details: string } {
  const newline = description.indexOf("\n");
  if (newline === -1) return { title: description, details: "" };
  return { title: description.slice(0, newline).trim(), details: description.slice(newline + 1).trim() };
}

export const requirementFieldsSchema = z.object({
  title: z
    .string({ error: "Give the requirement a title." })
    .trim()
    .min(1, "Give the requirement a title.")
    .max(120, "Keep the title under 120 characters.")
    .refine((value) => !value.includes("\n"), "Keep the title on one line."),
  details: z.string().trim().max(4000, "Keep the details under 4000 characters.").default(""),
  priority: z.enum(REQUIREMENT_PRIORITIES, { error: "Choose a priority: critical, high, medium or low." }).default("MEDIUM"),
});

export const requirementStatusSchema = z.enum(REQUIREMENT_STATUSES, { error: "Choose a column: to do, in progress, done or rejected." });

export const MAX_FEATURES = 20;

/** A tier as the form sends it: features one per line; price and interval only where the type has them. */
export const tierFieldsSchema = z
  .object({
    type: z.enum(MONETIZATION_TYPES, { error: "Choose how the tier is charged." }),
    price: z.string().trim().optional(),
    subscriptionInterval: z.enum(SUBSCRIPTION_INTERVALS, { error: "Choose how often a subscription is billed." }).optional(),
    features: z.string().max(5000, "Keep the feature list under 5000 characters.").default(""),
  })
  .superRefine((tier, context) => {
    const paid = tier.type !== "FREE";
    if (paid && !tier.price) {
      context.addIssue({ code: "custom", path: ["price"], message: "Enter a price, such as 9.99." });
    } else if (tier.price) {
      let minor: number | null = null;
      try {
        minor = toMinorUnits(tier.price);
      } catch {
        context.addIssue({ code: "custom", path: ["price"], message: "Enter the price as an amount with at most two decimals, such as 9.99." });
      }
      if (minor !== null && paid && minor === 0) context.addIssue({ code: "custom", path: ["price"], message: "A paid tier needs a price above 0; choose Free for a free tier." });
    }
    if (tier.type === "SUBSCRIPTION" && !tier.subscriptionInterval) {
      context.addIssue({ code: "custom", path: ["subscriptionInterval"], message: "Choose how often a subscription is billed." });
    }
    const lines = featureLines(tier.features);
    if (lines.length > MAX_FEATURES) context.addIssue({ code: "custom", path: ["features"], message: `List at most ${MAX_FEATURES} features.` });
    if (lines.some((line) => line.length > 120)) context.addIssue({ code: "custom", path: ["features"], message: "Keep each feature under 120 characters." });
  })
  .transform((tier) => ({
    type: tier.type,
    // A free tier has no price; the others keep an exact two-decimal amount.
    price: tier.type === "FREE" || !tier.price ? null : normaliseAmount(tier.price),
    subscriptionInterval: tier.type === "SUBSCRIPTION" ? (tier.subscriptionInterval ?? null) : null,
    features: featureLines(tier.features),
  }));
export type TierFields = z.output<typeof tierFieldsSchema>;

export function featureLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** "My app" → "My app (fork)", kept within the name limit. */
export function appForkName(name: string): string {
  const suffix = " (fork)";
  return `${name.slice(0, APP_NAME_MAX - suffix.length).trimEnd()}${suffix}`;
}
