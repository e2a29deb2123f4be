/**
 * Ledger benchmarks: token spends per second from 50 concurrent clients, on one balance
 * (`ledger.contended`) and spread over 100 balances (`ledger.spread`). Each baseline is a bare
 * single-row UPDATE at the same concurrency, on the same database, in the same run.
 * Run alone with `npx tsx bench/ledger.ts`: it prints both entries and updates only them in
 * bench/results.json.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { ensureDatabase, startCluster } from "../web/server/embedded-postgres.ts";
import { migrate } from "../web/server/database.ts";
import type { BenchEntry } from "./ssr.ts";

const CLIENTS = 50;
const DURATION_MS = 8_000;
const BALANCES = 100;

/** Runs `op` from CLIENTS concurrent loops for DURATION_MS; returns operations per second and latencies. */
async function drive(op: (client: number) => Promise<void>) {
  const latencies: number[] = [];
  const deadline = performance.now() + DURATION_MS;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        await op(client);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Number((latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0).toFixed(2));
  return { perSecond: latencies.length / seconds, operations: latencies.length, p50Ms: pct(0.5), p99Ms: pct(0.99) };
}

export async function benchLedger(): Promise<Record<string, BenchEntry>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "spike-bench-ledger-"));
  const cluster = await startCluster(dir, { durable: true });
  try {
    await ensureDatabase(cluster.urlFor("postgres"), "bench");
    const url = cluster.urlFor("bench");
    await migrate(url);
    Object.assign(process.env, {
      DATABASE_URL: url,
      DATABASE_POOL_SIZE: String(CLIENTS),
      APP_ENV: "test",
      SESSION_SECRET: randomBytes(32).toString("hex"),
      ENCRYPTION_KEY: randomBytes(32).toString("hex"),
      DATA_DIR: dir,
    });
    const { createUser } = await import("../web/app/.server/accounts/users.server.ts");
    const { credit, spend } = await import("../web/app/.server/tokens/ledger.server.ts");
    const { prisma } = await import("../web/app/.server/platform/db.server.ts");
    const { closePgPool } = await import("../web/app/.server/platform/pg-pool.server.ts");

    const users: string[] = [];
    for (let i = 0; i < BALANCES; i++) {
      const user = await createUser({ email: `bench-${i}@example.com`, name: `Bench ${i}` });
      await credit(user.id, 10_000_000, "EARN_BONUS", { source: "bench" });
      users.push(user.id);
    }
    const raw = new pg.Pool({ connectionString: url, max: CLIENTS });
    await raw.query("CREATE TABLE bench_counter (id int PRIMARY KEY, n bigint NOT NULL)");
    await raw.query("INSERT INTO bench_counter SELECT g, 10000000 FROM generate_series(0, $1::int - 1) g", [BALANCES]);
    // Warm both paths so connection set-up is not measured.
    await Promise.all(Array.from({ length: CLIENTS }, () => raw.query("SELECT 1")));
    await Promise.all(Array.from({ length: CLIENTS }, (_, i) => spend(users[i % BALANCES]!, 1, "SPEND_ENHANCEMENT", { source: "bench" })));

    const one = users[0]!;
    const contended = await drive(() => spend(one, 1, "SPEND_ENHANCEMENT", { source: "bench" }).then(() => undefined));
    const contendedBase = await drive(() => raw.query("UPDATE bench_counter SET n = n - 1 WHERE id = 0 AND n >= 1").then(() => undefined));
    const spread = await drive((client) => spend(users[(client * 7 + Math.floor(Math.random() * BALANCES)) % BALANCES]!, 1, "SPEND_ENHANCEMENT", { source: "bench" }).then(() => undefined));
    const spreadBase = await drive(() => raw.query("UPDATE bench_counter SET n = n - 1 WHERE id = $1 AND n >= 1", [Math.floor(Math.random() * BALANCES)]).then(() => undefined));

    // The books must still balance after all that.
    const sums = await prisma.$queryRaw<Array<{ ok: boolean }>>`
      SELECT bool_and(b.balance = t.total) AS ok FROM user_token_balances b
      JOIN (SELECT "userId", SUM(amount) AS total FROM token_transactions GROUP BY "userId") t ON t."userId" = b."userId"`;
    if (!sums[0]?.ok) throw new Error("Ledger and balances disagree after the benchmark");

    // Connections closed here may still hear the server's goodbye when the cluster stops.
    raw.on("error", () => {});
    await raw.end();
    await closePgPool();
    await prisma.$disconnect();
    const entry = (value: typeof contended, base: typeof contended, balances: number): BenchEntry => ({
      value: Math.round(value.perSecond),
      unit: "spends/s",
      baseline: Math.round(base.perSecond),
      ratio: Number((value.perSecond / base.perSecond).toFixed(3)),
      detail: {
        clients: CLIENTS,
        balances,
        durationSeconds: DURATION_MS / 1000,
        spends: value.operations,
        p50Ms: value.p50Ms,
        p99Ms: value.p99Ms,
        baselineQuery: "UPDATE bench_counter SET n = n - 1 WHERE id = $1 AND n >= 1",
        baselineP50Ms: base.p50Ms,
        baselineP99Ms: base.p99Ms,
        perSpend: "one prepared statement: queue on the per-user ledger lock, lock balance row, regenerate, update balance if affordable, insert ledger row(s)",
      },
    });
    return { "ledger.contended": entry(contended, contendedBase, 1), "ledger.spread": entry(spread, spreadBase, BALANCES) };
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const entries = await benchLedger();
  for (const [key, value] of Object.entries(entries)) {
    console.log(`${key}: ${value.value} ${value.unit} (baseline ${value.baseline}, ratio ${value.ratio}, p50 ${value.detail.p50Ms} ms)`);
  }
  // Read the file again just before writing, so entries other benchmarks wrote meanwhile are kept.
  const file = path.join(import.meta.dirname, "results.json");
  let results: Record<string, BenchEntry> = {};
  try {
    results = JSON.parse(readFileSync(file, "utf8")) as Record<string, BenchEntry>;
  } catch {
    /* first run */
  }
  writeFileSync(file, `${JSON.stringify({ ...results, ...entries }, null, 2)}\n`);
  // Pools and timers of the benchmarked modules must not keep the process alive.
  process.exit(0);
}

