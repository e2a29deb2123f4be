/**
 * The window's side of bulk uploads and what follows them: albums to choose from, starting, pausing,
 * resuming and cancelling a run (one at a time), then the "Enhance all" offer and the live progress
 * of the batches it starts.
 */
import { randomUUID } from "node:crypto";
import { ApiError, type ApiClient } from "@spike-land/shared/api/client";
import type { BatchResponse } from "@spike-land/shared/api/albums";
import { ENHANCEMENT_COST } from "@spike-land/shared/tokens/tiers";
import type { EnhanceProgress, EnhanceQuote, Handlers, ParsedRequestOf, UploadRunView } from "../../ipc/contract.ts";
import { CoreError } from "../errors.ts";
import type { CoreEvents } from "../events.ts";
import { JournalStore } from "./journal.ts";
import { UploadRun } from "./run.ts";

/** The longest server-requested wait "Enhance all" sits through, and how many times. */
const MAX_LIMIT_WAIT_SECONDS = 60;
const LIMIT_ATTEMPTS = 4;

/** How often a running batch is asked for its progress. */
export const BATCH_POLL_MS = 1500;

export type UploadServiceOptions = {
  userDataDir: string;
  events: CoreEvents;
  client: () => Promise<{ api: ApiClient; serverUrl: string }>;
  shell?: { pickFolders(): Promise<string[]>; openExternal(url: string): Promise<void> };
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  log?: (message: string, error?: unknown) => void;
};

type UploadHandlers = Pick<
  Handlers,
  | "albums:list"
  | "folders:pick"
  | "upload:start"
  | "upload:get"
  | "upload:pause"
  | "upload:resume"
  | "upload:cancel"
  | "upload:dismiss"
  | "enhance:quote"
  | "enhance:start"
  | "enhance:get"
  | "album:open"
>;

export type UploadService = UploadHandlers & {
  /** The run in progress, for tests and for settling before the app quits. */
  current(): Promise<UploadRun | null>;
  close(): Promise<void>;
};

