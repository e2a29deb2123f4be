/**
 * Admin user management: search, paginate, one user's profile for support, and role changes (only a
 * SUPER_ADMIN grants or removes ADMIN). Refusals are `UserAdminError`s with the status to answer.
 */
import type { Role } from "@spike-land/shared/accounts/schemas";
import { DomainError } from "@spike-land/shared/errors";
import { prisma, type Prisma } from "../platform/db.server.ts";
import { recordAudit } from "../platform/audit.server.ts";
import { pageCount, pageWindow } from "../platform/pagination.server.ts";

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
