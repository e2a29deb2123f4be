/** Builds a Prisma client on node-postgres through the driver adapter (no native engine). */
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../generated/prisma/client.ts";

export function createPrisma(url: string, poolSize = 20): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: poolSize }) });
}
