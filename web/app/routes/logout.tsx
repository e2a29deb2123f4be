/** Signing out deletes this session from the database and clears the cookie. */
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { clearSessionCookie, endSession, getRequestSession } from "../.server/auth/sessions.server.ts";

export function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await getRequestSession(request);
  if (session) await endSession(session.id);
  return redirect("/", { headers: { "Set-Cookie": await clearSessionCookie() } });
}
