/**
 * Configuration, parsed once at start-up with zod. Every variable is listed in the README's
 * configuration table; only `publicEnv` may reach the browser.
 */
import { z } from "zod";
import { DAY_SECONDS } from "@spike-land/shared/time";
import { parseLimitOverrides, type LimitOverrides } from "./rate-limit-rules.server.ts";

const optional = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const schema = z.object({
  APP_ENV: z.enum(["development", "test", "production"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  APP_URL: optional.pipe(z.url().optional()),
  DATA_DIR: z.string().default(".data"),
  DATABASE_URL: z.string().min(1, "DATABASE_URL is set by the server before the app loads"),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
  SESSION_SECRET: z.string().min(32, "SESSION_SECRET must be at least 32 characters"),
  ENCRYPTION_KEY: z.string().regex(/^[0-9a-f]{64}$/i, "ENCRYPTION_KEY must be 64 hex characters (32 bytes)"),
  SMTP_URL: optional,
  EMAIL_FROM: z.string().default("Spike Land <hello@spike.land>"),
  // Delivery events (POST /webhooks/email) are accepted only when signed with this Resend/Svix secret.
  RESEND_WEBHOOK_SECRET: optional.pipe(z.string().regex(/^whsec_[A-Za-z0-9+/=]+$/, "RESEND_WEBHOOK_SECRET must look like whsec_<base64>").optional()),
  GITHUB_CLIENT_ID: optional,
  GITHUB_CLIENT_SECRET: optional,
  GITHUB_OAUTH_URL: z.url().default("https://github.com"),
  GITHUB_API_URL: z.url().default("https://api.github.com"),
  GOOGLE_CLIENT_ID: optional,
  GOOGLE_CLIENT_SECRET: optional,
  GOOGLE_AUTH_URL: z.url().default("https://accounts.google.com/o/oauth2/v2/auth"),
  GOOGLE_TOKEN_URL: z.url().default("https://oauth2.googleapis.com/token"),
  GOOGLE_USERINFO_URL: z.url().default("https://openidconnect.googleapis.com/v1/userinfo"),
  DISPOSABLE_EMAIL_DOMAINS: optional,
  // Payments: with no STRIPE_SECRET_KEY the local payment emulator stands in (see providers/payments/config.server.ts).
  STRIPE_SECRET_KEY: optional.pipe(z.string().regex(/^(sk|rk)_(test|live)_\w+$/, "STRIPE_SECRET_KEY must look like sk_test_... or sk_live_...").optional()),
  STRIPE_WEBHOOK_SECRET: optional.pipe(z.string().regex(/^whsec_\S+$/, "STRIPE_WEBHOOK_SECRET must look like whsec_...").optional()),
  STRIPE_PRICE_IDS: optional,
  STRIPE_API_URL: optional.pipe(z.url().optional()),
  // Object storage: an S3-compatible bucket when S3_BUCKET and keys are set, else files under DATA_DIR/objects.
  S3_ENDPOINT: optional.pipe(z.url().optional()),
  S3_REGION: z.string().trim().min(1).default("auto"),
  S3_BUCKET: optional,
  S3_ACCESS_KEY_ID: optional,
  S3_SECRET_ACCESS_KEY: optional,
  S3_FORCE_PATH_STYLE: z
    .enum(["true", "false", "1", "0", ""], { error: "S3_FORCE_PATH_STYLE must be true or false" })
    .default("false")
    .transform((value) => value === "true" || value === "1"),
  // Image enhancement: Gemini when GEMINI_API_KEY is set, else the embedded sharp engine (see providers/enhancement).
  GEMINI_API_KEY: optional,
  GEMINI_BASE_URL: optional.pipe(z.url({ error: "GEMINI_BASE_URL must be a URL" }).optional()),
  GEMINI_MODEL: optional,
  // Box chat: with GEMINI_API_KEY, this text model reads messages the command grammar does not understand (see providers/agent).
  GEMINI_TEXT_MODEL: optional,
  // Print providers: Prodigi / Printful when their key is set, else the embedded local print studio (see providers/print).
  PRODIGI_API_KEY: optional,
  PRODIGI_BASE_URL: optional.pipe(z.url({ error: "PRODIGI_BASE_URL must be a URL" }).optional()),
  PRODIGI_CALLBACK_SECRET: optional,
  PRINTFUL_API_KEY: optional,
  PRINTFUL_BASE_URL: optional.pipe(z.url({ error: "PRINTFUL_BASE_URL must be a URL" }).optional()),
  PRINTFUL_STORE_ID: optional,
  PRINTFUL_WEBHOOK_SECRET: optional,
  // Coding-agent sessions: Google's Jules API when JULES_API_KEY is set, else the embedded local agent (see providers/agents).
  JULES_API_KEY: optional,
  JULES_BASE_URL: optional.pipe(z.url({ error: "JULES_BASE_URL must be a URL" }).optional()),
  // Ad platforms (see providers/marketing): "local" (the default outside production) is the built-in ad platform.
  MARKETING_PROVIDER: z.enum(["local", "platforms"]).optional(),
  GOOGLE_ADS_CLIENT_ID: optional,
  GOOGLE_ADS_CLIENT_SECRET: optional,
  GOOGLE_ADS_DEVELOPER_TOKEN: optional,
  GOOGLE_ADS_LOGIN_CUSTOMER_ID: optional,
  GOOGLE_ADS_AUTH_URL: optional.pipe(z.url().optional()),
  GOOGLE_ADS_TOKEN_URL: optional.pipe(z.url().optional()),
  GOOGLE_ADS_API_URL: optional.pipe(z.url().optional()),
  FACEBOOK_ADS_CLIENT_ID: optional,
  FACEBOOK_ADS_CLIENT_SECRET: optional,
  FACEBOOK_ADS_DIALOG_URL: optional.pipe(z.url().optional()),
  FACEBOOK_ADS_GRAPH_URL: optional.pipe(z.url().optional()),
  // The Express server trusts X-Forwarded-* only with TRUST_PROXY=true (see server/main.ts).
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((value) => value === "true"),
  PRINT_EMULATOR_STEP_SECONDS: z.coerce.number({ error: "PRINT_EMULATOR_STEP_SECONDS must be a number of seconds" }).min(0).max(DAY_SECONDS).default(20),
  // Points per window of named rate limits, e.g. "upload=600,generalApi=1000"; the rest keep the product's defaults.
  RATE_LIMIT_OVERRIDES: optional.transform((value, context): LimitOverrides => {
    const { overrides, problems } = parseLimitOverrides(value ?? "");
    for (const message of problems) context.issues.push({ code: "custom", message, input: value });
    return overrides;
  }),
});

export type Env = z.infer<typeof schema> & { appUrl: string; isProduction: boolean };

/** Reads the configuration from `source`; throws, naming each bad variable, when it is not valid. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${problems.join("\n")}`);
  }
  const env = parsed.data;
  return {
    ...env,
    appUrl: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ""),
    isProduction: env.APP_ENV === "production",
  };
}

export const env: Env = loadEnv();

type BaseUrlConfig = Pick<Env, "APP_ENV" | "APP_URL" | "TRUST_PROXY" | "appUrl">;

/** A Host header worth building a link from: a host name, IPv4 or bracketed IPv6, with an optional port. */
const HOST_HEADER = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The origin for links built while answering `request` (emails, checkout return addresses, OAuth
 * callbacks). APP_URL whenever it is set, and always outside development. In development without
 * APP_URL, the address the browser used (its Host header), so links work when the app is opened as
 * http://192.168.1.20:3000 or through a tunnel rather than localhost; the scheme is the request's,
 * or X-Forwarded-Proto with TRUST_PROXY=true. Production never trusts the Host header: a forged one
 * would put someone else's address into password-reset emails.
 */
export function appUrlFor(request: Request | null | undefined, config: BaseUrlConfig = env): string {
  if (!request || config.APP_ENV !== "development" || config.APP_URL) return config.appUrl;
  const host = request.headers.get("host")?.trim() ?? "";
  if (!HOST_HEADER.test(host)) return config.appUrl;
  let scheme = new URL(request.url).protocol === "https:" ? "https" : "http";
  if (config.TRUST_PROXY) {
    const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
    if (forwarded === "http" || forwarded === "https") scheme = forwarded;
  }
  return `${scheme}://${host.toLowerCase()}`;
}

/** The part of the configuration the browser may see. */
export function publicEnv() {
  return { APP_ENV: env.APP_ENV };
}
