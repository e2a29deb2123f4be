/**
 * Single-use, expiring tokens for email verification and password reset. Only the SHA-256 of a
 * token is stored; using one deletes it in the same transaction as the change it authorises.
 */
import { prisma } from "../platform/db.server.ts";
import { randomToken, sha256 } from "../platform/crypto.server.ts";
import { DAY_MS, HOUR_MS } from "@spike-land/shared/time";

export const PURPOSES = {
  verifyEmail: { prefix: "verify-email", ttlMs: DAY_MS },
  resetPassword: { prefix: "reset-password", ttlMs: HOUR_MS },
} as const;
export type Purpose = keyof typeof PURPOSES;

function identifier(purpose: Purpose, userId: string): string {
  return `${PURPOSES[purpose].prefix}:${userId}`;
}

/** Issues a fresh token, replacing any earlier one for the same purpose and user. */
export async function issueToken(purpose: Purpose, userId: string): Promise<string> {
  const token = randomToken();
  const id = identifier(purpose, userId);
  await prisma.$transaction([
    prisma.verificationToken.deleteMany({ where: { identifier: id } }),
    prisma.verificationToken.create({
      data: { identifier: id, token: sha256(token), expires: new Date(Date.now() + PURPOSES[purpose].ttlMs) },
    }),
  ]);
  return token;
}

export type TokenCheck = { ok: true; userId: string } | { ok: false; reason: "unknown" | "expired" };

/** Finds who a token belongs to without using it up (for showing the reset form). */
export async function peekToken(purpose: Purpose, token: string): Promise<TokenCheck> {
  const row = await prisma.verificationToken.findUnique({ where: { token: sha256(token) } });
  const prefix = `${PURPOSES[purpose].prefix}:`;
  if (!row || !row.identifier.startsWith(prefix)) return { ok: false, reason: "unknown" };
  if (row.expires.getTime() <= Date.now()) return { ok: false, reason: "expired" };
  return { ok: true, userId: row.identifier.slice(prefix.length) };
}

type Tx = Parameters<Parameters<typeof prisma.$transaction>[0]>[0];

/**
 * Withdraws the user's outstanding reset link. Every path that sets or clears a password calls it in
 * the same transaction, so a link mailed before the change cannot undo it.
 */
export async function revokeResetLinks(tx: Tx, userId: string): Promise<void> {
  await tx.verificationToken.deleteMany({ where: { identifier: identifier("resetPassword", userId) } });
}

/**
 * Uses a token: deletes it and runs `apply` in one transaction. If two requests race, only the one
 * that deleted the row applies its change.
 */
export async function useToken<T>(purpose: Purpose, token: string, apply: (tx: Tx, userId: string) => Promise<T>) {
  return prisma.$transaction(async (tx): Promise<{ ok: true; value: T } | { ok: false; reason: "unknown" | "expired" }> => {
    const row = await tx.verificationToken.findUnique({ where: { token: sha256(token) } });
    const prefix = `${PURPOSES[purpose].prefix}:`;
    if (!row || !row.identifier.startsWith(prefix)) return { ok: false, reason: "unknown" };
    const deleted = await tx.verificationToken.deleteMany({ where: { token: row.token } });
    if (deleted.count === 0) return { ok: false, reason: "unknown" };
    if (row.expires.getTime() <= Date.now()) return { ok: false, reason: "expired" };
    return { ok: true, value: await apply(tx, row.identifier.slice(prefix.length)) };
  });
}
