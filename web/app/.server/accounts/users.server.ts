/**
 * Creating and deleting accounts. A new account always gets its token balance at the FREE capacity,
 * written with its ledger entry, and a referral code, all in one transaction.
 */
import { randomBytes } from "node:crypto";
import { SIGNUP_GRANT } from "@spike-land/shared/tokens/tiers";
import { randomCode, REFERRAL_CODE_LENGTH } from "@spike-land/shared/accounts/referral-code";
import type { Role } from "@spike-land/shared/accounts/schemas";
import { Prisma, prisma } from "../db.server.ts";
import { hashPassword } from "../auth/password.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { removeStoredAvatar } from "./avatar.server.ts";

export type NewUser = {
  email: string;
  name: string | null;
  password?: string;
  emailVerified?: Date | null;
  image?: string | null;
  role?: Role;
};

const MAX_CODE_ATTEMPTS = 5;

export class EmailTakenError extends Error {
  constructor() {
    super("An account with this email already exists. Sign in instead, or reset your password.");
  }
}

export async function createUser(input: NewUser) {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  for (let attempt = 0; attempt < MAX_CODE_ATTEMPTS; attempt++) {
    const referralCode = randomCode(REFERRAL_CODE_LENGTH, randomBytes);
    try {
      return await prisma.$transaction(async (tx) => {
        const user = await tx.user.create({
          data: {
            email: input.email,
            name: input.name,
            passwordHash,
            emailVerified: input.emailVerified ?? null,
            image: input.image ?? null,
            role: input.role ?? "USER",
            referralCode,
          },
        });
        await tx.userTokenBalance.create({
          data: { userId: user.id, balance: SIGNUP_GRANT, tier: "FREE" },
        });
        await tx.tokenTransaction.create({
          data: {
            userId: user.id,
            amount: SIGNUP_GRANT,
            type: "EARN_BONUS",
            source: "signup",
            balanceAfter: SIGNUP_GRANT,
            metadata: { reason: "Welcome tokens: the FREE tier capacity" },
          },
        });
        return user;
      });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
        const target = JSON.stringify(error.meta ?? {});
        if (target.includes("email")) throw new EmailTakenError();
        continue; // referral code collision: draw another
      }
      throw error;
    }
  }
  throw new Error("Could not allocate a referral code");
}

export function findUserByEmail(email: string) {
  return prisma.user.findUnique({ where: { email } });
}

/**
 * Deleting a user removes everything the data model cascades from it, the gallery items featured
 * from their photos, and their stored files (photos, results, shared copies, avatar).
 */
export async function deleteUser(userId: string) {
  const { deleteGalleryItemsOfUser } = await import("../gallery/gallery.server.ts");
  await deleteGalleryItemsOfUser(userId);
  const deleted = await prisma.user.delete({ where: { id: userId } });
  const storage = objectStorage();
  const keys = await storage.list(`images/${userId}/`);
  await Promise.allSettled(keys.map((key) => storage.delete(key)));
  await removeStoredAvatar(deleted.image);
  return deleted;
}
