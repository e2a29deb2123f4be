/**
 * The ledger's statements. Each balance change is ONE SQL statement: it locks the balance row,
 * applies lazy regeneration (the rule of shared/src/tokens/regeneration.ts, written in SQL), updates
 * the row only when the change is allowed, and inserts the regeneration entry (when tokens
 * regenerated) and the change's own entry. Without a caller's transaction a statement runs on the
 * shared pool as a named prepared statement; inside one it runs through that transaction's client.
 */
import { randomInt } from "node:crypto";
import os from "node:os";
import { REGENERATION_INTERVAL_MS, SUBSCRIPTION_TIERS, TIER_CAPACITY, type SubscriptionTier } from "@spike-land/shared/tokens/tiers";
import type { Prisma, TokenTransactionType } from "../platform/db.server.ts";
import { pgPool, type PoolClient } from "../platform/pg-pool.server.ts";

export type Tx = Prisma.TransactionClient;
export type EntryDetails = { source?: string; sourceId?: string; metadata?: Prisma.InputJsonValue };
export type Statement = { name: string; text: string };

/** Runs one statement and returns its rows. */
export type Runner = <Row>(statement: Statement, values: unknown[]) => Promise<Row[]>;

/** The shared pool: a named prepared statement, one round trip. */
export const poolRunner: Runner = async <Row>(statement: Statement, values: unknown[]) =>
  (await pgPool().query({ name: statement.name, text: statement.text, values })).rows as Row[];

function clientRunner(client: PoolClient): Runner {
  return async <Row>(statement: Statement, values: unknown[]) =>
    (await client.query({ name: statement.name, text: statement.text, values })).rows as Row[];
}

/** A caller's Prisma transaction: the same text, so the change commits or rolls back with the caller's writes. */
export function transactionRunner(tx: Tx): Runner {
  return <Row>(statement: Statement, values: unknown[]) => tx.$queryRawUnsafe<Row[]>(statement.text, ...values);
}

/** Runs `work` in the caller's transaction when given, else in a transaction of its own on the pool. */
export async function inTransaction<T>(outer: Tx | undefined, work: (run: Runner) => Promise<T>): Promise<T> {
  if (outer) return work(transactionRunner(outer));
  const client = await pgPool().connect();
  try {
    await client.query("BEGIN");
    const result = await work(clientRunner(client));
    await client.query("COMMIT");
    client.release();
    return result;
  } catch (error) {
    // A connection whose ROLLBACK fails is broken: drop it rather than hand it to the next caller.
    const rolledBack = await client.query("ROLLBACK").then(
      () => true,
      () => false,
    );
    client.release(!rolledBack);
    throw error;
  }
}

// Entry ids in the shape Prisma's cuid() gives them ("c", time, counter, host, random: 25 characters),
// so ledger rows written here sort with the others. Two ids drawn one after the other sort in that
// order, which keeps a regeneration entry before the change that triggered it when both share a time.
const HOST = (() => {
  const name = os.hostname();
  let sum = name.length + 36;
  for (const char of name) sum += char.charCodeAt(0);
  return (process.pid % 1296).toString(36).padStart(2, "0") + (sum % 1296).toString(36).padStart(2, "0");
})();
let counter = randomInt(0, 36 ** 4);

export function newEntryId(): string {
  counter = (counter + 1) % 36 ** 4;
  const time = Date.now().toString(36).padStart(8, "0");
  return `c${time}${counter.toString(36).padStart(4, "0")}${HOST}${randomInt(0, 36 ** 8).toString(36).padStart(8, "0")}`;
}

function capacityOf(column: string): string {
  const cases = SUBSCRIPTION_TIERS.map((tier) => `WHEN '${tier}' THEN ${TIER_CAPACITY[tier].capacity}`).join(" ");
  return `(CASE ${column} ${cases} END)`;
}

