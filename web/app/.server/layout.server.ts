/** What every page's header needs: the signed-in user with their token balance and cart count, and enabled sign-in methods. */
import { env } from "./platform/env.server.ts";
import { getRequestSignIn } from "./auth/sessions.server.ts";

/** Comes from the request's one session lookup, which the route's own guards share. */
export async function loadShell(request: Request) {
  const signedIn = await getRequestSignIn(request);
  const user = signedIn?.session.user;
  const balance = signedIn?.balance;
  return {
    user: user ? { id: user.id, name: user.name, email: user.email, role: user.role, image: user.image } : null,
    tokens: balance ? { balance: balance.balance, tier: balance.tier } : null,
    cartCount: signedIn?.cartCount ?? 0,
    showMailbox: !env.isProduction && !env.SMTP_URL,
    env: { APP_ENV: env.APP_ENV },
  };
}
