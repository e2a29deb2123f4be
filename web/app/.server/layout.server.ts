/** What every page's header needs: the signed-in user with their token balance, and enabled sign-in methods. */
import { peekBalance } from "./tokens/ledger.server.ts";
import { env } from "./env.server.ts";
import { getOptionalUser } from "./auth/guards.server.ts";
import { prisma } from "./db.server.ts";

export async function loadShell(request: Request) {
  const user = await getOptionalUser(request);
  const [balance, cart] = user
    ? await Promise.all([peekBalance(user.id), prisma.merchCartItem.aggregate({ where: { cart: { userId: user.id } }, _sum: { quantity: true } })])
    : [null, null];
  return {
    user: user ? { id: user.id, name: user.name, email: user.email, role: user.role, image: user.image } : null,
    tokens: balance ? { balance: balance.balance, tier: balance.tier } : null,
    cartCount: cart?._sum.quantity ?? 0,
    showMailbox: !env.isProduction && !env.SMTP_URL,
    env: { APP_ENV: env.APP_ENV },
  };
}
