/** Words and numbers as the account and upload screens show them. */
import { ENHANCEMENT_COST, ENHANCEMENT_LABEL, type EnhancementTier } from "@spike-land/shared/tokens/tiers";
import type { SignedInSession, UploadRunView } from "../ipc/contract.ts";

type Role = SignedInSession["user"]["role"];
type Tier = SignedInSession["tokens"]["tier"];

const ROLE_LABELS: Record<Role, string> = { USER: "User", ADMIN: "Admin", SUPER_ADMIN: "Super admin" };
const TIER_LABELS: Record<Tier, string> = { FREE: "Free", BASIC: "Basic", STANDARD: "Standard", PREMIUM: "Premium" };

export function roleLabel(role: Role): string {
  return ROLE_LABELS[role];
}

export function tierLabel(tier: Tier): string {
  return `${TIER_LABELS[tier]} plan`;
}

export function formatTokenCount(balance: number): string {
  return balance.toLocaleString("en-US");
}

export function tokensWord(balance: number): string {
  return Math.abs(balance) === 1 ? "token" : "tokens";
}

/** "Demo User" → "DU"; falls back to the email's first letter, then to a neutral mark. */
export function initials(name: string | null, email: string | null): string {
  const words = (name ?? "").trim().split(/\s+/).filter(Boolean);
  const fromName = words.length > 1 ? `${words[0]?.[0] ?? ""}${words.at(-1)?.[0] ?? ""}` : (words[0]?.slice(0, 2) ?? "");
  const letters = fromName || email?.[0] || "?";
  return letters.toUpperCase();
}

export function firstName(name: string | null): string | null {
  return name?.trim().split(/\s+/)[0] || null;
}

export function hostOf(serverUrl: string): string {
  try {
    return new URL(serverUrl).host;
  } catch {
    return serverUrl;
  }
}

export function formatTime(iso: string, locale?: string): string {
  return new Date(iso).toLocaleTimeString(locale, { hour: "numeric", minute: "2-digit" });
}

// ---- Uploads ----------------------------------------------------------------------------------

export function formatCount(count: number): string {
  return count.toLocaleString("en-US");
}

/** "1 photo", "1,204 photos"; `plural` defaults to the singular with an s. */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(count)} ${Math.abs(count) === 1 ? singular : plural}`;
}

const BYTE_UNITS = ["KB", "MB", "GB", "TB"] as const;

/** Sizes the way file managers show them: 1,000-based, three significant figures at most. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1000) return `${Math.max(0, Math.round(bytes) || 0)} B`;
  let value = bytes;
  let unit: string = "B";
  for (const next of BYTE_UNITS) {
    if (value < 1000) break;
    value /= 1000;
    unit = next;
  }
  const digits = value < 10 ? 1 : 0;
  return `${value.toFixed(digits).replace(/\.0$/, "")} ${unit}`;
}

/** A whole percentage from 0 to 100; nothing to do counts as nothing done. */
export function percentOf(part: number, whole: number): number {
  if (!(whole > 0)) return 0;
  return Math.min(100, Math.max(0, Math.floor((part / whole) * 100)));
}

/** The time left in words, rounded the way a person would say it. */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return "Working out the time left…";
  if (seconds < 45) return "Less than a minute left";
  const minutes = Math.max(1, Math.round(seconds / 60));
  if (minutes < 60) return minutes === 1 ? "About a minute left" : `About ${minutes} minutes left`;
  if (minutes >= 24 * 60) return "More than a day left";
  const hours = Math.floor(minutes / 60);
  // Past an hour, five-minute steps: the estimate is not better than that.
  const rest = Math.round((minutes % 60) / 5) * 5;
  const hoursText = countOf(hours + (rest === 60 ? 1 : 0), "hour");
  return rest === 0 || rest === 60 ? `About ${hoursText} left` : `About ${hoursText} ${rest} minutes left`;
}

/** How long until `untilIso`, as in "Sending again in 2 minutes". */
export function formatWait(untilIso: string, now: Date): string {
  const seconds = Math.ceil((new Date(untilIso).getTime() - now.getTime()) / 1000);
  if (!(seconds > 0)) return "in a moment";
  if (seconds < 60) return `in ${countOf(seconds, "second")}`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `in ${countOf(minutes, "minute")}`;
  return `at ${formatTime(untilIso)}`;
}

const STAGE_LABELS: Record<UploadRunView["active"][number]["stage"], string> = {
  hashing: "Checking",
  preparing: "Preparing",
  uploading: "Sending",
  retrying: "Retrying",
};

export function stageLabel(stage: UploadRunView["active"][number]["stage"]): string {
  return STAGE_LABELS[stage];
}

const RUN_TITLES: Record<UploadRunView["status"], string> = {
  running: "Uploading",
  paused: "Paused",
  interrupted: "Upload interrupted",
  done: "Upload finished",
  cancelled: "Upload cancelled",
  failed: "Upload stopped",
};

export function runTitle(status: UploadRunView["status"]): string {
  return RUN_TITLES[status];
}

/** The last part of a folder path, whichever separator it uses. */
export function folderName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, "");
  return trimmed.split(/[\\/]/).at(-1) || trimmed || path;
}

/** "Trip/day one/IMG_1.jpg" → "IMG_1.jpg". */
export function fileName(path: string): string {
  return path.split(/[\\/]/).at(-1) ?? path;
}

/** "Trip/day one/IMG_1.jpg" → "Trip/day one"; empty for a bare name. */
export function parentPath(path: string): string {
  const cut = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return cut > 0 ? path.slice(0, cut) : "";
}

/** "Holiday", "Holiday and Family", "Holiday, Family and 3 more". */
export function listNames(names: string[], shown = 2): string {
  if (names.length <= shown) {
    return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  }
  return `${names.slice(0, shown).join(", ")} and ${formatCount(names.length - shown)} more`;
}

// ---- Enhancement ------------------------------------------------------------------------------

export function enhancementTierName(tier: EnhancementTier): string {
  return ENHANCEMENT_LABEL[tier];
}

/** "1K · 2 tokens a photo", "Free preview · free". */
export function enhancementTierOption(tier: EnhancementTier): string {
  const cost = ENHANCEMENT_COST[tier];
  return `${ENHANCEMENT_LABEL[tier]} · ${cost === 0 ? "free" : `${countOf(cost, "token")} a photo`}`;
}

/** "12 photos × 1K = 24 tokens". */
export function enhancementSum(images: number, tier: EnhancementTier, cost: number): string {
  return `${countOf(images, "photo")} × ${ENHANCEMENT_LABEL[tier]} = ${cost === 0 ? "free" : countOf(cost, "token")}`;
}
