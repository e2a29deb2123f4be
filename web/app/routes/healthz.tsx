/** Liveness and database reachability for load balancers. */
import { checkDatabase } from "../.server/platform/health.server.ts";

export async function loader() {
  await checkDatabase();
  return new Response("ok", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
}
