/** Words and numbers as the account screen shows them. */
import type { SignedInSession } from "../ipc/contract.ts";

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
