/**
 * Sends the queued mixer changes to the server in the order they were made, one at a time, then
 * pulls the server's projects back in. Unreachable server (ApiError "network"): the queue stays and
 * is tried again after a growing pause. A refusal that can never succeed (a 4xx): that change is
 * dropped, its message kept for the window, and the server's state pulled so the window shows what
 * the server holds. A local id becomes the server's id as soon as its creation is answered. A
 * creation whose answer never came (a dropped connection, the app killed) is looked for on the
 * server before it is sent again, so it is not made twice.
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { ApiError, type ApiClient } from "@spike-land/shared/api/client";
import type { AudioProjectDetail } from "@spike-land/shared/api/audio";
import { AUDIO_FORMATS, type AudioFormat } from "@spike-land/shared/audio/formats";
import { CoreError } from "../errors.ts";
import { mergeServerState, trackFromServer, type AudioStore, type PendingOp } from "./store.ts";

/** Pauses before trying an unreachable server again: 1 s, 2 s, 5 s, 10 s, then every 30 s. */
export const RETRY_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

/** How far the server's clock may be behind this computer's when matching a creation it may already have. */
const CLOCK_SKEW_MS = 10 * 60_000;

export type SyncState = "signedOut" | "offline" | "syncing" | "pending" | "synced";

export type SyncStatus = {
  state: SyncState;
  /** Changes made here that the server does not have yet. */
  pending: number;
  /** The last change the server refused (dropped), or why syncing is stuck; null when all is well. */
  lastError: string | null;
  lastSyncedAt: string | null;
  /** When the next attempt is due while offline. */
  retryAt: string | null;
};

export type SyncEngineOptions = {
  store: AudioStore;
  api(): Promise<ApiClient>;
  /** After every change to what the window shows: the projects whose contents changed. */
  onChanged(projectIds: string[]): void;
  onStatus(status: SyncStatus): void;
  retryDelaysMs?: number[];
  log?: (message: string, error?: unknown) => void;
};

type Outcome = { kind: "sent" } | { kind: "dropped"; message: string } | { kind: "offline" } | { kind: "retry"; afterMs?: number; message?: string } | { kind: "signedOut"; message: string };

/** A change the server refused for good: why, in the person's words. */
class Refused extends Error {}

export class SyncEngine {
  readonly #options: SyncEngineOptions;
  readonly #delays: number[];
  #running: Promise<void> | null = null;
  #again = false;
  #pullWanted = true;
  #timer: NodeJS.Timeout | null = null;
  #failures = 0;
  #closed = false;
  #online: boolean | null = null;
  #syncing = false;
  #signedOut = false;
  #lastError: string | null = null;
  #retryAt: Date | null = null;
  /** The creation being sent for the first time, which the server cannot have yet. */
  #firstAttemptOf: number | null = null;
  #inFlight: number | null = null;

  constructor(options: SyncEngineOptions) {
    this.#options = options;
    this.#delays = options.retryDelaysMs ?? RETRY_DELAYS_MS;
  }

  get store(): AudioStore {
    return this.#options.store;
  }

  /** The op being sent right now: it must not be merged into or removed. */
  get inFlight(): number | null {
    return this.#inFlight;
  }

  status(): SyncStatus {
    const pending = this.store.state.queue.length;
    const state: SyncState = this.#signedOut
      ? "signedOut"
      : this.#online === false
        ? "offline"
        : this.#syncing && pending > 0
          ? "syncing"
          : pending > 0
            ? "pending"
            : "synced";
    return {
      state,
      pending,
      lastError: this.#lastError,
      lastSyncedAt: this.store.state.lastSyncedAt,
      retryAt: this.#online === false && this.#retryAt ? this.#retryAt.toISOString() : null,
    };
  }

  dismissError(): void {
    this.#lastError = null;
    this.#emitStatus();
  }

