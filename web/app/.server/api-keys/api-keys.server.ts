/**
 * API keys: long-lived credentials a person makes in their settings for programs that call
 * /api/v1 (and the MCP server) on their behalf. A key is shown once, when it is made; only its
 * SHA-256 is stored, so the database cannot give keys away. A request with a key is checked with
 * one prepared statement, and lastUsedAt is written at most once every few minutes per key, so a
 * key costs what a session costs.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Role } from "@spike-land/shared/accounts/schemas";
import {
  API_KEY_LAST_USED_INTERVAL_MS,
  API_KEY_LIVE_PREFIX,
  API_KEY_RANDOM_BYTES,
  API_KEY_TEST_PREFIX,
  MAX_ACTIVE_API_KEYS,
  TOO_MANY_KEYS_MESSAGE,
  apiKeyDisplayPrefix,
  isApiKeyToken as looksLikeApiKey,
} from "@spike-land/shared/accounts/api-keys";
import { DomainError } from "@spike-land/shared/errors";
import { sessionUser, type SessionUser } from "../auth/session-lookup.server.ts";
import { recordAudit } from "../platform/audit.server.ts";
import { sha256 } from "../platform/crypto.server.ts";
import { prisma } from "../platform/db.server.ts";
import { env } from "../platform/env.server.ts";
import { pageCount, pageWindow } from "../platform/pagination.server.ts";
import { pgPool } from "../platform/pg-pool.server.ts";
import { recordServerError } from "../platform/error-log.server.ts";

/** A key as its owner (and an admin) sees it: never the key itself. */
export type ApiKeySummary = {
  id: string;
  name: string;
  /** The first 7 characters of the key, then `...****`. */
  keyPrefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  isActive: boolean;
};

export type AdminApiKeyRow = ApiKeySummary & { user: { id: string; email: string | null; name: string | null } };

export const API_KEY_NOT_FOUND = "We could not find that API key, or it has already been revoked.";
export const ADMIN_API_KEYS_PAGE_SIZE = 25;

const summarySelect = { id: true, name: true, keyPrefix: true, createdAt: true, lastUsedAt: true, isActive: true } as const;

/** A new key: `sk_live_` in production, `sk_test_` elsewhere, then 32 random bytes in base64url. */
export function generateApiKey(production: boolean = env.isProduction): string {
  return `${production ? API_KEY_LIVE_PREFIX : API_KEY_TEST_PREFIX}${randomBytes(API_KEY_RANDOM_BYTES).toString("base64url")}`;
}

/** What is stored for a key: its SHA-256 in hex. */
export function hashApiKey(key: string): string {
  return sha256(key);
}

/** Whether a bearer token is meant as an API key rather than a session token. */
export function isApiKeyToken(token: string): boolean {
  return looksLikeApiKey(token);
}

/**
 * Makes a key for the user. The full key is in the answer and nowhere else, ever. An account holds
 * at most 10 active keys; the count and the insert run under a lock on the user's row, so two
 * requests at once cannot both make the eleventh.
 */
