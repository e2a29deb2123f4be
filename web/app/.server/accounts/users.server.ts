/**
 * Creating and deleting accounts. A new account always gets its token balance at the FREE capacity,
 * written with its ledger entry, and a referral code, all in one transaction.
 */
import { randomBytes } from "node:crypto";
import { SIGNUP_GRANT } from "@spike-land/shared/tokens/tiers";
import { randomCode, REFERRAL_CODE_LENGTH } from "@spike-land/shared/accounts/referral-code";
import type { Role } from "@spike-land/shared/accounts/schemas";
import { Prisma, prisma, type TokenTransactionType } from "../platform/db.server.ts";
import { pgPool } from "../platform/pg-pool.server.ts";
import { hashPassword, verifyPassword } from "../auth/password.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { stopRenewalBeforeDeletion } from "../payments/billing.server.ts";
import { deleteGalleryItemsOfUser } from "../gallery/removal.server.ts";
import { removeStoredAvatar } from "./avatar.server.ts";
import { clearDeletedBoxes } from "../boxes/boxes.server.ts";
import { DomainError } from "@spike-land/shared/errors";

export type NewUser = {
  email: string;
  name: string | null;
  password?: string;
  emailVerified?: Date | null;
  image?: string | null;
  role?: Role;
  /** The client address of the sign-up, kept for the referral same-address check. */
  signUpIp?: string | null;
};

const MAX_CODE_ATTEMPTS = 5;

export class EmailTakenError extends DomainError {
  constructor() {
    super(409, "An account with this email already exists. Sign in instead, or reset your password.", "conflict", { field: "email" });
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
            signUpIp: knownAddress(input.signUpIp),
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

/** An address worth keeping: the server's stand-in for a missing one is not. */
function knownAddress(ip: string | null | undefined): string | null {
  return ip && ip !== "unknown" ? ip : null;
}

/**
 * Notes the address the account is being used from (at sign-in, and when its owner opens their
 * referral link page), so a sign-up through their link from the same address is not rewarded.
 */
export async function recordSeenFrom(userId: string, ip: string) {
  const lastSeenIp = knownAddress(ip);
  if (lastSeenIp) await prisma.user.updateMany({ where: { id: userId }, data: { lastSeenIp, lastSeenAt: new Date() } });
}


// ---- The account and settings pages ----

type OverviewRow = {
  referralCode: string | null;
  createdAtMs: number;
  id: string | null;
  amount: number | null;
  type: TokenTransactionType | null;
  source: string | null;
  balanceAfter: number | null;
  entryAtMs: number | null;
};

export type RecentEntry = { id: string; amount: number; type: TokenTransactionType; source: string | null; balanceAfter: number; createdAt: Date };

// The account's row with its last five ledger entries beside it (none: one row of nulls). Timestamps
// travel as epoch milliseconds: the columns are UTC without a zone, which node-postgres reads as local.
const OVERVIEW = {
  name: "account_overview",
  text: `SELECT u."referralCode", (extract(epoch FROM u."createdAt") * 1000)::float8 AS "createdAtMs",
  t.id, t.amount, t.type, t.source, t."balanceAfter", (extract(epoch FROM t."createdAt") * 1000)::float8 AS "entryAtMs"
FROM users u
LEFT JOIN LATERAL (
  SELECT id, amount, type, source, "balanceAfter", "createdAt" FROM token_transactions
  WHERE "userId" = u.id ORDER BY "createdAt" DESC, id DESC LIMIT 5
) t ON true
WHERE u.id = $1
ORDER BY t."createdAt" DESC, t.id DESC`,
};

/**
 * The account page: the referral code, when the account was made, and the last few token entries
 * (newest first; entries of the same instant in the order the token history lists them). One
 * prepared statement, as this page is opened far more often than any other signed-in page.
 */
export async function accountOverview(userId: string) {
  const { rows } = await pgPool().query<OverviewRow>({ name: OVERVIEW.name, text: OVERVIEW.text, values: [userId] });
  const first = rows[0];
  if (!first) throw new Error(`User ${userId} not found`);
  const recent: RecentEntry[] = [];
  for (const row of rows) {
    if (row.id === null) continue;
    recent.push({ id: row.id, amount: row.amount!, type: row.type!, source: row.source, balanceAfter: row.balanceAfter!, createdAt: new Date(row.entryAtMs!) });
  }
  return { profile: { referralCode: first.referralCode, createdAt: new Date(first.createdAtMs) }, recent };
}

/** The profile as the settings page shows it; whether there is a password, never the hash. */
export async function settingsProfile(userId: string) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { name: true, email: true, image: true, passwordHash: true } });
  return { name: user.name, email: user.email, image: user.image, hasPassword: Boolean(user.passwordHash) };
}

