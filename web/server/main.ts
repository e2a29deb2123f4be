/**
 * The production entry: settles configuration, provides a migrated and seeded database, then serves
 * the Remix app with Express. `--role=web|worker|all` splits web and background work for scale-out;
 * `--dev` serves through Vite with hot reload.
 */
import { createServer } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import compression from "compression";
import express from "express";
import type { ServerBuild } from "@remix-run/node";
import { dataDir, ensureSecrets, REPO_DIR, WEB_DIR } from "./config.ts";
import { migrate, provideDatabase } from "./database.ts";
import { StartupError } from "./embedded-postgres.ts";
import { createGuardedRequestHandler, requestChecks, securityHeaders } from "./request-guards.ts";
import type * as SeedModule from "../../prisma/seed.ts";

const args = new Set(process.argv.slice(2));
const dev = args.has("--dev");
const role = [...args].find((a) => a.startsWith("--role="))?.slice("--role=".length) ?? "all";
process.env.NODE_ENV ??= dev ? "development" : "production";

/** The embedded database this process started, stopped again if start-up fails after it. */
let cluster: Awaited<ReturnType<typeof provideDatabase>>["cluster"] = null;

async function main() {
  const dir = dataDir();
  await ensureSecrets(dir);
  const provided = await provideDatabase(dir);
  cluster = provided.cluster;
  const url = provided.url;
  process.env.DATABASE_URL = url;
  await migrate(url);

  const { seed } = (await import(pathToFileURL(path.join(REPO_DIR, "prisma", "seed.ts")).href)) as typeof SeedModule;
  const demo = await seed();
  const appEnv = process.env.APP_ENV ?? "development";

  const port = Number(process.env.PORT ?? 3000);
  let server: ReturnType<typeof createServer> | null = null;
  if (role === "web" || role === "all") {
    const app = express();
    app.disable("x-powered-by");
    app.set("trust proxy", process.env.TRUST_PROXY === "true");
    app.use(compression());
    // The app reads the client address only from this header, which we always overwrite.
    app.use((req, _res, next) => {
      req.headers["x-client-ip"] = req.ip ?? req.socket.remoteAddress ?? "unknown";
      next();
    });
    // Vite's development client injects scripts of its own, so the CSP is for built pages.
    app.use(securityHeaders({ csp: !dev }));
    app.use(requestChecks());

    let build: ServerBuild | (() => Promise<ServerBuild>);
    if (dev) {
      const vite = await import("vite");
      const viteServer = await vite.createServer({ root: WEB_DIR, server: { middlewareMode: true } });
      app.use(viteServer.middlewares);
      build = () => viteServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
    } else {
      const clientDir = path.join(WEB_DIR, "build", "client");
      app.use("/assets", express.static(path.join(clientDir, "assets"), { immutable: true, maxAge: "1y" }));
      app.use(express.static(clientDir, { maxAge: "1h" }));
      build = (await import(pathToFileURL(path.join(WEB_DIR, "build", "server", "index.js")).href)) as ServerBuild;
    }
    app.all(
      "*",
      createGuardedRequestHandler({
        build,
        mode: dev ? "development" : "production",
        getLoadContext: (_req, res) => ({ cspNonce: String(res.locals.cspNonce) }),
      }),
    );
    server = createServer(app);
    await new Promise<void>((resolve, reject) => {
      server!.once("error", (error: NodeJS.ErrnoException) =>
        reject(
          error.code === "EADDRINUSE"
            ? new StartupError(`Port ${port} is already in use by another program.`, `Stop that program, or start on another port: PORT=${port + 1} npm start`)
            : error,
        ),
      );
      server!.listen(port, resolve);
    });
    const appUrl = process.env.APP_URL ?? `http://localhost:${port}`;
    console.log(`Spike Land is running at ${appUrl}`);
    if (appEnv === "development" && demo) {
      console.log(`  Demo admin: ${demo.admin.email} / ${demo.admin.password}`);
      console.log(`  Demo user:  ${demo.user.email} / ${demo.user.password}`);
      console.log(`  Mailbox:    ${appUrl}/dev/mailbox`);
    }
  }

  // Background work runs where the worker role runs; scaled-out web processes only send jobs.
  const { startQueue, stopQueue } = await import("../app/.server/platform/queue.server.ts");
  const isWorker = role === "worker" || role === "all";
  const boss = await startQueue(url, { maintenance: isWorker });
  if (isWorker) {
    const { startWorkers } = await import("../app/.server/jobs/worker.server.ts");
    await startWorkers(boss);
    console.log("Background jobs are running.");
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: shutting down…`);
    await stopQueue().catch((error: unknown) => console.error("queue stop:", error));
    await new Promise<void>((resolve) => {
      if (!server) return resolve();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    if (cluster) await cluster.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

/** Start-up failures print what went wrong and what to do, never a bare stack or "undefined". */
function explain(error: unknown): string {
  if (error instanceof StartupError) return `Spike Land could not start: ${error.message}\n  What to do: ${error.hint}`;
  const message = error instanceof Error ? error.message : String(error ?? "");
  const detail = message.trim() || "an unexpected error without a message";
  return `Spike Land could not start: ${detail}\n  What to do: read the message above; if it persists, run with DEBUG=1 for the full stack.${
    process.env.DEBUG && error instanceof Error ? `\n${error.stack}` : ""
  }`;
}

main().catch(async (error: unknown) => {
  console.error(explain(error));
  await cluster?.stop().catch(() => undefined);
  process.exit(1);
});
