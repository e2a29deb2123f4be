/** Admin user management: search, paginate, change roles (only a SUPER_ADMIN grants or removes ADMIN). */
import type { Role } from "@spike-land/shared/accounts/schemas";
import { prisma, type Prisma } from "../platform/db.server.ts";
import { recordAudit } from "../platform/audit.server.ts";
import { pageCount, pageWindow } from "../platform/pagination.server.ts";

export const USERS_PAGE_SIZE = 20;

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

export type RoleChangeResult = { ok: true } | { ok: false; status: 403 | 404 | 400; message: string };

/**
 * Role rules: ADMIN and above may open the admin, but granting or removing ADMIN (or SUPER_ADMIN)
 * needs a SUPER_ADMIN, and nobody changes their own role (so the last super admin cannot lock themselves out).
 */
export async function changeRole(actor: { id: string; role: Role }, targetId: string, role: Role, ip: string | null): Promise<RoleChangeResult> {
  if (actor.role !== "SUPER_ADMIN") {
    return { ok: false, status: 403, message: "Only a super admin can change roles." };
  }
  if (actor.id === targetId) {
    return { ok: false, status: 400, message: "You can't change your own role. Ask another super admin." };
  }
  return prisma.$transaction(async (tx) => {
    const target = await tx.user.findUnique({ where: { id: targetId }, select: { id: true, role: true, email: true } });
    if (!target) return { ok: false, status: 404, message: "That user no longer exists." } as const;
    if (target.role === role) return { ok: true } as const;
    await tx.user.update({ where: { id: targetId }, data: { role } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "ROLE_CHANGE",
      targetId,
      metadata: { email: target.email, from: target.role, to: role },
      ipAddress: ip,
    });
    return { ok: true } as const;
  });
}
