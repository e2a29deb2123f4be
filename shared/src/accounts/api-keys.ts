/**
 * API keys as people see them: the key format, how a key is shown after it was made, the name
 * field of the form that makes one, and the limits. Browser-safe; the service that makes and checks
 * keys lives in web/app/.server/api-keys.
 */
import { z } from "zod";
import { MINUTE_MS } from "../time.ts";

/** Keys made by production start with this; every other environment's with API_KEY_TEST_PREFIX. */
export const API_KEY_LIVE_PREFIX = "sk_live_";
export const API_KEY_TEST_PREFIX = "sk_test_";
/** Random bytes after the prefix (base64url, 43 characters). */
export const API_KEY_RANDOM_BYTES = 32;
/** How many active keys one account may hold. */
export const MAX_ACTIVE_API_KEYS = 10;
/** lastUsedAt is written at most this often per key, so a busy key costs no write per request. */
export const API_KEY_LAST_USED_INTERVAL_MS = 5 * MINUTE_MS;
export const API_KEY_NAME_MAX_LENGTH = 60;

export const apiKeyNameField = z
  .string({ error: "Name the key, e.g. after the program that will use it" })
  .trim()
  .min(1, "Name the key, e.g. after the program that will use it")
  .max(API_KEY_NAME_MAX_LENGTH, `Use at most ${API_KEY_NAME_MAX_LENGTH} characters`);

/** Whether a bearer token is meant as an API key (session tokens never start like this). */
export function isApiKeyToken(token: string): boolean {
  return token.startsWith(API_KEY_LIVE_PREFIX) || token.startsWith(API_KEY_TEST_PREFIX);
}

/** How a key is shown once it was made: its first 7 characters, the rest masked. */
export function apiKeyDisplayPrefix(key: string): string {
  return `${key.slice(0, 7)}...****`;
}

export const TOO_MANY_KEYS_MESSAGE = `You already have ${MAX_ACTIVE_API_KEYS} active API keys, the most an account may hold. Revoke one you no longer use, then create the new one.`;