/**
 * The locked, regenerated state, as CTEs ending in `state`. Parameters: $1 user id, $2 now (an ISO
 * instant; the columns are UTC timestamps without a zone, and PostgreSQL ignores the zone on input).
 * `state` has: balance, last, tier, capacity, version (the row version that was locked), at (now),
 * intervals (whole intervals since last), earned, current (balance after regeneration) and
 * regenerated_at (lastRegeneration after it). The interval count is worked out in `locked`, which
 * PostgreSQL computes once; the later CTEs are folded into the expressions that use them.
 *
 * Before the row lock, changes to one balance queue on a per-user transaction advisory lock (held to
 * commit, like the row lock, and always taken first, so the order of locks stays the same). That
 * queue hands over to one waiter per commit. Waiters on the row lock alone wait for the holder's
 * transaction and all wake at its commit to race for the row again, which under many concurrent
 * changes to one balance costs more than the changes themselves.
 */
const STATE = `
queue AS MATERIALIZED (
  SELECT pg_advisory_xact_lock(hashtextextended('token-ledger:' || $1::text, 0)) AS entered
),
locked AS (
  SELECT b.balance, b."lastRegeneration" AS last, b.tier, b.xmin AS version, $2::timestamp(3) AS at,
         ${capacityOf("b.tier")} AS capacity,
         floor(extract(epoch FROM $2::timestamp(3) - b."lastRegeneration") * 1000 / ${REGENERATION_INTERVAL_MS})::bigint AS intervals
  FROM user_token_balances b, queue
  WHERE b."userId" = $1::text
  FOR UPDATE OF b
),
regenerated AS (
  SELECT locked.*,
         CASE WHEN balance >= capacity OR intervals < 1 THEN 0 ELSE LEAST(intervals, capacity - balance)::int END AS earned
  FROM locked
),
state AS (
  SELECT regenerated.*, balance + earned AS current,
         -- At capacity the clock does not bank tokens for later; it restarts from now.
         CASE WHEN balance + earned >= capacity THEN at
              WHEN intervals < 1 THEN last
              ELSE last + intervals * interval '${REGENERATION_INTERVAL_MS} milliseconds' END AS regenerated_at
  FROM regenerated
)`;

const ENTRY_COLUMNS = `(id, "userId", amount, type, source, "sourceId", metadata, "balanceAfter", "createdAt")`;

/**
 * One INSERT for the regeneration entry (when tokens regenerated and `regenerationCondition` holds)
 * and the change's own entry (a SELECT over `outcome o` giving ENTRY_COLUMNS), regeneration first;
 * the final SELECT picks the change's entry out by its id.
 */
function entries(regenerationIdParam: string, regenerationCondition: string, entrySelect: string): string {
  return `entries AS (
  INSERT INTO token_transactions ${ENTRY_COLUMNS}
  SELECT ${regenerationIdParam}::text, $1::text, o.earned, 'EARN_REGENERATION'::"TokenTransactionType", 'regeneration', NULL, NULL::jsonb, o.current, o.at
  FROM outcome o
  WHERE o.earned > 0 AND ${regenerationCondition}
  UNION ALL
  ${entrySelect}
  RETURNING id, "balanceAfter"
)`;
}

const LAST_REGENERATION_MS = `(extract(epoch FROM o.regenerated_at) * 1000)::float8 AS "regeneratedAtMs"`;

/** readBalance: records regeneration (when any), returns the state. Parameters: $1 user, $2 now, $3 regeneration entry id. */
const READ: Statement = {
  name: "ledger_read",
  text: `WITH ${STATE},
saved AS (
  UPDATE user_token_balances b
  SET balance = s.current, "lastRegeneration" = s.regenerated_at, "updatedAt" = s.at
  FROM state s
  WHERE b."userId" = $1::text AND (s.earned > 0 OR s.regenerated_at <> s.last)
  RETURNING b.id
),
regeneration_entry AS (
  INSERT INTO token_transactions (id, "userId", amount, type, source, "balanceAfter", "createdAt")
  SELECT $3::text, $1::text, s.earned, 'EARN_REGENERATION', 'regeneration', s.current, s.at
  FROM state s
  WHERE s.earned > 0
  RETURNING id
)
SELECT o.current AS balance, o.tier::text AS tier, o.capacity, ${LAST_REGENERATION_MS}
FROM state o`,
};

