/** Whether the process can serve requests: for now, that the database answers. */
import { prisma } from "./db.server.ts";

/** Resolves when the database answers a trivial query; rejects (and so fails the check) otherwise. */
export async function checkDatabase(): Promise<void> {
  await prisma.$queryRaw`SELECT 1`;
}
