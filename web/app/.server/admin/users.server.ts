/**
 * Admin user management: search, paginate, one user's profile for support, and role changes (only a
 * SUPER_ADMIN grants or removes ADMIN). Refusals are `UserAdminError`s with the status to answer.
 */
import type { Role } from "@spike-land/shared/accounts/schemas";
import { DomainError } from "@spike-land/shared/errors";
import { prisma, type Prisma } from "../platform/db.server.ts";
import { recordAudit } from "../platform/audit.server.ts";
import { pageCount, pageWindow } from "../platform/pagination.server.ts";
import { deleteUser } from "../accounts/users.server.ts";
import { stopRenewalBeforeDeletion } from "../payments/billing.server.ts";

export const USERS_PAGE_SIZE = 20;

export class UserAdminError extends DomainError {
  constructor(status: number, message: string) {
    super(status, message);
  }
}

const userGone = () => new UserAdminError(404, "That user no longer exists.");

export async function searchUsers(query: string, page: number) {
  const where: Prisma.UserWhereInput = query
    ? {
        OR: [
          { email: { contains: query, mode: "insensitive" } },
          { name: { contains: query, mode: "insensitive" } },
          { id: query },
        ],
      }
    : {};
  const [total, users] = await prisma.$transaction([
    prisma.user.count({ where }),
    prisma.user.findMany({
      where,
      orderBy: { createdAt: "desc" },
      ...pageWindow(page, USERS_PAGE_SIZE),
      select: {
        id: true,
        name: true,
        email: true,
        role: true,
        emailVerified: true,
        createdAt: true,
        tokenBalance: { select: { balance: true, tier: true } },
      },
    }),
  ]);
  return { total, users, pages: pageCount(total, USERS_PAGE_SIZE) };
}

/** One user's profile as the support page shows it. */
export async function getAdminUser(id: string) {
  const user = await prisma.user.findUnique({
    where: { id },
    select: { id: true, name: true, email: true, role: true, emailVerified: true, createdAt: true, referralCode: true },
  });
  if (!user) throw userGone();
  return user;
}

/**
 * Role rules: ADMIN and above may open the admin, but granting or removing ADMIN (or SUPER_ADMIN)
 * needs a SUPER_ADMIN, and nobody changes their own role (so the last super admin cannot lock themselves out).
 */
export async function changeRole(actor: { id: string; role: Role }, targetId: string, role: Role, ip: string | null): Promise<void> {
  if (actor.role !== "SUPER_ADMIN") throw new UserAdminError(403, "Only a super admin can change roles.");
  if (actor.id === targetId) throw new UserAdminError(400, "You can't change your own role. Ask another super admin.");
  await prisma.$transaction(async (tx) => {
    const target = await tx.user.findUnique({ where: { id: targetId }, select: { id: true, role: true, email: true } });
    if (!target) throw userGone();
    if (target.role === role) return;
    await tx.user.update({ where: { id: targetId }, data: { role } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "ROLE_CHANGE",
      event: "role.change",
      targetId,
      metadata: { email: target.email, from: target.role, to: role },
      ipAddress: ip,
    });
  });
}

/**
 * An admin deletes someone's account (a support or erasure request), once they typed its email: the
 * same deletion as the owner's own, recorded in the audit log in its transaction. Admin accounts
 * need a super admin, and nobody deletes their own account here (that is in their settings).
 */
export async function adminDeleteUser(actor: { id: string; role: Role }, targetId: string, confirmEmail: string, ip: string | null): Promise<{ email: string | null }> {
  if (actor.id === targetId) throw new UserAdminError(400, "Delete your own account from your settings, not from the admin.");
  const target = await prisma.user.findUnique({ where: { id: targetId }, select: { id: true, role: true, email: true } });
  if (!target) throw userGone();
  if (target.role !== "USER" && actor.role !== "SUPER_ADMIN") throw new UserAdminError(403, "Only a super admin can delete an admin's account.");
  if (confirmEmail.trim().toLowerCase() !== (target.email ?? "").toLowerCase()) {
    throw new DomainError(400, "Type the account's email address exactly to confirm.", undefined, { field: "confirmEmail" });
  }
  try {
    await stopRenewalBeforeDeletion(targetId);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw new UserAdminError(502, `The account was not deleted: its subscription could not be stopped from renewing (${error.message}) Try again in a few minutes.`);
  }
  await deleteUser(targetId, (tx) =>
    recordAudit(tx, { actorId: actor.id, action: "USER_DELETE", event: "account.delete", targetId, metadata: { role: target.role }, ipAddress: ip }),
  );
  return { email: target.email };
}