  /** Starts sending now (a new change, the window asking, the network back); `pull` also asks for the server's state. */
  kick(pull = false): void {
    if (this.#closed) return;
    if (pull) this.#pullWanted = true;
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#loop().finally(() => {
      this.#running = null;
    });
  }

  /** Resolves when the engine has nothing more to do right now (done, offline, or waiting to retry). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  /** Sends everything and pulls; resolves when done or when the server could not be reached. */
  async flush(): Promise<SyncStatus> {
    this.kick(true);
    await this.idle();
    return this.status();
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #emitStatus(): void {
    this.#options.onStatus(this.status());
  }

  async #loop(): Promise<void> {
    this.#syncing = true;
    this.#emitStatus();
    try {
      do {
        this.#again = false;
        while (!this.#closed) {
          const op = this.store.state.queue[0];
          if (!op) break;
          this.#inFlight = op.id;
          this.#firstAttemptOf = null;
          if ((op.kind === "createProject" || op.kind === "addTrack") && op.attempt === undefined) {
            op.attempt = { at: this.store.nowIso(), name: op.name };
            this.#firstAttemptOf = op.id;
            await this.store.save();
          }
          const outcome = await this.#send(op);
          this.#inFlight = null;
          if (outcome.kind === "sent" || outcome.kind === "dropped") {
            this.#reachable();
            this.store.removeOp(op.id);
            if (outcome.kind === "dropped") {
              this.#lastError = outcome.message;
              this.#forgetUnsent(op);
            }
            this.#pullWanted = true;
            await this.store.save();
            this.#emitStatus();
            continue;
          }
          this.#stall(outcome);
          return;
        }
        if (this.#closed) return;
        if (this.#pullWanted) {
          const pulled = await this.#pull();
          if (pulled.kind !== "sent") {
            this.#stall(pulled);
            return;
          }
        }
      } while (this.#again || (this.store.state.queue.length > 0 && !this.#closed));
    } finally {
      this.#inFlight = null;
      this.#syncing = false;
      this.#emitStatus();
    }
  }

  #reachable(): void {
    this.#online = true;
    this.#signedOut = false;
    this.#failures = 0;
    this.#retryAt = null;
  }

  /** Offline or a passing server problem: try again after a pause that grows with each failure. */
  #stall(outcome: Outcome): void {
    if (outcome.kind === "signedOut") {
      this.#signedOut = true;
      this.#lastError = outcome.message;
      return;
    }
    if (outcome.kind === "offline") this.#online = false;
    else if (outcome.kind === "retry" && outcome.message) this.#lastError = outcome.message;
    const delay = (outcome.kind === "retry" ? outcome.afterMs : undefined) ?? this.#delays[Math.min(this.#failures, this.#delays.length - 1)]!;
    this.#failures++;
    this.#retryAt = new Date(Date.now() + delay);
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.kick();
    }, delay);
  }

  async #pull(): Promise<Outcome> {
    try {
      const api = await this.#options.api();
      const list = await api.listAudioProjects();
      const details: AudioProjectDetail[] = [];
      for (const summary of list.projects) {
        try {
          details.push((await api.getAudioProject(summary.id)).project);
        } catch (error) {
          // Deleted between the list and now: it simply is not there any more.
          if (!(error instanceof ApiError && error.status === 404)) throw error;
        }
      }
      this.#reachable();
      // Edits made while this was on its way are queued, so the merge keeps their fields.
      const changed = mergeServerState(this.store.state, details, list.usage);
      this.store.state.lastSyncedAt = this.store.nowIso();
      await this.store.save();
      if (changed.length > 0) this.#options.onChanged(changed);
      this.#pullWanted = false;
      return { kind: "sent" };
    } catch (error) {
      return this.#classify(error, null);
    }
  }

  async #send(op: PendingOp): Promise<Outcome> {
    try {
      const api = await this.#options.api();
      await this.#execute(api, op);
      return { kind: "sent" };
    } catch (error) {
      return this.#classify(error, op);
    }
  }

  #classify(error: unknown, op: PendingOp | null): Outcome {
    if (error instanceof Refused) return { kind: "dropped", message: error.message };
    if (error instanceof CoreError && error.code === "unauthorized") return { kind: "signedOut", message: error.message };
    if (error instanceof ApiError) {
      if (error.code === "network") return { kind: "offline" };
      if (error.status === 401) return { kind: "signedOut", message: "Your session has ended. Sign in again to sync your mixer changes." };
      if (error.status === 429) return { kind: "retry", ...(error.retryAfterSeconds !== undefined ? { afterMs: error.retryAfterSeconds * 1000 } : {}) };
      if (error.status >= 400 && error.status < 500 && op) return { kind: "dropped", message: `${describe(op, this.store)}: ${error.message}` };
      return { kind: "retry", message: `The server could not take your changes just now (${error.message}). Trying again.` };
    }
    if (error instanceof CoreError && op) return { kind: "dropped", message: `${describe(op, this.store)}: ${error.message}` };
    this.#options.log?.("Syncing a mixer change failed", error);
    return { kind: "retry" };
  }

  /** A creation the server refused leaves nothing to sync: the local record goes, with later changes to it. */
  #forgetUnsent(op: PendingOp): void {
    const { state } = this.store;
    if (op.kind === "createProject") {
      const project = this.store.project(op.projectId);
      const trackIds = new Set(project?.tracks.map((track) => track.id));
      state.projects = state.projects.filter((candidate) => candidate.id !== op.projectId);
      state.queue = state.queue.filter((queued) => !touches(queued, op.projectId, trackIds));
      this.#options.onChanged([op.projectId]);
    } else if (op.kind === "addTrack") {
      const found = this.store.findTrack(op.trackId);
      if (found && found.track.serverId === null) found.project.tracks = found.project.tracks.filter((track) => track.id !== op.trackId);
      state.queue = state.queue.filter((queued) => !touches(queued, null, new Set([op.trackId])));
      this.#options.onChanged([op.projectId]);
    }
  }

  /** Server ids some local record already stands for (made here, or pulled from the server). */
  #mappedServerIds(): Set<string> {
    const ids = new Set(Object.values(this.store.state.ids));
    for (const project of this.store.state.projects) {
      if (project.serverId) ids.add(project.serverId);
      for (const track of project.tracks) if (track.serverId) ids.add(track.serverId);
    }
    return ids;
  }

  /**
   * A creation sent before whose answer never came may have reached the server: a project with the
   * name it was sent with (or has now), made since it was first sent and not yet anyone's here, is
   * taken to be it.
   */
  async #alreadyCreatedProject(api: ApiClient, op: Extract<PendingOp, { kind: "createProject" }>) {
    if (op.attempt === undefined || this.#firstAttemptOf === op.id) return null;
    const since = Date.parse(op.attempt.at) - CLOCK_SKEW_MS;
    const mapped = this.#mappedServerIds();
    const { projects } = await api.listAudioProjects();
    const names = new Set([op.attempt.name, op.name]);
    const match = projects.find((p) => names.has(p.name) && Date.parse(p.createdAt) >= since && !mapped.has(p.id));
    if (!match) return null;
    // Renamed here since it was sent: the server gets the name the person sees now.
    if (match.name !== op.name || match.description !== op.description) return (await api.updateAudioProject(match.id, { name: op.name, description: op.description })).project;
    return (await api.getAudioProject(match.id)).project;
  }

  /** The same for a track: its name and size, in its project, made since it was first sent. */
  async #alreadyAddedTrack(api: ApiClient, projectId: string, op: Extract<PendingOp, { kind: "addTrack" }>) {
    if (op.attempt === undefined || this.#firstAttemptOf === op.id) return null;
    const since = Date.parse(op.attempt.at) - CLOCK_SKEW_MS;
    const mapped = this.#mappedServerIds();
    const { project } = await api.getAudioProject(projectId);
    const names = new Set([op.attempt.name, op.name]);
    const match = project.tracks.find((t) => names.has(t.name) && t.fileSizeBytes === op.fileSizeBytes && Date.parse(t.createdAt) >= since && !mapped.has(t.id));
    if (!match) return null;
    return match.name === op.name ? match : (await api.updateAudioTrack(match.id, { name: op.name })).track;
  }

  async #execute(api: ApiClient, op: PendingOp): Promise<void> {
    const store = this.store;
    const projectServerId = (id: string) => {
      const found = store.serverIdOf(id);
      if (!found) throw new Refused(`${describe(op, store)}: the project is no longer there.`);
      return found;
    };
    const trackServerId = (id: string) => store.serverIdOf(id);
    switch (op.kind) {
      case "createProject": {
        const project = (await this.#alreadyCreatedProject(api, op)) ?? (await api.createAudioProject({ name: op.name, description: op.description })).project;
        store.mapId(op.projectId, project.id);
        const local = store.project(op.projectId);
        if (local) Object.assign(local, { serverId: project.id, createdAt: project.createdAt, updatedAt: project.updatedAt });
        this.#options.onChanged([op.projectId]);
        return;
      }
      case "updateProject": {
        const input = { ...(op.name !== undefined ? { name: op.name } : {}), ...(op.description !== undefined ? { description: op.description } : {}) };
        await ignoreGone(api.updateAudioProject(projectServerId(op.projectId), input));
        return;
      }
      case "deleteProject": {
        const id = store.serverIdOf(op.projectId);
        if (id) await ignoreGone(api.deleteAudioProject(id));
        return;
      }
      case "addTrack": {
        const projectId = projectServerId(op.projectId);
        const track =
          (await this.#alreadyAddedTrack(api, projectId, op)) ??
          (op.storage === "R2"
            ? await api.uploadAudioTrack(projectId, { bytes: await readSource(op.path), name: basename(op.path), trackName: op.name, contentType: mime(op.fileFormat) })
            : await api.registerLocalAudioTrack(projectId, {
                name: op.name,
                fileFormat: op.fileFormat as AudioFormat,
                duration: op.duration ?? 0,
                fileSizeBytes: op.fileSizeBytes,
              })
          ).track;
        store.mapId(op.trackId, track.id);
        const found = store.findTrack(op.trackId);
        if (found) {
          // The mix settings made here while waiting are queued after this; the server's file facts win.
          const { name, volume, muted, solo } = found.track;
          Object.assign(found.track, { ...trackFromServer(track, found.track), name, volume, muted, solo });
          this.#options.onChanged([found.project.id]);
        }
        return;
      }
      case "updateTrack": {
        const id = trackServerId(op.trackId);
        if (id) await ignoreGone(api.updateAudioTrack(id, op.changes));
        return;
      }
      case "reorderTracks": {
        const id = projectServerId(op.projectId);
        const { project } = await api.getAudioProject(id);
        const onServer = [...project.tracks].sort((a, b) => a.sortOrder - b.sortOrder).map((track) => track.id);
        const wanted = op.trackIds.map((local) => store.serverIdOf(local)).filter((server): server is string => server !== null && onServer.includes(server));
        // Tracks added elsewhere meanwhile keep their place after the ones ordered here.
        const order = [...wanted, ...onServer.filter((server) => !wanted.includes(server))];
        if (order.length > 0 && order.join() !== onServer.join()) await api.reorderAudioTracks(id, order);
        return;
      }
      case "deleteTrack": {
        const id = trackServerId(op.trackId);
        if (id) await ignoreGone(api.deleteAudioTrack(id));
        return;
      }
      case "uploadTrackFile": {
        const id = trackServerId(op.trackId);
        if (!id) throw new Refused(`${describe(op, store)}: the track is no longer there.`);
        const { track } = await api.uploadAudioTrackFile(id, { bytes: await readSource(op.path), name: basename(op.path), contentType: mime(null) });
        const found = store.findTrack(op.trackId);
        if (found) {
          Object.assign(found.track, { storageType: track.storageType, fileUrl: track.fileUrl, fileSizeBytes: track.fileSizeBytes });
          this.#options.onChanged([found.project.id]);
        }
        return;
      }
    }
  }
}

