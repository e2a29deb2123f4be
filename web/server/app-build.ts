/**
 * Loads the app once per process: the built server bundle in production, Vite's module graph in
 * development. Both the web handler and the background work come from this one build.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import type { ViteDevServer } from "vite";
import { WEB_DIR } from "./config.ts";

/** What the app's entry module exports for the server entries (see app/entry.server.tsx). */
export type AppBackground = {
  startBackground(databaseUrl: string, options: { worker: boolean }): Promise<void>;
  stopBackground(): Promise<void>;
  /** Demo data for development and the catalogue everywhere (prisma/seed.ts). */
  seed(): Promise<{ admin: { email: string; password: string }; user: { email: string; password: string } } | null | undefined>;
};

/** What the app's entry exports for the box screen proxy (see vnc-proxy.ts). */
/** The redeemed ticket's box address, and whether it was issued to the web page or the desktop app. */
export type OpenVncTarget = (
  boxId: string,
  ticket: string,
  accept?: (client: "web" | "app") => boolean,
) => Promise<{ host: string; port: number; client: "web" | "app" } | null>;

export type AppBuild = {
  /** The build for Remix's request handler (a getter in development, so edits are picked up). */
  build: ServerBuild | (() => Promise<ServerBuild>);
  /** The app's own process hooks: seeding and background work. */
  background: AppBackground;
  /** Redeems a box screen ticket for the box's VNC address. */
  openVncTarget: OpenVncTarget;
  vite: ViteDevServer | null;
};

export const CLIENT_DIR = path.join(WEB_DIR, "build", "client");

function backgroundOf(build: ServerBuild): AppBackground {
  const entry = build.entry.module as unknown as Partial<AppBackground>;
  if (typeof entry.startBackground !== "function" || typeof entry.stopBackground !== "function" || typeof entry.seed !== "function") {
    throw new Error("The app build does not export startBackground, stopBackground and seed from its server entry; rebuild it with `npm run build`.");
  }
  return entry as AppBackground;
}

function openVncTargetOf(build: ServerBuild): OpenVncTarget {
  const entry = build.entry.module as unknown as { openVncTarget?: OpenVncTarget };
  if (typeof entry.openVncTarget !== "function") {
    throw new Error("The app build does not export openVncTarget from its server entry; rebuild it with `npm run build`.");
  }
  return entry.openVncTarget;
}

export async function loadAppBuild(options: { dev: boolean }): Promise<AppBuild> {
  if (options.dev) {
    const { createServer } = await import("vite");
    const vite = await createServer({ root: WEB_DIR, server: { middlewareMode: true } });
    const load = () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
    const first = await load();
    openVncTargetOf(first);
    // From the current module graph, as pages are: the module that issued a ticket is the one that checks it.
    const openVncTarget: OpenVncTarget = async (boxId, ticket, accept) => openVncTargetOf(await load())(boxId, ticket, accept);
    return { build: load, background: backgroundOf(first), openVncTarget, vite };
  }
  const build = (await import(pathToFileURL(path.join(WEB_DIR, "build", "server", "index.js")).href)) as ServerBuild;
  return { build, background: backgroundOf(build), openVncTarget: openVncTargetOf(build), vite: null };
}

/** Starts the background side of a loaded app: the queue client, and the workers when `worker`. */
export async function startBackgroundWork(background: AppBackground, databaseUrl: string, options: { worker: boolean }): Promise<void> {
  await background.startBackground(databaseUrl, { worker: options.worker });
  if (options.worker) console.log("Background jobs are running.");
}