/** Saves the name and, when one was uploaded, the new avatar; the replaced avatar's file is deleted. */
export async function saveProfile(userId: string, changes: { name: string; image?: string | undefined }): Promise<void> {
  const before = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { image: true } });
  await prisma.user.update({ where: { id: userId }, data: { name: changes.name, ...(changes.image ? { image: changes.image } : {}) } });
  if (changes.image) await removeStoredAvatar(before.image);
}

/**
 * Deletes the account its owner asked to delete, once they typed its email (and its password, when it
 * has one). A subscription is stopped from renewing first: if the provider cannot be reached the
 * account stays, so nobody is charged for an account that no longer exists.
 */
export async function deleteOwnAccount(userId: string, confirmation: { confirmEmail: string; password?: string | undefined }): Promise<void> {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, passwordHash: true } });
  if (confirmation.confirmEmail !== user.email) throw new DomainError(400, "That is not your account's email address.");
  if (user.passwordHash && !(await verifyPassword(user.passwordHash, confirmation.password ?? ""))) {
    throw new DomainError(400, "Your password is not right.", undefined, { field: "password" });
  }
  try {
    await stopRenewalBeforeDeletion(userId);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw new DomainError(502, `Your account was not deleted: we could not stop your subscription from renewing (${error.message}) Try again in a few minutes.`, undefined, { cause: error });
  }
  await deleteUser(userId);
}

/** What an anonymised order shows where the customer's name, contact and address were. */
export const DELETED_CUSTOMER = { name: "Deleted customer", email: "deleted-account@invalid", addressLine: "Removed with the account" } as const;

/** The address with every personal field replaced; the country stays, as the books and tax need it. */
function anonymisedAddress(address: Prisma.JsonValue): Prisma.InputJsonValue {
  const record = address && typeof address === "object" && !Array.isArray(address) ? (address as Record<string, unknown>) : {};
  return {
    name: DELETED_CUSTOMER.name,
    line1: DELETED_CUSTOMER.addressLine,
    line2: "",
    city: DELETED_CUSTOMER.addressLine,
    postalCode: "",
    country: typeof record.country === "string" ? record.country : "",
  };
}

/**
 * Deleting a user removes everything the data model cascades from it, the gallery items featured
 * from their photos, their boxes (stopped, their browser profiles and screenshots removed) and their
 * stored files (photos, results, shared copies, avatar, audio tracks and mixes, generated pictures, uploads printed
 * on merch). Financial records stay for the books, detached from the account: merch orders lose the
 * name, email, phone, addresses, notes and printed text, and keep amounts, dates and statuses; token
 * pack payments and the subscription keep their amounts, plans, dates and statuses.
 */
export async function deleteUser(userId: string, alsoInTransaction?: (tx: Prisma.TransactionClient) => Promise<unknown>) {
  await deleteGalleryItemsOfUser(userId);
  const boxes = await prisma.box.findMany({ where: { userId }, select: { id: true, runtime: true } });
  const { deleted, printedUploads } = await prisma.$transaction(
    async (tx) => {
      const orders = await tx.merchOrder.findMany({
        where: { userId },
        select: { id: true, shippingAddress: true, billingAddress: true, items: { select: { imageR2Key: true } } },
      });
      for (const order of orders) {
        await tx.merchOrder.update({
          where: { id: order.id },
          data: {
            customerEmail: DELETED_CUSTOMER.email,
            customerPhone: null,
            notes: null,
            shippingAddress: anonymisedAddress(order.shippingAddress),
            billingAddress: order.billingAddress === null ? Prisma.DbNull : anonymisedAddress(order.billingAddress),
          },
        });
        await tx.merchOrderItem.updateMany({ where: { orderId: order.id }, data: { customText: null } });
      }
      // The user row's delete detaches the orders and payments (SET NULL) and removes the rest.
      const user = await tx.user.delete({ where: { id: userId } });
      if (alsoInTransaction) await alsoInTransaction(tx);
      const uploads = orders.flatMap((order) => order.items.map((item) => item.imageR2Key)).filter((key) => key.startsWith("merch/"));
      return { deleted: user, printedUploads: uploads };
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
  // The boxes' rows went with the account; what they run and keep on disk goes now.
  if (boxes.length) await clearDeletedBoxes(boxes);
  const storage = objectStorage();
  const prefixes = [`images/${userId}/`, `audio/${userId}/`, `mcp/${userId}/`, ...boxes.map((box) => `boxes/${box.id}/`)];
  const keys = (await Promise.all(prefixes.map((prefix) => storage.list(prefix)))).flat();
  await Promise.allSettled([...keys, ...printedUploads].map((key) => storage.delete(key)));
  await removeStoredAvatar(deleted.image);
  return deleted;
}
