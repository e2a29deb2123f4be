/**
 * Picks the box provider once, from configuration: BOX_PROVIDER=local (the default) runs each box as
 * local processes (Xvfb, x11vnc, Chromium). The cluster design (one pod per box) is described in
 * docs/boxes.md; asking for a provider this build does not have stops the app at start-up rather than
 * failing on the first box. BOX_CGROUP names a delegated cgroup v2 folder for per-box limits.
 */
import { env } from "../../platform/env.server.ts";
import { createLocalBoxProvider, missingBoxPackages, missingPackagesMessage } from "./local.server.ts";
import type { BoxProvider } from "./types.ts";

export type BoxProviderConfig = { driver: "local"; cgroupParent: string | null };

export function resolveBoxProviderConfig(source: Record<string, string | undefined>): BoxProviderConfig {
  const driver = source.BOX_PROVIDER?.trim() || "local";
  if (driver === "local") return { driver, cgroupParent: source.BOX_CGROUP?.trim() || null };
  if (driver === "kubernetes") throw new Error("BOX_PROVIDER=kubernetes is not part of this build (see docs/boxes.md): unset BOX_PROVIDER to run boxes as local processes.");
  throw new Error(`BOX_PROVIDER must be "local" (got "${driver}").`);
}

/** Settled when the app loads, so a bad configuration fails at start-up rather than on the first box. */
export const boxProviderConfig: BoxProviderConfig = resolveBoxProviderConfig(process.env);

let provider: BoxProvider | undefined;

export function boxProvider(): BoxProvider {
  provider ??= createLocalBoxProvider({ dataDir: env.DATA_DIR, cgroupParent: boxProviderConfig.cgroupParent });
  return provider;
}

/**
 * Why boxes cannot start on this server (missing packages), or null. Checked before a box is charged,
 * so the rest of the app runs and a box start answers with what to install.
 */
export function boxesUnavailableReason(): string | null {
  return missingPackagesMessage(missingBoxPackages());
}

export { BoxProviderError } from "./local.server.ts";
export type { BoxHealth, BoxProvider, BoxRuntime, BoxSpec } from "./types.ts";
