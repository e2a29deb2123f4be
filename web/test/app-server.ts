/**
 * The built production server in a child process, for tests that must go through real HTTP and the
 * Express layer (headers, cross-site checks, body caps, crashes). Needs `remix vite:build` first.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { freePort } from "../server/embedded-postgres.ts";
import { WEB_DIR } from "../server/config.ts";

export type AppServer = { child: ChildProcess; url: string; port: number; output: () => string; stop: () => Promise<void> };

/** Builds the web app once when this checkout has no build yet. */
export function ensureBuilt(): void {
  if (!existsSync(path.join(WEB_DIR, "build", "server", "index.js"))) {
    const built = spawnSync(path.join(WEB_DIR, "node_modules", ".bin", "remix"), ["vite:build"], { cwd: WEB_DIR, stdio: "ignore" });
    if (built.status !== 0) throw new Error("Building the web app failed; run `npm run build` in web/ to see why.");
  }
  if (!existsSync(path.join(WEB_DIR, "build", "server-entry", "main.js"))) {
    const compiled = spawnSync(process.execPath, ["server/build-entry.mjs"], { cwd: WEB_DIR, stdio: "ignore" });
    if (compiled.status !== 0) throw new Error("Compiling the server entry failed; run `npm run build` in web/ to see why.");
  }
}

export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("close", () => resolve()));
}

/** Spawns the compiled server entry `npm start` runs (build/server-entry/main.js); `env` is laid over the test's own environment (undefined removes a variable). */
export function spawnAppServer(env: Record<string, string | undefined>, args: string[] = []): Omit<AppServer, "url" | "port"> {
  const merged: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ["NODE_ENV", "VITEST", "VITEST_POOL_ID", "VITEST_WORKER_ID"]) delete merged[name];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete merged[name];
    else merged[name] = value;
  }
  const child = spawn(process.execPath, ["--enable-source-maps", "build/server-entry/main.js", ...args], { cwd: WEB_DIR, env: merged, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited(child);
    },
  };
}

/** Starts the server and waits until it says it is running (and, with `worker`, that jobs run). */
export async function startAppServer(env: Record<string, string | undefined>, options: { port?: number; args?: string[]; worker?: boolean } = {}): Promise<AppServer> {
  const port = options.port ?? (await freePort());
  const server = spawnAppServer({ ...env, PORT: String(port) }, options.args);
  const ready = () => server.output().includes("Spike Land is running") && (!options.worker || server.output().includes("Background jobs are running"));
  const deadline = Date.now() + 90_000;
  while (!ready()) {
    if (server.child.exitCode !== null) throw new Error(`The server exited during start-up:\n${server.output()}`);
    if (Date.now() > deadline) throw new Error(`The server did not start in time:\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { ...server, port, url: `http://localhost:${port}` };
}