/**
 * A signed change that may not take the balance below zero (spends, credits, adjustments).
 * Parameters: $1 user, $2 now, $3 delta, $4 type, $5 source, $6 sourceId, $7 metadata (JSON text),
 * $8 regeneration entry id, $9 entry id.
 */
const CHANGE: Statement = {
  name: "ledger_change",
  text: `WITH ${STATE},
outcome AS (
  SELECT state.*, current + $3::int AS after, current + $3::int >= 0 AS ok FROM state
),
saved AS (
  UPDATE user_token_balances b
  SET balance = o.after, "lastRegeneration" = o.regenerated_at, "updatedAt" = o.at
  FROM outcome o
  WHERE b."userId" = $1::text AND o.ok
  RETURNING b.id
),
${entries(
  "$8",
  "o.ok",
  `SELECT $9::text, $1::text, $3::int, $4::text::"TokenTransactionType", $5::text, $6::text, $7::text::jsonb, o.after, o.at
  FROM outcome o
  WHERE o.ok`,
)}
SELECT o.ok, o.current AS balance, e.id, e."balanceAfter"
FROM outcome o LEFT JOIN entries e ON e.id = $9::text`,
};

/**
 * A credit that happens once per (user, type, source, sourceId); a repeat only records regeneration,
 * like any read of the balance. The earlier entry is looked for in the statement's snapshot, which
 * is taken before the row lock is granted: when another change committed in between (the locked row
 * version differs from the one in the snapshot), nothing is written and `stale` is true, and the
 * caller runs the statement again holding the lock. Parameters as CHANGE.
 */
const CREDIT_ONCE: Statement = {
  name: "ledger_credit_once",
  text: `WITH ${STATE},
seen AS (
  SELECT xmin AS version FROM user_token_balances WHERE "userId" = $1::text
),
earlier AS (
  SELECT t.id, t."balanceAfter"
  FROM token_transactions t
  WHERE t."userId" = $1::text AND t.type = $4::text::"TokenTransactionType" AND t.source = $5::text AND t."sourceId" = $6::text
  LIMIT 1
),
outcome AS (
  SELECT state.*, current + $3::int AS after,
         (SELECT version FROM seen) IS DISTINCT FROM state.version AS stale,
         EXISTS (SELECT 1 FROM earlier) AS duplicate
  FROM state
),
saved AS (
  UPDATE user_token_balances b
  SET balance = CASE WHEN o.duplicate THEN o.current ELSE o.after END, "lastRegeneration" = o.regenerated_at, "updatedAt" = o.at
  FROM outcome o
  WHERE b."userId" = $1::text AND NOT o.stale AND (NOT o.duplicate OR o.earned > 0 OR o.regenerated_at <> o.last)
  RETURNING b.id
),
${entries(
  "$8",
  "NOT o.stale",
  `SELECT $9::text, $1::text, $3::int, $4::text::"TokenTransactionType", $5::text, $6::text, $7::text::jsonb, o.after, o.at
  FROM outcome o
  WHERE NOT o.stale AND NOT o.duplicate`,
)}
SELECT o.stale, o.duplicate, COALESCE(e.id, d.id) AS id, COALESCE(e."balanceAfter", d."balanceAfter") AS "balanceAfter"
FROM outcome o LEFT JOIN entries e ON e.id = $9::text LEFT JOIN earlier d ON true`,
};

