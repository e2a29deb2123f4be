/** Liveness and database reachability for load balancers. */
import { prisma } from "../.server/platform/db.server.ts";

export async function loader() {
  await prisma.$queryRaw`SELECT 1`;
  return new Response("ok", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
}
