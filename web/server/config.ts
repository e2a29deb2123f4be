/**
 * Start-up configuration the server settles before the app loads: the data folder, and in
 * development the secrets, generated once and kept in the data folder so sessions survive restarts.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/** The web package's folder, from the source (server/) or the compiled entry (build/server-entry/). */
function findWebDir(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "vite.config.ts"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`Could not find the web package above ${start}`);
  }
}

export const WEB_DIR = findWebDir(import.meta.dirname);
export const REPO_DIR = path.resolve(WEB_DIR, "..");

export function dataDir(): string {
  return path.resolve(REPO_DIR, process.env.DATA_DIR ?? ".data");
}

type Secrets = { SESSION_SECRET: string; ENCRYPTION_KEY: string };

/** Production must configure its secrets; elsewhere they are generated and kept under the data folder. */
export async function ensureSecrets(dir: string): Promise<void> {
  const production = process.env.APP_ENV === "production";
  if (process.env.SESSION_SECRET && process.env.ENCRYPTION_KEY) return;
  if (production) {
    throw new Error("Set SESSION_SECRET (32+ characters) and ENCRYPTION_KEY (64 hex characters) in production.");
  }
  const file = path.join(dir, "secrets.json");
  let secrets: Secrets;
  if (existsSync(file)) {
    secrets = JSON.parse(await readFile(file, "utf8")) as Secrets;
  } else {
    secrets = { SESSION_SECRET: randomBytes(32).toString("base64url"), ENCRYPTION_KEY: randomBytes(32).toString("hex") };
    await mkdir(dir, { recursive: true });
    await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  process.env.SESSION_SECRET ??= secrets.SESSION_SECRET;
  process.env.ENCRYPTION_KEY ??= secrets.ENCRYPTION_KEY;
}