export async function createApiKey(userId: string, name: string): Promise<{ key: string; apiKey: ApiKeySummary }> {
  const key = generateApiKey();
  const apiKey = await prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM users WHERE id = ${userId} FOR UPDATE`;
    const active = await tx.apiKey.count({ where: { userId, isActive: true } });
    if (active >= MAX_ACTIVE_API_KEYS) throw new DomainError(409, TOO_MANY_KEYS_MESSAGE, undefined, { field: "name" });
    return tx.apiKey.create({
      data: { userId, name: name.trim(), keyHash: hashApiKey(key), keyPrefix: apiKeyDisplayPrefix(key) },
      select: summarySelect,
    });
  });
  return { key, apiKey };
}

/** The user's active keys, newest first. */
export function listApiKeys(userId: string): Promise<ApiKeySummary[]> {
  return prisma.apiKey.findMany({ where: { userId, isActive: true }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: summarySelect });
}

/** Revokes one of the user's keys; it stops working with the next request. Someone else's key, or one already revoked, is a 404. */
export async function revokeApiKey(userId: string, keyId: string): Promise<ApiKeySummary> {
  const { count } = await prisma.apiKey.updateMany({ where: { id: keyId, userId, isActive: true }, data: { isActive: false } });
  if (count === 0) throw new DomainError(404, API_KEY_NOT_FOUND);
  return prisma.apiKey.findUniqueOrThrow({ where: { id: keyId }, select: summarySelect });
}

/** Every key (active or revoked) with its owner, newest first; `email` narrows to owners whose address contains it. */
export async function adminListApiKeys(filter: { email?: string | null; page?: number } = {}) {
  const page = filter.page ?? 1;
  const email = filter.email?.trim();
  const where = email ? { user: { email: { contains: email, mode: "insensitive" as const } } } : {};
  const [total, keys] = await Promise.all([
    prisma.apiKey.count({ where }),
    prisma.apiKey.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...pageWindow(page, ADMIN_API_KEYS_PAGE_SIZE),
      select: { ...summarySelect, user: { select: { id: true, email: true, name: true } } },
    }),
  ]);
  return { keys: keys satisfies AdminApiKeyRow[], total, pages: pageCount(total, ADMIN_API_KEYS_PAGE_SIZE) };
}

/** An admin revokes anyone's active key, recorded in the audit log in the same transaction. */
export async function adminRevokeApiKey(adminId: string, keyId: string, ipAddress: string | null = null): Promise<AdminApiKeyRow> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.apiKey.updateMany({ where: { id: keyId, isActive: true }, data: { isActive: false } });
    if (count === 0) throw new DomainError(404, API_KEY_NOT_FOUND);
    const key = await tx.apiKey.findUniqueOrThrow({
      where: { id: keyId },
      select: { ...summarySelect, user: { select: { id: true, email: true, name: true } } },
    });
    await recordAudit(tx, {
      actorId: adminId,
      action: "SESSION_REVOKE",
      event: "api_key.revoke",
      targetId: key.user.id,
      metadata: { apiKeyId: key.id, name: key.name, keyPrefix: key.keyPrefix },
      ipAddress,
    });
    return key;
  });
}

type Row = {
  keyId: string;
  keyHash: string;
  isActive: boolean;
  lastUsedMs: number | null;
  userId: string;
  name: string | null;
  email: string | null;
  image: string | null;
  role: Role;
  emailVerifiedMs: number | null;
};

// Timestamps travel as epoch milliseconds, as in the session lookup: the columns hold UTC without a zone.
const epochMs = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;

const LOOKUP = {
  name: "api_key_lookup",
  text: `SELECT k.id AS "keyId", k."keyHash", k."isActive", ${epochMs('k."lastUsedAt"')} AS "lastUsedMs",
  u.id AS "userId", u.name, u.email, u.image, u.role, ${epochMs('u."emailVerified"')} AS "emailVerifiedMs"
FROM api_keys k
JOIN users u ON u.id = k."userId"
WHERE k."keyHash" = $1`,
};

/** When this process last recorded each key's use: calls that read the row just before that write landed do not write again. */
const recorded = new Map<string, number>();
/** Writes under way, so tests and shutdown can wait for them. */
const writing = new Map<string, Promise<void>>();
const RECORDED_LIMIT = 10_000;

/**
 * Records that the key was used, unless it was within the last five minutes (as stored, or as this
 * process last wrote it). The condition is in the update too, so processes racing each other still
 * change the row once. Not awaited: the request does not wait for the write, and a failed write is
 * logged and tried again by the next call.
 */
function touchLastUsed(keyId: string, userId: string, lastUsedMs: number | null): void {
  const now = Date.now();
  const known = Math.max(lastUsedMs ?? 0, recorded.get(keyId) ?? 0);
  if (now - known < API_KEY_LAST_USED_INTERVAL_MS) return;
  if (recorded.size >= RECORDED_LIMIT) recorded.clear();
  recorded.set(keyId, now);
  const staleBefore = new Date(now - API_KEY_LAST_USED_INTERVAL_MS);
  const write = prisma.apiKey
    .updateMany({
      where: { id: keyId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: staleBefore } }] },
      data: { lastUsedAt: new Date(now) },
    })
    .then(
      () => undefined,
      async (error: unknown) => {
        recorded.delete(keyId);
        await recordServerError(error, { route: "api key last used", userId });
      },
    )
    .finally(() => writing.delete(keyId));
  writing.set(keyId, write);
}

/** Finishes once every lastUsedAt write started so far has (for tests and shutdown). */
export async function settleApiKeyWrites(): Promise<void> {
  await Promise.all(writing.values());
}

/**
 * The user an API key belongs to, or null for a key that is unknown, revoked or whose account is
 * gone (deleting an account deletes its keys). The user has the shape a session's user has.
 */
export async function authenticateApiKey(token: string): Promise<{ user: SessionUser; apiKeyId: string } | null> {
  if (!looksLikeApiKey(token)) return null;
  const digest = hashApiKey(token);
  const { rows } = await pgPool().query<Row>({ name: LOOKUP.name, text: LOOKUP.text, values: [digest] });
  const row = rows[0];
  if (!row) return null;
  const stored = Buffer.from(row.keyHash, "hex");
  const given = Buffer.from(digest, "hex");
  if (stored.length !== given.length || !timingSafeEqual(stored, given)) return null;
  if (!row.isActive) return null;
  touchLastUsed(row.keyId, row.userId, row.lastUsedMs);
  return {
    apiKeyId: row.keyId,
    user: sessionUser(row),
  };
}
