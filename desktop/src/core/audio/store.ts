/**
 * The mixer's projects as this computer knows them, and the changes still to send: one JSON file per
 * account (`<userData>/audio/<account>/state.json`, rewritten atomically). Every edit is applied here
 * at once and queued as an operation; the sync engine sends the queue in order and merges the
 * server's state back in, keeping local values for fields that still have a change waiting.
 */
import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { AudioProjectDetail, AudioStorageType, AudioStorageUsage, AudioTrack } from "@spike-land/shared/api/audio";

export type TrackMix = { name: string; volume: number; muted: boolean; solo: boolean };
export type TrackChanges = Partial<TrackMix>;

export type LocalTrack = TrackMix & {
  /** Stable for the life of the track on this computer: the server's id, or a local one until it has one. */
  id: string;
  serverId: string | null;
  fileFormat: string;
  /** Seconds; null until known (an uploaded file the server has not described yet). */
  duration: number | null;
  fileSizeBytes: number;
  storageType: AudioStorageType;
  /** A link to the audio (for a few hours), from the server; null while the audio is only on a client. */
  fileUrl: string | null;
  /** The file on this computer the audio came from. */
  localPath: string | null;
  /** A downloaded copy in the cache folder. */
  cachedFile: string | null;
  createdAt: string;
};

export type LocalProject = {
  id: string;
  serverId: string | null;
  name: string;
  description: string | null;
  /** In mixing order. */
  tracks: LocalTrack[];
  createdAt: string;
  updatedAt: string;
};

/**
 * A queued change. `attempt`: when a creation (project or track) was first sent, and the name it was
 * sent with; if its answer never arrived (the connection dropped, the app was killed), the server
 * may have it already, under that name, even if it was renamed here since.
 */
export type PendingOp = { id: number; at: string; attempt?: { at: string; name: string } } & (
  | { kind: "createProject"; projectId: string; name: string; description: string | null }
  | { kind: "updateProject"; projectId: string; name?: string; description?: string | null }
  | { kind: "deleteProject"; projectId: string; name: string }
  | {
      kind: "addTrack";
      projectId: string;
      trackId: string;
      storage: AudioStorageType;
      name: string;
      fileFormat: string;
      duration: number | null;
      fileSizeBytes: number;
      path: string;
    }
  | { kind: "updateTrack"; trackId: string; changes: TrackChanges }
  | { kind: "reorderTracks"; projectId: string; trackIds: string[] }
  | { kind: "deleteTrack"; trackId: string; name: string }
  | { kind: "uploadTrackFile"; trackId: string; path: string; name: string }
);
export type PendingOpKind = PendingOp["kind"];
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type NewOp = DistributiveOmit<PendingOp, "id" | "at">;

export type AudioState = {
  version: 1;
  projects: LocalProject[];
  queue: PendingOp[];
  nextOpId: number;
  /** Local id → server id, kept after the local record is gone so queued deletes can still name it. */
  ids: Record<string, string>;
  usage: AudioStorageUsage | null;
  lastSyncedAt: string | null;
};

export function emptyState(): AudioState {
  return { version: 1, projects: [], queue: [], nextOpId: 1, ids: {}, usage: null, lastSyncedAt: null };
}

export function localId(): string {
  return `local-${randomUUID()}`;
}

/** One folder per server and account, so switching accounts never mixes their projects or queues. */
export function accountDir(userDataDir: string, serverUrl: string, userId: string): string {
  const key = createHash("sha256").update(`${serverUrl}\n${userId}`).digest("hex").slice(0, 16);
  return join(userDataDir, "audio", key);
}

export class AudioStore {
  readonly dir: string;
  state: AudioState = emptyState();
  readonly #now: () => Date;
  #writing: Promise<void> = Promise.resolve();
  #dirty = false;

  constructor(dir: string, now: () => Date = () => new Date()) {
    this.dir = dir;
    this.#now = now;
  }

  get cacheDir(): string {
    return join(this.dir, "cache");
  }

