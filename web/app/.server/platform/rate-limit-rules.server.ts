/**
 * The product's rate limits (points per window) and the RATE_LIMIT_OVERRIDES setting that changes
 * their points for one deployment, e.g. `upload=600,generalApi=1000`. Kept apart from the limiter so
 * the configuration can check the names without loading the limiter (which reads the configuration).
 */
import { HOUR_SECONDS, MINUTE_SECONDS } from "@spike-land/shared/time";

export type LimitRule = { readonly points: number; readonly durationSeconds: number };

/** The business rules; a deployment may change the points, never the windows. */
export const DEFAULT_LIMITS = {
  signIn: { points: 10, durationSeconds: 15 * MINUTE_SECONDS },
  signInPerIp: { points: 50, durationSeconds: 15 * MINUTE_SECONDS },
  passwordReset: { points: 5, durationSeconds: HOUR_SECONDS },
  // New accounts per client address: room for a household or an office behind one address, none for account farming.
  signUp: { points: 10, durationSeconds: HOUR_SECONDS },
  verificationResend: { points: 5, durationSeconds: HOUR_SECONDS },
  clientErrors: { points: 30, durationSeconds: 60 },
  generalApi: { points: 100, durationSeconds: 60 },
  voucherRedeem: { points: 5, durationSeconds: HOUR_SECONDS },
  enhancement: { points: 10, durationSeconds: 60 },
  upload: { points: 30, durationSeconds: 60 },
  albumBatch: { points: 5, durationSeconds: 60 },
  anonymousDownload: { points: 20, durationSeconds: 60 },
  audioMixdown: { points: 5, durationSeconds: 60 },
  // MCP image generation and modification together, and job status reads, per user.
  mcpGenerate: { points: 10, durationSeconds: 60 },
  mcpJobStatus: { points: 60, durationSeconds: 60 },
  // Feedback messages per user, or per address when signed out.
  feedback: { points: 5, durationSeconds: HOUR_SECONDS },
  // Page views reported by consenting browsers, per address: brisk browsing, not a flood.
  analytics: { points: 120, durationSeconds: 60 },
} as const satisfies Record<string, LimitRule>;

export type LimitName = keyof typeof DEFAULT_LIMITS;
export type LimitOverrides = Partial<Record<LimitName, number>>;

const LIMIT_NAMES = Object.keys(DEFAULT_LIMITS) as LimitName[];

function isLimitName(name: string): name is LimitName {
  return Object.hasOwn(DEFAULT_LIMITS, name);
}

/**
 * Reads `name=points` entries separated by commas. Every bad entry is reported, quoted, so the
 * person starting the app can see which one to fix.
 */
export function parseLimitOverrides(text: string): { overrides: LimitOverrides; problems: string[] } {
  const overrides: LimitOverrides = {};
  const problems: string[] = [];
  for (const raw of text.split(",")) {
    const entry = raw.trim();
    if (entry === "") continue;
    const match = /^([^=\s]+)\s*=\s*(\S*)$/.exec(entry);
    if (!match) {
      problems.push(`"${entry}" is not name=points (for example upload=600).`);
      continue;
    }
    const [, name = "", points = ""] = match;
    if (!isLimitName(name)) {
      problems.push(`"${entry}" names no rate limit; the limits are ${LIMIT_NAMES.join(", ")}.`);
      continue;
    }
    const value = /^\d+$/.test(points) ? Number(points) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < 1) {
      problems.push(`"${entry}": the points must be a whole number of 1 or more.`);
      continue;
    }
    if (overrides[name] !== undefined) {
      problems.push(`"${entry}": ${name} is set more than once.`);
      continue;
    }
    overrides[name] = value;
  }
  return { overrides, problems };
}

/** The limits in force: the business rules with the deployment's points where it sets them. */
export function limitsWith(overrides: LimitOverrides): Record<LimitName, LimitRule> {
  const limits = {} as Record<LimitName, LimitRule>;
  for (const name of LIMIT_NAMES) {
    const { points, durationSeconds } = DEFAULT_LIMITS[name];
    limits[name] = { points: overrides[name] ?? points, durationSeconds };
  }
  return limits;
}

/** "30 a minute", "5 an hour", "10 every 15 minutes": a limit as the messages that name it say it. */
export function describeLimit({ points, durationSeconds }: LimitRule): string {
  if (durationSeconds === MINUTE_SECONDS) return `${points} a minute`;
  if (durationSeconds === HOUR_SECONDS) return `${points} an hour`;
  if (durationSeconds % HOUR_SECONDS === 0) return `${points} every ${durationSeconds / HOUR_SECONDS} hours`;
  if (durationSeconds % MINUTE_SECONDS === 0) return `${points} every ${durationSeconds / MINUTE_SECONDS} minutes`;
  return `${points} every ${durationSeconds} seconds`;
}