export function createUploadService(options: UploadServiceOptions): UploadService {
  const journal = new JournalStore(options.userDataDir);
  let run: UploadRun | null = null;
  let loaded: Promise<void> | null = null;
  let batches = new Map<string, BatchResponse["batch"]>();
  let polling: Promise<void> | null = null;
  let closed = false;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  const deps = {
    journal,
    client: options.client,
    emit: (view: UploadRunView) => options.events.emit("upload:changed", view),
    ...(options.now ? { now: options.now } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.log ? { log: options.log } : {}),
  };

  /** The run left on disk by the last launch comes back as interrupted (or as it ended). */
  function load(): Promise<void> {
    loaded ??= (async () => {
      const saved = await journal.load();
      if (!saved) return;
      run = new UploadRun(saved.settings, deps, saved.events);
      run.interrupted();
    })();
    return loaded;
  }

  async function current(): Promise<UploadRun | null> {
    await load();
    return run;
  }

  async function requireRun(): Promise<UploadRun> {
    const found = await current();
    if (!found) throw new CoreError("not_found", "There is no upload to change. Drop some folders to start one.");
    return found;
  }

  async function start(request: ParsedRequestOf<"upload:start">): Promise<UploadRunView> {
    const existing = await current();
    if (existing && (existing.status === "running" || existing.status === "paused")) {
      throw new CoreError("conflict", "An upload is already going. Wait for it to finish, or cancel it first.");
    }
    if (existing?.status === "interrupted") {
      throw new CoreError("conflict", "An earlier upload was interrupted. Resume it or discard it first.");
    }
    // Signed in? Asked now, so a signed-out person hears it before anything is scanned.
    await options.client();
    const folders = [...new Set(request.folders)];
    const settings = {
      id: randomUUID(),
      folders,
      target: request.target,
      uploadOriginals: request.uploadOriginals,
      startedAt: new Date(options.now?.() ?? Date.now()).toISOString(),
      status: "running" as const,
      message: null,
      albums: [],
      batches: [],
    };
    await journal.create(settings);
    batches = new Map();
    run = new UploadRun(settings, deps);
    run.start();
    return run.view();
  }

  function runAlbums(found: UploadRun) {
    return found.settings.albums.filter((album): album is typeof album & { id: string } => album.id !== null);
  }

  async function quote(request: ParsedRequestOf<"enhance:quote">): Promise<EnhanceQuote> {
    const found = await requireRun();
    const { api } = await options.client();
    const albums = [];
    for (const album of runAlbums(found)) {
      const detail = (await api.getAlbum(album.id)).album;
      const tier = request.tier ?? detail.defaultTier;
      const images = detail.images.length;
      if (images > 0) albums.push({ albumId: detail.id, name: detail.name, tier, images, cost: ENHANCEMENT_COST[tier] * images });
    }
    const me = await api.me();
    return { albums, cost: albums.reduce((sum, album) => sum + album.cost, 0), balance: me.tokens?.balance ?? 0 };
  }

  function progress(found: UploadRun | null): EnhanceProgress {
    if (!found) return { batches: [] };
    const names = new Map(found.settings.albums.map((album) => [album.id, album.name]));
    return {
      batches: found.settings.batches.map((started) => {
        const batch = batches.get(started.batchId);
        const totals = batch?.totals;
        return {
          albumId: started.albumId,
          albumName: names.get(started.albumId) ?? "Album",
          batchId: started.batchId,
          tier: batch?.items[0]?.tier ?? "TIER_1K",
          total: totals?.total ?? 0,
          done: totals?.done ?? 0,
          failed: totals?.failed ?? 0,
          running: totals?.running ?? 0,
          cost: started.cost,
          skipped: started.skipped,
          finished: batch?.finished ?? false,
        };
      }),
    };
  }

  /** Asks for each unfinished batch's progress until all are finished, telling the window each time. */
  function poll(found: UploadRun): void {
    polling ??= (async () => {
      try {
        while (!closed && run === found) {
          const open = found.settings.batches.filter((started) => !batches.get(started.batchId)?.finished);
          if (open.length === 0) break;
          const { api } = await options.client();
          for (const started of open) {
            const { batch } = await api.getBatch(started.batchId);
            batches.set(started.batchId, batch);
          }
          options.events.emit("enhance:changed", progress(found));
          if (found.settings.batches.every((started) => batches.get(started.batchId)?.finished)) break;
          await sleep(BATCH_POLL_MS);
        }
      } catch (error) {
        options.log?.("Following the enhancement batches stopped", error);
      } finally {
        polling = null;
      }
    })();
  }

  /**
   * Albums are enhanced a few a minute (the server's batch limit): a short wait the server asks for is
   * waited out, a few times. A long one (such as the day's free allowance being used up) is passed
   * on with the server's own words.
   */
  async function withLimitWaits<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        const wait = error instanceof ApiError && error.status === 429 ? error.retryAfterSeconds : undefined;
        if (wait === undefined || wait > MAX_LIMIT_WAIT_SECONDS || attempt >= LIMIT_ATTEMPTS) throw error;
        await sleep(wait * 1000);
      }
    }
  }

  async function enhance(request: ParsedRequestOf<"enhance:start">): Promise<EnhanceProgress> {
    const found = await requireRun();
    if (found.status !== "done") throw new CoreError("conflict", "Wait for the upload to finish, then enhance its albums.");
    if (found.settings.batches.length > 0) throw new CoreError("conflict", "These albums are already being enhanced.");
    const { api } = await options.client();
    for (const album of runAlbums(found)) {
      const detail = (await api.getAlbum(album.id)).album;
      if (detail.images.length === 0) continue;
      const started = await withLimitWaits(() => api.enhanceAlbum(album.id, request.tier ? { tier: request.tier } : {}));
      found.settings.batches.push({ albumId: album.id, batchId: started.batchId, cost: started.cost, skipped: started.skipped });
      await journal.saveSettings(found.settings);
    }
    if (found.settings.batches.length === 0) throw new CoreError("bad_request", "None of these albums has photos to enhance.");
    poll(found);
    return progress(found);
  }

  return {
    "albums:list": async () => {
      const { api, serverUrl } = await options.client();
      const { albums } = await api.listAlbums();
      return { albums: albums.map((album) => ({ id: album.id, name: album.name, imageCount: album.imageCount, url: `${serverUrl}/albums/${album.id}` })) };
    },
    "folders:pick": async () => {
      if (!options.shell) throw new CoreError("bad_request", "Choosing folders needs the desktop app. Drop the folders on the window instead.");
      return { folders: await options.shell.pickFolders() };
    },
    "upload:start": start,
    "upload:get": async () => (await current())?.view() ?? null,
    "upload:pause": async () => {
      const found = await requireRun();
      await found.pause();
      return found.view();
    },
    "upload:resume": async () => {
      const found = await requireRun();
      if (found.status === "done" || found.status === "cancelled") throw new CoreError("conflict", "This upload has ended; drop the folders again to start a new one.");
      found.resume();
      return found.view();
    },
    "upload:cancel": async () => {
      const found = await requireRun();
      await found.cancel();
      return found.view();
    },
    "upload:dismiss": async () => {
      const found = await current();
      if (found && (found.status === "running" || found.status === "paused")) {
        throw new CoreError("conflict", "Cancel the upload before putting it away.");
      }
      await journal.remove();
      run = null;
      batches = new Map();
      options.events.emit("upload:changed", null);
      return null;
    },
    "enhance:quote": quote,
    "enhance:start": enhance,
    "enhance:get": async () => {
      const found = await current();
      if (found && found.settings.batches.some((started) => !batches.get(started.batchId)?.finished)) poll(found);
      return progress(found);
    },
    "album:open": async ({ albumId }) => {
      const { serverUrl } = await options.client();
      const url = `${serverUrl}/albums/${encodeURIComponent(albumId)}`;
      await options.shell?.openExternal(url);
      return { url };
    },
    current,
    async close() {
      closed = true;
      await run?.settle();
    },
  };
}