/** A change to something already deleted on the server (from the web, say) has nothing left to do. */
async function ignoreGone(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return;
    throw error;
  }
}

async function readSource(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch {
    throw new CoreError("not_found", `${basename(path)} is no longer at ${path}, so it could not be uploaded`);
  }
}

function mime(format: string | null): string {
  return format && format in AUDIO_FORMATS ? AUDIO_FORMATS[format as AudioFormat].mime : "application/octet-stream";
}

/** Does the op name this project or one of these tracks? */
function touches(op: PendingOp, projectId: string | null, trackIds: Set<string>): boolean {
  if ("projectId" in op && op.projectId === projectId) return true;
  return "trackId" in op && trackIds.has(op.trackId);
}

/** The change, as the window names it in a message. */
export function describe(op: PendingOp, store?: AudioStore): string {
  switch (op.kind) {
    case "createProject":
      return `The project “${op.name}” could not be saved`;
    case "updateProject":
      return op.name !== undefined ? `Renaming the project to “${op.name}” was refused` : "Changing the project was refused";
    case "deleteProject":
      return `Deleting the project “${op.name}” was refused`;
    case "addTrack":
      return `The track “${op.name}” could not be added`;
    case "updateTrack":
      return `Changing the track “${store?.findTrack(op.trackId)?.track.name ?? "(deleted)"}” was refused`;
    case "reorderTracks":
      return "The new track order was refused";
    case "deleteTrack":
      return `Deleting the track “${op.name}” was refused`;
    case "uploadTrackFile":
      return `Uploading “${op.name}” was refused`;
  }
}
