/**
 * The one statement behind every signed-in request: the session of a token digest with its user,
 * the user's token balance row and how many items are in their cart. It runs as a named prepared
 * statement on the shared pool, so it is parsed and planned once per connection and no ORM query is
 * built per call. The balance is shown the way the header shows it everywhere: lazy regeneration
 * applied in this process by the shared rule, nothing written (the next ledger change records it).
 */
import type { Role } from "@spike-land/shared/accounts/schemas";
import { nextTokenAt, regenerate } from "@spike-land/shared/tokens/regeneration";
import { TIER_CAPACITY, type SubscriptionTier } from "@spike-land/shared/tokens/tiers";
import type { BalanceView } from "../tokens/ledger.server.ts";
import { pgPool } from "../platform/pg-pool.server.ts";

export type SessionUser = { id: string; name: string | null; email: string | null; image: string | null; role: Role; emailVerified: Date | null };

/** A session as found by its token, with what every page's header shows about its user. */
export type SessionLookup = {
  session: { id: string; expires: Date; user: SessionUser };
  /** Null for an account without a token balance row. */
  balance: BalanceView | null;
  cartCount: number;
};

type Row = {
  sessionId: string;
  expiresMs: number;
  userId: string;
  name: string | null;
  email: string | null;
  image: string | null;
  role: Role;
  emailVerifiedMs: number | null;
  balance: number | null;
  lastRegenerationMs: number | null;
  tier: SubscriptionTier | null;
  cartCount: number;
};

// The timestamp columns hold UTC without a zone and node-postgres would read them as local time, so
// they travel as epoch milliseconds.
const epochMs = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;

const LOOKUP = {
  name: "session_lookup",
  text: `SELECT s.id AS "sessionId", ${epochMs("s.expires")} AS "expiresMs",
  u.id AS "userId", u.name, u.email, u.image, u.role, ${epochMs('u."emailVerified"')} AS "emailVerifiedMs",
  b.balance, ${epochMs('b."lastRegeneration"')} AS "lastRegenerationMs", b.tier,
  (SELECT coalesce(sum(i.quantity), 0)::int FROM merch_carts c JOIN merch_cart_items i ON i."cartId" = c.id WHERE c."userId" = u.id) AS "cartCount"
FROM sessions s
JOIN users u ON u.id = s."userId"
LEFT JOIN user_token_balances b ON b."userId" = u.id
WHERE s."sessionToken" = $1`,
};

function balanceAt(row: Row, now: Date): BalanceView | null {
  if (row.balance === null || row.tier === null || row.lastRegenerationMs === null) return null;
  const capacity = TIER_CAPACITY[row.tier].capacity;
  const state = regenerate({ balance: row.balance, lastRegeneration: new Date(row.lastRegenerationMs) }, capacity, now);
  return { balance: state.balance, tier: row.tier, capacity, nextTokenAt: nextTokenAt(state, capacity) };
}

/** The signed-in user as sessions (and API keys) hand it to the app, from a row of the lookup's columns. */
export function sessionUser(row: Pick<Row, "userId" | "name" | "email" | "image" | "role" | "emailVerifiedMs">): SessionUser {
  return {
    id: row.userId,
    name: row.name,
    email: row.email,
    image: row.image,
    role: row.role,
    emailVerified: row.emailVerifiedMs === null ? null : new Date(row.emailVerifiedMs),
  };
}

/** The session stored under this token digest, expired or not (the caller decides), or null. */
export async function lookupSession(tokenDigest: string): Promise<SessionLookup | null> {
  const { rows } = await pgPool().query<Row>({ name: LOOKUP.name, text: LOOKUP.text, values: [tokenDigest] });
  const row = rows[0];
  if (!row) return null;
  return {
    session: {
      id: row.sessionId,
      expires: new Date(row.expiresMs),
      user: sessionUser(row),
    },
    balance: balanceAt(row, new Date()),
    cartCount: row.cartCount,
  };
}
