/**
 * Where boxes run. A provider turns a box into a running desktop (an X display with a browser,
 * reachable over VNC and the Chrome DevTools Protocol) and back. The embedded default runs each box
 * as local processes; a cluster provider would run the same image as one pod per box.
 */

/** What the app keeps about a running box to reach it again, also after a server restart. */
export type BoxRuntime = {
  provider: "local" | "kubernetes";
  /** Host the VNC and DevTools ports listen on (127.0.0.1 for local boxes). */
  host: string;
  /** RFB (VNC) TCP port. */
  vncPort: number;
  /** The box's own random VNC password (at most 8 characters: VNC's classic authentication reads only 8). */
  vncPassword: string;
  /** Chrome DevTools Protocol port of the box's browser (`http://host:cdpPort` for connectOverCDP). */
  cdpPort: number;
  /** Provider-specific handle: for local boxes the X display number and the process ids. */
  handle: { display?: number; pids?: number[]; pod?: string };
};

export type BoxSpec = {
  id: string;
  /** From the box's tier: vCPUs and memory the box may use where the platform can enforce it. */
  cpu: number;
  ramMb: number;
  /** Start with a copy of this box's browser profile (clone). */
  copyFrom?: string | null;
};

export type BoxHealth = "running" | "gone" | "browser-died";

export interface BoxProvider {
  readonly kind: BoxRuntime["provider"];
  /** Starts the box's desktop and resolves once VNC and DevTools answer. */
  start(spec: BoxSpec): Promise<BoxRuntime>;
  /** Stops everything the box runs; resolves when it is gone. Safe to call twice. */
  stop(boxId: string, runtime: BoxRuntime): Promise<void>;
  /** Whether the box's processes are all there (after a restart: can it be adopted?). */
  health(runtime: BoxRuntime): Promise<BoxHealth>;
  /** Deletes what the box keeps on disk (its browser profile). */
  remove(boxId: string): Promise<void>;
}
