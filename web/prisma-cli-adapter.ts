/**
 * Driver adapter for the Prisma CLI (migrate, diff, status) on PostgreSQL without native engines.
 * It closes five gaps of @prisma/adapter-pg 6.19.3 that the WASM schema engine runs into;
 * see docs/decisions/002-prisma-offline.md.
 */
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";

/** Catalog types the schema engine reads while introspecting, which adapter-pg cannot map. */
const CATALOG_TEXT_OIDS = new Set([
  18, // "char"
  19, // name
  24, // regproc
  2202, // regprocedure
  2203, // regoper
  2204, // regoperator
  2205, // regclass
  2206, // regtype
  3734, // regconfig
  3769, // regdictionary
  4089, // regnamespace
  4096, // regrole
  4191, // regcollation
]);
const CATALOG_TEXT_ARRAY_OIDS = new Set([1002, 1003]); // "char"[], name[]
const TEXT_OID = 25;
const TEXT_ARRAY_OID = 1009;

type Field = { dataTypeID: number };
type Query = { sql: string; args: unknown[] };
type Queryable = {
  client: pg.Pool | pg.PoolClient;
  performIO: (query: Query) => Promise<{ fields: Field[] }>;
  executeRaw: (query: Query) => Promise<number>;
  executeScript: (script: string) => Promise<void>;
  startTransaction?: (isolation?: string) => Promise<Queryable>;
};

/**
 * PostgreSQL 18 records NOT NULL as pg_constraint rows (contype 'n'); the 6.19 schema engine
 * knows nothing of them and aborts, while the same facts still come from pg_attribute.
 */
const CONSTRAINT_FILTER = "contype NOT IN ('p', 'u', 'f')";
const CONSTRAINT_FILTER_PG18 = "contype NOT IN ('p', 'u', 'f', 'n')";

function mapCatalogTypes(target: Queryable): void {
  const performIO = target.performIO.bind(target);
  target.performIO = async (query) => {
    const typed = query as Query;
    if (typed.sql.includes(CONSTRAINT_FILTER)) {
      typed.sql = typed.sql.replace(CONSTRAINT_FILTER, CONSTRAINT_FILTER_PG18);
    }
    const result = await performIO(typed);
    for (const field of result.fields) {
      if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
      else if (CATALOG_TEXT_ARRAY_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_ARRAY_OID;
    }
    return result;
  };
}

function rowCount(result: pg.QueryResult | pg.QueryResult[]): number {
  const results = Array.isArray(result) ? result : [result];
  return results.reduce((sum, each) => sum + (each.rowCount ?? 0), 0);
}

/**
 * Sends a migration script as one simple-protocol query so `;` inside functions or comments is safe.
 * The shadow database receives whole migrations through executeRaw without parameters, which the
 * extended protocol would reject as "multiple commands", so those go the same way.
 */
function wholeScripts(target: Queryable): void {
  target.executeScript = async (script) => {
    await target.client.query(script);
  };
  const executeRaw = target.executeRaw.bind(target);
  target.executeRaw = async (query) => {
    if (query.args.length > 0) return executeRaw(query);
    const result = (await target.client.query(query.sql)) as pg.QueryResult | pg.QueryResult[];
    return rowCount(result);
  };
}

function patch<T>(adapter: T): T {
  const queryable = adapter as unknown as Queryable;
  mapCatalogTypes(queryable);
  wholeScripts(queryable);
  const startTransaction = queryable.startTransaction?.bind(queryable);
  if (startTransaction) {
    queryable.startTransaction = async (isolation) => {
      const tx = await startTransaction(isolation);
      mapCatalogTypes(tx);
      wholeScripts(tx);
      return tx;
    };
  }
  return adapter;
}

function connectionParts(url: string): pg.PoolConfig {
  const parsed = new URL(url);
  return {
    host: decodeURIComponent(parsed.hostname),
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.slice(1)),
    allowExitOnIdle: true,
  };
}

export class MigrationAdapterFactory extends PrismaPg {
  readonly #parts: pg.PoolConfig;

  constructor(url: string) {
    const parts = connectionParts(url);
    super(parts);
    this.#parts = parts;
  }

  override async connect() {
    const pool = new pg.Pool(this.#parts);
    const adapter = await new PrismaPg(pool, { disposeExternalPool: true }).connect();
    return patch(adapter);
  }

  override async connectToShadowDb() {
    const admin = new pg.Pool({ ...this.#parts, max: 1 });
    // The CLI may exit without disposing its shadow database: sweep what earlier runs left behind.
    const leftovers = await admin.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'prisma\\_shadow\\_%'",
    );
    for (const { datname } of leftovers.rows) {
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    const database = `prisma_shadow_${crypto.randomUUID().replaceAll("-", "")}`;
    await admin.query(`CREATE DATABASE "${database}"`);
    const pool = new pg.Pool({ ...this.#parts, database });
    const adapter = await new PrismaPg(pool).connect();
    const patched = patch(adapter);
    patched.dispose = async () => {
      await pool.end();
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.end();
    };
    return patched;
  }
}

/** The CLI never closes its pools and arms long timers; let the process end when the work is done. */
export function letCliExitWhenIdle(): void {
  const LONG_TIMER_MS = 5_000;
  const original = globalThis.setTimeout;
  const unrefLong = ((handler: () => void, ms?: number, ...args: unknown[]) => {
    const timer = original(handler, ms, ...args);
    if ((ms ?? 0) >= LONG_TIMER_MS) (timer as unknown as { unref?: () => void }).unref?.();
    return timer;
  }) as typeof setTimeout;
  globalThis.setTimeout = Object.assign(unrefLong, original);
}