  get #file(): string {
    return join(this.dir, "state.json");
  }

  /** Reads the saved state; a missing or unreadable file starts empty (nothing on disk to lose). */
  async load(): Promise<void> {
    try {
      const saved = JSON.parse(await readFile(this.#file, "utf8")) as AudioState;
      if (saved.version === 1) this.state = { ...emptyState(), ...saved };
    } catch {
      this.state = emptyState();
    }
  }

  /**
   * Writes the state now (write then rename, so a crash leaves the old or the new file). Calls that
   * arrive while a write is going share one more write of the latest state.
   */
  save(): Promise<void> {
    if (this.#dirty) return this.#writing;
    this.#dirty = true;
    this.#writing = this.#writing.then(async () => {
      this.#dirty = false;
      await mkdir(this.dir, { recursive: true });
      const temporary = `${this.#file}.tmp`;
      await writeFile(temporary, JSON.stringify(this.state));
      await rename(temporary, this.#file);
    });
    return this.#writing;
  }

  nowIso(): string {
    return this.#now().toISOString();
  }

  project(id: string): LocalProject | undefined {
    return this.state.projects.find((project) => project.id === id);
  }

  findTrack(id: string): { project: LocalProject; track: LocalTrack } | undefined {
    for (const project of this.state.projects) {
      const track = project.tracks.find((candidate) => candidate.id === id);
      if (track) return { project, track };
    }
    return undefined;
  }

  /** The server's id for a local project or track id, if it has reached the server. */
  serverIdOf(id: string): string | null {
    return this.state.ids[id] ?? null;
  }

  mapId(local: string, server: string): void {
    this.state.ids[local] = server;
  }

  enqueue(op: NewOp): PendingOp {
    const queued = { ...op, id: this.state.nextOpId++, at: this.nowIso() } as PendingOp;
    this.state.queue.push(queued);
    return queued;
  }

  removeOp(id: number): void {
    this.state.queue = this.state.queue.filter((op) => op.id !== id);
  }
}

// ---- From the server's shapes ------------------------------------------------------------------

export function trackFromServer(track: AudioTrack, local?: LocalTrack): LocalTrack {
  return {
    id: local?.id ?? track.id,
    serverId: track.id,
    name: track.name,
    volume: track.volume,
    muted: track.muted,
    solo: track.solo,
    fileFormat: track.fileFormat,
    duration: track.duration > 0 ? track.duration : (local?.duration ?? null),
    fileSizeBytes: track.fileSizeBytes,
    storageType: track.storageType,
    fileUrl: track.fileUrl,
    localPath: local?.localPath ?? null,
    cachedFile: local?.cachedFile ?? null,
    createdAt: track.createdAt,
  };
}

/** Which fields of each entity still have a queued change: those keep their local value in a merge. */
function pendingFields(queue: PendingOp[]) {
  const project = new Map<string, Set<string>>();
  const track = new Map<string, Set<string>>();
  const reordered = new Set<string>();
  const deleted = new Set<string>();
  const adding = new Set<string>();
  const creating = new Set<string>();
  const add = (map: Map<string, Set<string>>, id: string, fields: string[]) => {
    const set = map.get(id) ?? new Set<string>();
    for (const field of fields) set.add(field);
    map.set(id, set);
  };
  for (const op of queue) {
    if (op.kind === "updateProject") add(project, op.projectId, Object.keys(op).filter((key) => key === "name" || key === "description"));
    else if (op.kind === "updateTrack") add(track, op.trackId, Object.keys(op.changes));
    else if (op.kind === "reorderTracks") reordered.add(op.projectId);
    else if (op.kind === "deleteProject") deleted.add(op.projectId);
    else if (op.kind === "deleteTrack") deleted.add(op.trackId);
    else if (op.kind === "addTrack") adding.add(op.trackId);
    else if (op.kind === "createProject") creating.add(op.projectId);
  }
  return { project, track, reordered, deleted, adding, creating };
}

/**
 * Lays the server's projects over the local ones: the server wins for every field without a queued
 * change; projects and tracks still waiting to be created stay; ones deleted here stay deleted, and
 * ones deleted elsewhere go. Returns the ids of the projects whose contents changed.
 */
export function mergeServerState(state: AudioState, server: AudioProjectDetail[], usage: AudioStorageUsage | null): string[] {
  const pending = pendingFields(state.queue);
  const serverIdToLocal = new Map<string, string>();
  for (const [local, remote] of Object.entries(state.ids)) serverIdToLocal.set(remote, local);
  const isDeleted = (serverId: string) => pending.deleted.has(serverIdToLocal.get(serverId) ?? serverId) || pending.deleted.has(serverId);

  const before = new Map(state.projects.map((project) => [project.id, JSON.stringify(project)]));
  const merged: LocalProject[] = [];
  for (const remote of server) {
    if (isDeleted(remote.id)) continue;
    const local = state.projects.find((project) => project.serverId === remote.id);
    const fields = pending.project.get(local?.id ?? remote.id) ?? new Set<string>();
    const tracks = mergeTracks(local, remote, pending, isDeleted);
    merged.push({
      id: local?.id ?? remote.id,
      serverId: remote.id,
      name: fields.has("name") && local ? local.name : remote.name,
      description: fields.has("description") && local ? local.description : remote.description,
      tracks,
      createdAt: remote.createdAt,
      updatedAt: remote.updatedAt,
    });
    state.ids[local?.id ?? remote.id] = remote.id;
  }
  // Projects not on the server yet (their creation is queued) come first, as the newest.
  const waiting = state.projects.filter((project) => project.serverId === null && pending.creating.has(project.id));
  state.projects = [...waiting.map((project) => ({ ...project, tracks: project.tracks.filter((track) => pending.adding.has(track.id)) })), ...merged];
  state.usage = usage ?? state.usage;

  const changed: string[] = [];
  for (const project of state.projects) if (before.get(project.id) !== JSON.stringify(project)) changed.push(project.id);
  for (const id of before.keys()) if (!state.projects.some((project) => project.id === id)) changed.push(id);
  return changed;
}

function mergeTracks(
  local: LocalProject | undefined,
  remote: AudioProjectDetail,
  pending: ReturnType<typeof pendingFields>,
  isDeleted: (serverId: string) => boolean,
): LocalTrack[] {
  const remoteTracks = [...remote.tracks].sort((a, b) => a.sortOrder - b.sortOrder).filter((track) => !isDeleted(track.id));
  const fromRemote = remoteTracks.map((track) => {
    const known = local?.tracks.find((candidate) => candidate.serverId === track.id);
    const next = trackFromServer(track, known);
    const fields = known ? pending.track.get(known.id) : undefined;
    if (known && fields) {
      for (const field of fields) (next as Record<string, unknown>)[field] = known[field as keyof TrackMix];
    }
    return next;
  });
  const waiting = (local?.tracks ?? []).filter((track) => track.serverId === null && pending.adding.has(track.id));
  if (local && pending.reordered.has(local.id)) {
    // The order chosen here has not reached the server yet: keep it, with tracks new from elsewhere at the end.
    const position = new Map(local.tracks.map((track, index) => [track.id, index]));
    const all = [...fromRemote, ...waiting];
    return all.sort((a, b) => (position.get(a.id) ?? Number.MAX_SAFE_INTEGER) - (position.get(b.id) ?? Number.MAX_SAFE_INTEGER));
  }
  return [...fromRemote, ...waiting];
}
