/** Admin token adjustments: a signed change with a required reason, audited in the same transaction. */
import { prisma } from "../platform/db.server.ts";
import { recordAudit } from "../platform/audit.server.ts";
import { adjust } from "../tokens/ledger.server.ts";

export async function adjustTokens(actor: { id: string }, targetId: string, delta: number, reason: string, ip: string | null) {
  return prisma.$transaction(async (tx) => {
    const entry = await adjust(targetId, delta, { source: "admin", sourceId: actor.id, metadata: { reason, adjustedBy: actor.id } }, tx);
    await recordAudit(tx, { actorId: actor.id, action: "TOKEN_ADJUSTMENT", targetId, metadata: { delta, reason, balanceAfter: entry.balanceAfter }, ipAddress: ip });
    return entry;
  });
}
