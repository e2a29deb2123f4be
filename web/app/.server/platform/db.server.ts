/** The one Prisma client of the process. */
import type { PrismaClient } from "../../generated/prisma/client.ts";
import { env } from "./env.server.ts";
import { createPrisma } from "./prisma.server.ts";

const globalForDb = globalThis as unknown as { prisma?: PrismaClient };

export const prisma: PrismaClient = globalForDb.prisma ?? createPrisma(env.DATABASE_URL, env.DATABASE_POOL_SIZE);
if (!env.isProduction) globalForDb.prisma = prisma;

export * from "../../generated/prisma/client.ts";
