/** The analytics admin forms' schemas (campaign links, tracked URLs), shared by the page and its action. */
import { z } from "zod";

export const PLATFORMS = ["GOOGLE_ADS", "FACEBOOK"] as const;
export type Platform = (typeof PLATFORMS)[number];
export const PLATFORM_LABELS: Record<Platform, string> = { GOOGLE_ADS: "Google Ads", FACEBOOK: "Facebook" };

export const campaignLinkSchema = z.object({
  utmCampaign: z
    .string({ error: "Enter the UTM campaign name." })
    .trim()
    .min(1, "Enter the UTM campaign name.")
    .max(100)
    .regex(/^[A-Za-z0-9._-]+$/, "Use letters, digits, dots, dashes and underscores."),
  platform: z.enum(PLATFORMS, { error: "Choose Google Ads or Facebook." }),
  externalCampaignId: z.string({ error: "Enter the platform's campaign id." }).trim().min(1, "Enter the platform's campaign id.").max(100),
  externalCampaignName: z.string().trim().max(200).optional(),
});

export const trackedUrlSchema = z.object({
  path: z
    .string({ error: "Enter a path such as /pricing." })
    .trim()
    .min(1, "Enter a path such as /pricing.")
    .max(300)
    .regex(/^\/(?!\/)[^\s?#]*$/, "Enter a path of this site such as /pricing (no domain, query or spaces)."),
  label: z.string().trim().max(100).optional(),
});

export const analyticsActionSchema = z.discriminatedUnion("intent", [
  campaignLinkSchema.extend({ intent: z.literal("create-link") }),
  z.object({ intent: z.literal("delete-link"), id: z.string().min(1).max(40) }),
  trackedUrlSchema.extend({ intent: z.literal("create-url") }),
  z.object({ intent: z.literal("toggle-url"), id: z.string().min(1).max(40), active: z.enum(["true", "false"]) }),
  z.object({ intent: z.literal("delete-url"), id: z.string().min(1).max(40) }),
]);

/** The dashboard's periods, in days. */
export const RANGES = [7, 30, 90] as const;
