/**
 * The production entry: settles configuration, provides a migrated and seeded database, loads the
 * app once (app-build.ts), then serves it with Express and runs its background work (worker.ts).
 * `--role=web|worker|all` splits web and background work for scale-out; `--dev` serves through Vite
 * with hot reload.
 */
import { readdirSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import compression from "compression";
import express from "express";
import { CLIENT_DIR, loadAppBuild, startBackgroundWork } from "./app-build.ts";
import { dataDir, ensureSecrets } from "./config.ts";
import { migrate, provideDatabase } from "./database.ts";
import { StartupError } from "./embedded-postgres.ts";
import { createGuardedRequestHandler, requestChecks, securityHeaders } from "./request-guards.ts";
import { attachVncProxy } from "./vnc-proxy.ts";

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

  const app = await loadAppBuild({ dev });
  const demo = await app.background.seed();
  const appEnv = process.env.APP_ENV ?? "development";

  const port = Number(process.env.PORT ?? 3000);
  let server: ReturnType<typeof createServer> | null = null;
  let vncProxy: ReturnType<typeof attachVncProxy> | null = null;
  if (role === "web" || role === "all") {
    const web = express();
    web.disable("x-powered-by");
    web.set("trust proxy", process.env.TRUST_PROXY === "true");
    web.use(compression());
    // The app reads the client address only from this header, which we always overwrite.
    web.use((req, _res, next) => {
      req.headers["x-client-ip"] = req.ip ?? req.socket.remoteAddress ?? "unknown";
      next();
    });
    // Vite's development client injects scripts of its own, so the CSP is for built pages.
    web.use(securityHeaders({ csp: !dev }));
    web.use(requestChecks());
    if (app.vite) {
      web.use(app.vite.middlewares);
    } else {
      web.use("/assets", express.static(path.join(CLIENT_DIR, "assets"), { immutable: true, maxAge: "1y" }));
      // The few top-level public files by name: page requests never touch the file system.
      for (const file of readdirSync(CLIENT_DIR, { withFileTypes: true })) {
        if (!file.isFile()) continue;
        const served = express.static(CLIENT_DIR, { maxAge: "1h", index: false });
        web.get(`/${file.name}`, served);
        web.head(`/${file.name}`, served);
      }
    }
    web.all(
      "*",
      createGuardedRequestHandler({
        build: app.build,
        mode: dev ? "development" : "production",
        getLoadContext: (_req, res) => ({ cspNonce: String(res.locals.cspNonce) }),
      }),
    );
    server = createServer(web);
    // Box screens: WebSocket upgrades on /boxes/<id>/vnc, piped to the box's VNC server.
    vncProxy = attachVncProxy(server, { openTarget: app.openVncTarget, trustProxy: process.env.TRUST_PROXY === "true" });
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
  await startBackgroundWork(app.background, url, { worker: role === "worker" || role === "all" });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: shutting down…`);
    await app.background.stopBackground().catch((error: unknown) => console.error("queue stop:", error));
    vncProxy?.close();
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