/**
 * Moves the balance to a tier; an upgrade raises the balance to the new capacity, recorded as a
 * purchase. Parameters: $1 user, $2 now, $3 tier, $4 source, $5 sourceId, $6 metadata,
 * $7 regeneration entry id, $8 entry id.
 */
const CHANGE_TIER: Statement = {
  name: "ledger_change_tier",
  text: `WITH ${STATE},
target AS (
  SELECT state.*, ${capacityOf("$3::text")} AS new_capacity FROM state
),
outcome AS (
  SELECT target.*, new_capacity > capacity AND current < new_capacity AS raised,
         CASE WHEN new_capacity > capacity AND current < new_capacity THEN new_capacity ELSE current END AS after
  FROM target
),
saved AS (
  UPDATE user_token_balances b
  SET tier = $3::text::"SubscriptionTier", balance = o.after, "lastRegeneration" = o.regenerated_at, "updatedAt" = o.at
  FROM outcome o
  WHERE b."userId" = $1::text
  RETURNING b.id
),
${entries(
  "$7",
  "true",
  `SELECT $8::text, $1::text, o.after - o.current, 'EARN_PURCHASE'::"TokenTransactionType", $4::text, $5::text, $6::text::jsonb, o.after, o.at
  FROM outcome o
  WHERE o.raised`,
)}
SELECT e.id, e."balanceAfter"
FROM outcome o LEFT JOIN entries e ON e.id = $8::text`,
};

export const STATEMENTS = { READ, CHANGE, CREDIT_ONCE, CHANGE_TIER } as const;

export type BalanceRow = { balance: number; tier: SubscriptionTier; capacity: number; regeneratedAtMs: number };
export type ChangeRow = { ok: boolean; balance: number; id: string | null; balanceAfter: number | null };
export type CreditOnceRow = { stale: boolean; duplicate: boolean; id: string; balanceAfter: number };
export type TierRow = { id: string | null; balanceAfter: number | null };

const metadataText = (details: EntryDetails) => (details.metadata === undefined ? null : JSON.stringify(details.metadata));

/** Locks, regenerates and records; undefined when the user has no balance row. */
export async function readState(run: Runner, userId: string, now: Date): Promise<BalanceRow | undefined> {
  const rows = await run<BalanceRow>(READ, [userId, now.toISOString(), newEntryId()]);
  return rows[0];
}

export type ChangeInput = { userId: string; now: Date; delta: number; type: TokenTransactionType; details: EntryDetails };

function changeValues({ userId, now, delta, type, details }: ChangeInput): unknown[] {
  const regenerationId = newEntryId();
  return [userId, now.toISOString(), delta, type, details.source ?? null, details.sourceId ?? null, metadataText(details), regenerationId, newEntryId()];
}

/** Applies a signed change unless it would take the balance below zero (`ok` false, nothing written). */
export async function applyChange(run: Runner, input: ChangeInput): Promise<ChangeRow | undefined> {
  const rows = await run<ChangeRow>(CHANGE, changeValues(input));
  return rows[0];
}

/** Applies a credit unless one with the same type, source and sourceId exists (see CREDIT_ONCE for `stale`). */
export async function applyCreditOnce(run: Runner, input: ChangeInput & { details: { source: string; sourceId: string } }): Promise<CreditOnceRow | undefined> {
  const rows = await run<CreditOnceRow>(CREDIT_ONCE, changeValues(input));
  return rows[0];
}

export type TierInput = { userId: string; now: Date; tier: SubscriptionTier; details: EntryDetails };

/** Moves to a tier; the row has the purchase entry when the balance was raised. */
export async function applyTier(run: Runner, { userId, now, tier, details }: TierInput): Promise<TierRow | undefined> {
  const regenerationId = newEntryId();
  const values = [userId, now.toISOString(), tier, details.source ?? null, details.sourceId ?? null, metadataText(details), regenerationId, newEntryId()];
  const rows = await run<TierRow>(CHANGE_TIER, values);
  return rows[0];
}
