/** Admin token adjustments: a signed change with a required reason, audited in the same transaction. */
import { DomainError } from "@spike-land/shared/errors";
import { prisma } from "../platform/db.server.ts";
import { recordAudit } from "../platform/audit.server.ts";
import { adjust, InsufficientTokensError } from "../tokens/ledger.server.ts";

export async function adjustTokens(actor: { id: string }, targetId: string, delta: number, reason: string, ip: string | null) {
  try {
    return await prisma.$transaction(async (tx) => {
      if (!(await tx.user.findUnique({ where: { id: targetId }, select: { id: true } }))) throw new DomainError(404, "That user no longer exists.");
      const entry = await adjust(targetId, delta, { source: "admin", sourceId: actor.id, metadata: { reason, adjustedBy: actor.id } }, tx);
      await recordAudit(tx, { actorId: actor.id, action: "TOKEN_ADJUSTMENT", event: "tokens.adjust", targetId, metadata: { delta, reason, balanceAfter: entry.balanceAfter }, ipAddress: ip });
      return entry;
    });
  } catch (error) {
    // For the admin a shortfall is a mistake in the number typed, not a payment to make.
    if (error instanceof InsufficientTokensError) {
      throw new DomainError(400, `That would take the balance below zero: it is ${error.balance}.`, "bad_request", { field: "delta" });
    }
    throw error;
  }
}
