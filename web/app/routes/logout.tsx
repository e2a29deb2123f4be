/** Signing out deletes this session from the database and clears the cookie. */
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { prisma } from "../.server/platform/db.server.ts";
import { clearSessionCookie, getRequestSession } from "../.server/auth/sessions.server.ts";

export function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await getRequestSession(request);
  if (session) await prisma.session.deleteMany({ where: { id: session.id } });
  return redirect("/", { headers: { "Set-Cookie": await clearSessionCookie() } });
}
