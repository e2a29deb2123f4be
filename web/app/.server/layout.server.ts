/** What every page's header needs: the signed-in user with their token balance, and enabled sign-in methods. */
import { peekBalance } from "./tokens/ledger.server.ts";
import { env } from "./platform/env.server.ts";
import { getOptionalUser } from "./auth/guards.server.ts";
import { cartItemCount } from "./merch/cart.server.ts";

export async function loadShell(request: Request) {
  const user = await getOptionalUser(request);
  const [balance, cartCount] = user ? await Promise.all([peekBalance(user.id), cartItemCount(user.id)]) : [null, 0];
  return {
    user: user ? { id: user.id, name: user.name, email: user.email, role: user.role, image: user.image } : null,
    tokens: balance ? { balance: balance.balance, tier: balance.tier } : null,
    cartCount,
    showMailbox: !env.isProduction && !env.SMTP_URL,
    env: { APP_ENV: env.APP_ENV },
  };
}
