/**
 * The mixer for the desktop window: projects and tracks kept on this computer and synced with the
 * server (offline edits included), audio files added from disk (checked by content, size and
 * length; uploaded or kept here), the audio bytes the window plays (from disk, or downloaded once
 * and cached), server mixdowns, and saving a mix the window rendered.
 */
import { randomUUID } from "node:crypto";
import { copyFile, mkdir, open, rename, rm, stat, writeFile, appendFile } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, extname, join } from "node:path";
import { ApiError, type ApiClient } from "@spike-land/shared/api/client";
import {
  ACCEPTED_AUDIO_TEXT,
  AUDIO_FORMATS,
  MAX_AUDIO_FILE_BYTES,
  MAX_TRACK_SECONDS,
  MAX_TRACKS_PER_PROJECT,
  type AudioFormat,
} from "@spike-land/shared/audio/formats";
import type {
  AddAudioFilesResponse,
  AudioChunk,
  AudioListView,
  AudioProjectView,
  AudioSyncStatus,
  AudioTrackView,
  Handlers,
  ParsedRequestOf,
} from "../../ipc/contract.ts";
import { CoreError } from "../errors.ts";
import type { CoreEvents } from "../events.ts";
import { probeAudioFile } from "./probe.ts";
import { AudioStore, accountDir, localId, type LocalProject, type LocalTrack, type PendingOp, type TrackChanges } from "./store.ts";
import { SyncEngine } from "./sync.ts";

/** Audio goes to the window in pieces of this many bytes (about 4 MB as base64). */
export const AUDIO_CHUNK_BYTES = 3 * 1024 * 1024;
/** The server's state is fetched again when the window lists projects and the last pull is older than this. */
const PULL_AFTER_MS = 15_000;
/** And every minute while signed in, so changes made on the web show up. */
const PULL_EVERY_MS = 60_000;

const SIGNED_OUT = "You are signed out. Sign in to use the mixer.";

export type AudioShell = {
  /** The system's picker for audio files; the chosen paths, none when cancelled. */
  pickAudioFiles?(): Promise<string[]>;
  /** The system's save dialog, offering `suggestedName`; null when cancelled. */
  chooseSavePath?(suggestedName: string): Promise<string | null>;
};

export type AudioServiceOptions = {
  userDataDir: string;
  events: CoreEvents;
  client: () => Promise<{ api: ApiClient; serverUrl: string }>;
  /** Who is signed in where; null when signed out. */
  account: () => Promise<{ serverUrl: string; userId: string } | null>;
  shell?: AudioShell;
  /** Where saved mixes go when there is no save dialog; `~/Downloads` by default. */
  downloadsDir?: string;
  retryDelaysMs?: number[];
  /** Pull the server's state every minute while signed in (off in tests that count requests). */
  pollServer?: boolean;
  now?: () => Date;
  log?: (message: string, error?: unknown) => void;
};

type AudioHandlerNames = Extract<keyof Handlers, `audio:${string}`>;
export type AudioService = Pick<Handlers, AudioHandlerNames> & {
  /** The sync engine of the signed-in account (loading its store first); for tests and for quitting. */
  engine(): Promise<SyncEngine>;
  /** Follows the session: a new account gets its own store, signing out stops syncing. */
  sessionChanged(): Promise<void>;
  close(): void;
};

type Context = { key: string; store: AudioStore; engine: SyncEngine; lastPull: number };

export function createAudioService(options: AudioServiceOptions): AudioService {
  const { events } = options;
  let context: Promise<Context> | null = null;
  let contextKey: string | null = null;
  let closed = false;
  const downloads = new Map<string, Promise<string>>();
  const saves = new Map<string, { file: string; fileName: string }>();
  const poll = options.pollServer === false ? null : setInterval(() => void current().then((ctx) => ctx?.engine.kick(true)), PULL_EVERY_MS);
  poll?.unref();

  /** The signed-in account's store and engine, or null when signed out. */
  async function current(): Promise<Context | null> {
    const account = await options.account();
    if (!account || closed) {
      if (context) (await context).engine.close();
      context = null;
      contextKey = null;
      return null;
    }
    const dir = accountDir(options.userDataDir, account.serverUrl, account.userId);
    if (contextKey !== dir || !context) {
      if (context) (await context.catch(() => null))?.engine.close();
      contextKey = dir;
      context = (async () => {
        const store = new AudioStore(dir, options.now);
        await store.load();
        const engine = new SyncEngine({
          store,
          api: async () => (await options.client()).api,
          onChanged: (projectIds) => events.emit("audio:changed", { projectIds }),
          onStatus: (status) => events.emit("audio:status", status),
          ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
          ...(options.log ? { log: options.log } : {}),
        });
        engine.kick(true);
        return { key: dir, store, engine, lastPull: Date.now() };
      })();
    }
    return context;
  }

  async function ctx(): Promise<Context> {
    const found = await current();
    if (!found) throw new CoreError("unauthorized", SIGNED_OUT);
    return found;
  }

  function requireProject(store: AudioStore, id: string): LocalProject {
    const project = store.project(id);
    if (!project) throw new CoreError("not_found", "That project is not here any more. It may have been deleted.");
    return project;
  }

  function requireTrack(store: AudioStore, id: string): { project: LocalProject; track: LocalTrack } {
    const found = store.findTrack(id);
    if (!found) throw new CoreError("not_found", "That track is not here any more. It may have been deleted.");
    return found;
  }

  /** The op that may be changed in place: queued, not being sent, and the newest. */
  function lastEditable(c: Context): PendingOp | undefined {
    const last = c.store.state.queue.at(-1);
    return last && last.id !== c.engine.inFlight ? last : undefined;
  }

  function queuedUnsent<K extends PendingOp["kind"]>(c: Context, kind: K, match: (op: Extract<PendingOp, { kind: K }>) => boolean) {
    return c.store.state.queue.find((op): op is Extract<PendingOp, { kind: K }> => op.kind === kind && op.id !== c.engine.inFlight && match(op as Extract<PendingOp, { kind: K }>));
  }

  /** Saves, tells the window, and starts sending. */
  async function commit(c: Context, projectIds: string[]): Promise<void> {
    await c.store.save();
    events.emit("audio:changed", { projectIds });
    events.emit("audio:status", c.engine.status());
    c.engine.kick();
  }

  function touchesTrack(op: PendingOp, trackId: string): boolean {
    return "trackId" in op && op.trackId === trackId;
  }

  function trackView(c: Context, track: LocalTrack): AudioTrackView {
    return {
      id: track.id,
      serverId: track.serverId,
      name: track.name,
      fileFormat: track.fileFormat,
      duration: track.duration,
      fileSizeBytes: track.fileSizeBytes,
      volume: track.volume,
      muted: track.muted,
      solo: track.solo,
      storageType: track.storageType,
      playable: track.localPath !== null || track.cachedFile !== null || track.fileUrl !== null || track.storageType === "R2",
      localPath: track.localPath,
      pending: track.serverId === null || c.store.state.queue.some((op) => touchesTrack(op, track.id)),
    };
  }

  function summary(c: Context, project: LocalProject) {
    const trackIds = new Set(project.tracks.map((track) => track.id));
    return {
      id: project.id,
      serverId: project.serverId,
      name: project.name,
      description: project.description,
      trackCount: project.tracks.length,
      duration: Math.max(0, ...project.tracks.map((track) => track.duration ?? 0)),
      updatedAt: project.updatedAt,
      pending:
        project.serverId === null ||
        c.store.state.queue.some((op) => ("projectId" in op && op.projectId === project.id) || ("trackId" in op && trackIds.has(op.trackId))),
    };
  }

  function projectView(c: Context, project: LocalProject): AudioProjectView {
    return { ...summary(c, project), tracks: project.tracks.map((track) => trackView(c, track)) };
  }

  function touch(c: Context, project: LocalProject): void {
    project.updatedAt = c.store.nowIso();
  }

  async function isFile(path: string | null): Promise<boolean> {
    if (!path) return false;
    return (await stat(path).catch(() => null))?.isFile() ?? false;
  }

  /** Where the track's audio is on this computer, downloading it into the cache the first time. */
  async function audioFile(c: Context, track: LocalTrack): Promise<string> {
    if (await isFile(track.localPath)) return track.localPath!;
    if (await isFile(track.cachedFile)) return track.cachedFile!;
    if (track.storageType === "OPFS" || track.serverId === null) {
      throw new CoreError(
        "not_found",
        track.localPath
          ? `“${track.name}” was added from ${track.localPath}, which is no longer there.`
          : `The audio of “${track.name}” is kept only on the computer it was added from.`,
      );
    }
    const serverId = track.serverId;
    let download = downloads.get(serverId);
    if (!download) {
      download = (async () => {
        const { api } = await options.client();
        let url = track.fileUrl ?? (await api.getAudioTrack(serverId)).track.fileUrl;
        if (!url) throw new CoreError("not_found", `The server has no audio for “${track.name}” yet.`);
        let bytes: Uint8Array;
        try {
          bytes = await api.downloadFile(url);
        } catch (error) {
          // Links last a few hours: an old one is swapped for a fresh one, once.
          if (!(error instanceof ApiError) || error.code === "network") throw error;
          url = (await api.getAudioTrack(serverId)).track.fileUrl;
          if (!url) throw error;
          bytes = await api.downloadFile(url);
        }
        await mkdir(c.store.cacheDir, { recursive: true });
        const extension = AUDIO_FORMATS[track.fileFormat as AudioFormat]?.extension ?? "audio";
        const file = join(c.store.cacheDir, `${serverId}.${extension}`);
        await writeFile(`${file}.part`, bytes);
        await rename(`${file}.part`, file);
        return file;
      })().finally(() => downloads.delete(serverId));
      downloads.set(serverId, download);
    }
    const file = await download;
    const found = c.store.findTrack(track.id);
    if (found) {
      found.track.cachedFile = file;
      await c.store.save();
    }
    return file;
  }

  function trackName(path: string): string {
    const name = basename(path, extname(path)).trim().slice(0, 120).trim();
    return name || "Untitled track";
  }

  async function addFiles({ projectId, paths, storage }: ParsedRequestOf<"audio:addFiles">): Promise<AddAudioFilesResponse> {
    const c = await ctx();
    requireProject(c.store, projectId);
    const refused: AddAudioFilesResponse["refused"] = [];
    const accepted: { path: string; format: AudioFormat; sizeBytes: number; duration: number | null }[] = [];
    for (const path of [...new Set(paths)]) {
      const reason = await checkFile(path, storage);
      if (typeof reason === "string") refused.push({ path, name: basename(path), reason });
      else accepted.push({ path, ...reason });
    }
    // Looked up again after the file checks: a sync may have replaced the project's record meanwhile.
    const project = requireProject(c.store, projectId);
    const added: string[] = [];
    for (const file of accepted) {
      if (project.tracks.length >= MAX_TRACKS_PER_PROJECT) {
        refused.push({ path: file.path, name: basename(file.path), reason: `A project holds at most ${MAX_TRACKS_PER_PROJECT} tracks.` });
        continue;
      }
      const track: LocalTrack = {
        id: localId(),
        serverId: null,
        name: trackName(file.path),
        volume: 1,
        muted: false,
        solo: false,
        fileFormat: file.format,
        duration: file.duration,
        fileSizeBytes: file.sizeBytes,
        storageType: storage,
        fileUrl: null,
        localPath: file.path,
        cachedFile: null,
        createdAt: c.store.nowIso(),
      };
      project.tracks.push(track);
      c.store.enqueue({
        kind: "addTrack",
        projectId,
        trackId: track.id,
        storage,
        name: track.name,
        fileFormat: file.format,
        duration: file.duration,
        fileSizeBytes: file.sizeBytes,
        path: file.path,
      });
      added.push(track.id);
    }
    if (added.length > 0) {
      touch(c, project);
      await commit(c, [projectId]);
    }
    return { project: projectView(c, project), added, refused };
  }

  /** Why the file cannot be a track, or what it is. */
  async function checkFile(path: string, storage: "R2" | "OPFS"): Promise<string | { format: AudioFormat; sizeBytes: number; duration: number | null }> {
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return info ? "This is a folder, not an audio file." : "This file could not be found on this computer.";
    if (info.size === 0) return "The file is empty.";
    if (info.size > MAX_AUDIO_FILE_BYTES) return `The file is larger than ${MAX_AUDIO_FILE_BYTES / (1024 * 1024)} MB.`;
    const probe = await probeAudioFile(path).catch(() => null);
    if (!probe?.format) return `This is not an audio file the mixer can use. Use ${ACCEPTED_AUDIO_TEXT}.`;
    if (probe.duration !== null && probe.duration > MAX_TRACK_SECONDS) return `The track is longer than ${MAX_TRACK_SECONDS / 60} minutes.`;
    if (storage === "OPFS" && probe.duration === null) {
      return "Spike Land could not read how long this file is, which a track kept on this computer needs. Upload it instead: the server reads it whole.";
    }
    return { format: probe.format, sizeBytes: probe.sizeBytes, duration: probe.duration };
  }

  function updateTrack(c: Context, trackId: string, changes: TrackChanges): void {
    const { track } = requireTrack(c.store, trackId);
    Object.assign(track, changes);
    const adding = queuedUnsent(c, "addTrack", (op) => op.trackId === trackId);
    if (adding && changes.name !== undefined) adding.name = changes.name;
    const { name: _name, ...mix } = changes;
    const rest: TrackChanges = adding ? mix : changes;
    if (Object.keys(rest).length === 0) return;
    const last = lastEditable(c);
    // A fader dragged across its range is one change to send, not fifty.
    if (last?.kind === "updateTrack" && last.trackId === trackId) Object.assign(last.changes, rest);
    else c.store.enqueue({ kind: "updateTrack", trackId, changes: rest });
  }

  function deleteTrack(c: Context, trackId: string): LocalProject {
    const { project, track } = requireTrack(c.store, trackId);
    project.tracks = project.tracks.filter((candidate) => candidate.id !== trackId);
    const adding = queuedUnsent(c, "addTrack", (op) => op.trackId === trackId);
    if (adding) {
      // Never sent: nothing to undo on the server.
      c.store.state.queue = c.store.state.queue.filter((op) => op.id === c.engine.inFlight || !touchesTrack(op, trackId));
    } else {
      c.store.enqueue({ kind: "deleteTrack", trackId, name: track.name });
    }
    return project;
  }

  async function status(): Promise<AudioSyncStatus> {
    const found = await current();
    return found ? found.engine.status() : { state: "signedOut", pending: 0, lastError: null, lastSyncedAt: null, retryAt: null };
  }

  return {
    "audio:list": async (): Promise<AudioListView> => {
      const c = await ctx();
      if (Date.now() - c.lastPull > PULL_AFTER_MS) {
        c.lastPull = Date.now();
        c.engine.kick(true);
      }
      return {
        projects: c.store.state.projects.map((project) => summary(c, project)),
        usage: c.store.state.usage,
        status: c.engine.status(),
      };
    },
    "audio:getProject": async ({ projectId }) => {
      const c = await ctx();
      return projectView(c, requireProject(c.store, projectId));
    },
    "audio:createProject": async ({ name }) => {
      const c = await ctx();
      const now = c.store.nowIso();
      const project: LocalProject = { id: localId(), serverId: null, name, description: null, tracks: [], createdAt: now, updatedAt: now };
      c.store.state.projects.unshift(project);
      c.store.enqueue({ kind: "createProject", projectId: project.id, name, description: null });
      await commit(c, [project.id]);
      return projectView(c, project);
    },
    "audio:renameProject": async ({ projectId, name }) => {
      const c = await ctx();
      const project = requireProject(c.store, projectId);
      project.name = name;
      touch(c, project);
      const creating = queuedUnsent(c, "createProject", (op) => op.projectId === projectId);
      const last = lastEditable(c);
      if (creating) creating.name = name;
      else if (last?.kind === "updateProject" && last.projectId === projectId) last.name = name;
      else c.store.enqueue({ kind: "updateProject", projectId, name });
      await commit(c, [projectId]);
      return projectView(c, project);
    },
    "audio:deleteProject": async ({ projectId }) => {
      const c = await ctx();
      const project = requireProject(c.store, projectId);
      const trackIds = new Set(project.tracks.map((track) => track.id));
      c.store.state.projects = c.store.state.projects.filter((candidate) => candidate.id !== projectId);
      const creating = queuedUnsent(c, "createProject", (op) => op.projectId === projectId);
      // Queued changes inside the project are moot once it is gone (the server deletes its tracks with it).
      c.store.state.queue = c.store.state.queue.filter(
        (op) => op.id === c.engine.inFlight || !(("projectId" in op && op.projectId === projectId) || ("trackId" in op && trackIds.has(op.trackId))),
      );
      if (!creating) c.store.enqueue({ kind: "deleteProject", projectId, name: project.name });
      await commit(c, [projectId]);
      return null;
    },
    "audio:pickFiles": async () => {
      if (!options.shell?.pickAudioFiles) throw new CoreError("bad_request", "Choosing files needs the desktop app. Drop the audio files on the window instead.");
      return { paths: await options.shell.pickAudioFiles() };
    },
    "audio:addFiles": addFiles,
    "audio:updateTrack": async ({ trackId, ...input }) => {
      const c = await ctx();
      const changes: TrackChanges = {};
      if (input.name !== undefined) changes.name = input.name;
      if (input.volume !== undefined) changes.volume = input.volume;
      if (input.muted !== undefined) changes.muted = input.muted;
      if (input.solo !== undefined) changes.solo = input.solo;
      updateTrack(c, trackId, changes);
      const { project, track } = requireTrack(c.store, trackId);
      touch(c, project);
      await commit(c, [project.id]);
      return trackView(c, track);
    },
    "audio:reorderTracks": async ({ projectId, trackIds }) => {
      const c = await ctx();
      const project = requireProject(c.store, projectId);
      const byId = new Map(project.tracks.map((track) => [track.id, track]));
      if (trackIds.length !== byId.size || new Set(trackIds).size !== trackIds.length || trackIds.some((id) => !byId.has(id))) {
        throw new CoreError("validation_failed", "Send every track of the project once, in the new order.");
      }
      project.tracks = trackIds.map((id) => byId.get(id)!);
      touch(c, project);
      const last = lastEditable(c);
      if (last?.kind === "reorderTracks" && last.projectId === projectId) last.trackIds = [...trackIds];
      else c.store.enqueue({ kind: "reorderTracks", projectId, trackIds: [...trackIds] });
      await commit(c, [projectId]);
      return projectView(c, project);
    },
    "audio:deleteTrack": async ({ trackId }) => {
      const c = await ctx();
      const project = deleteTrack(c, trackId);
      touch(c, project);
      await commit(c, [project.id]);
      return projectView(c, project);
    },
    "audio:uploadTrack": async ({ trackId }) => {
      const c = await ctx();
      const { project, track } = requireTrack(c.store, trackId);
      if (track.storageType === "R2") throw new CoreError("conflict", `“${track.name}” is already uploaded.`);
      if (!(await isFile(track.localPath))) {
        throw new CoreError("not_found", `The audio of “${track.name}” is not on this computer, so it cannot be uploaded from here.`);
      }
      const adding = queuedUnsent(c, "addTrack", (op) => op.trackId === trackId);
      if (adding) adding.storage = "R2";
      else c.store.enqueue({ kind: "uploadTrackFile", trackId, path: track.localPath!, name: track.name });
      track.storageType = "R2";
      await commit(c, [project.id]);
      return trackView(c, track);
    },
    "audio:readTrack": async ({ trackId, offset }): Promise<AudioChunk> => {
      const c = await ctx();
      const { track } = requireTrack(c.store, trackId);
      const path = await audioFile(c, track);
      const file = await open(path, "r");
      try {
        const { size } = await file.stat();
        const length = Math.max(0, Math.min(AUDIO_CHUNK_BYTES, size - offset));
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await file.read(buffer, 0, length, offset);
        return {
          trackId,
          mime: AUDIO_FORMATS[track.fileFormat as AudioFormat]?.mime ?? "application/octet-stream",
          totalBytes: size,
          offset,
          base64: buffer.subarray(0, bytesRead).toString("base64"),
          done: offset + bytesRead >= size,
        };
      } finally {
        await file.close();
      }
    },
    "audio:syncStatus": status,
    "audio:syncNow": async () => {
      const c = await ctx();
      c.lastPull = Date.now();
      return c.engine.flush();
    },
    "audio:dismissError": async () => {
      const c = await ctx();
      c.engine.dismissError();
      return c.engine.status();
    },
    "audio:requestMixdown": async ({ projectId, target }) => {
      const c = await ctx();
      const project = requireProject(c.store, projectId);
      await c.engine.flush();
      const waiting = summary(c, project).pending;
      if (waiting || !project.serverId) {
        throw new CoreError("conflict", "The project's latest changes have not reached the server yet, so its mix would miss them. Try again when you are online.");
      }
      const { api } = await options.client();
      return (await api.requestMixdown(project.serverId, { target })).mixdown;
    },
    "audio:getMixdown": async ({ mixdownId }) => {
      await ctx();
      const { api } = await options.client();
      return (await api.getMixdown(mixdownId)).mixdown;
    },
    "audio:saveMixdown": async ({ mixdownId, fileName }) => {
      await ctx();
      const { api } = await options.client();
      const { mixdown } = await api.getMixdown(mixdownId);
      if (mixdown.status !== "done" || !mixdown.downloadUrl) throw new CoreError("conflict", "The mixdown is not ready yet.");
      const bytes = await api.downloadFile(mixdown.downloadUrl);
      const target = await chooseTarget(wavName(fileName));
      if (!target) return { path: null };
      await writeFile(target, bytes);
      return { path: target };
    },
    "audio:saveStart": async ({ fileName }) => {
      const saveId = randomUUID();
      const dir = join(options.userDataDir, "audio", "exports");
      await mkdir(dir, { recursive: true });
      const file = join(dir, `${saveId}.part`);
      await writeFile(file, new Uint8Array(0));
      saves.set(saveId, { file, fileName: wavName(fileName) });
      return { saveId };
    },
    "audio:saveChunk": async ({ saveId, base64 }) => {
      const save = saves.get(saveId);
      if (!save) throw new CoreError("not_found", "That save was finished or never started.");
      await appendFile(save.file, Buffer.from(base64, "base64"));
      return null;
    },
    "audio:saveFinish": async ({ saveId }) => {
      const save = saves.get(saveId);
      if (!save) throw new CoreError("not_found", "That save was finished or never started.");
      saves.delete(saveId);
      const target = await chooseTarget(save.fileName).catch(async (error: unknown) => {
        await rm(save.file, { force: true });
        throw error;
      });
      if (!target) {
        await rm(save.file, { force: true });
        return { path: null };
      }
      await move(save.file, target);
      return { path: target };
    },
    engine: async () => (await ctx()).engine,
    sessionChanged: async () => {
      const found = await current();
      if (found) found.engine.kick(true);
      else events.emit("audio:status", await status());
    },
    close() {
      closed = true;
      if (poll) clearInterval(poll);
      void context?.then((found) => found.engine.close()).catch(() => undefined);
    },
  };

  /** The save dialog's answer, or a new name in the downloads folder when there is no dialog. */
  async function chooseTarget(fileName: string): Promise<string | null> {
    if (options.shell?.chooseSavePath) return options.shell.chooseSavePath(fileName);
    const dir = options.downloadsDir ?? join(homedir(), "Downloads");
    await mkdir(dir, { recursive: true });
    const stem = basename(fileName, extname(fileName));
    for (let n = 0; ; n++) {
      const candidate = join(dir, n === 0 ? fileName : `${stem} (${n})${extname(fileName)}`);
      if (!(await stat(candidate).catch(() => null))) return candidate;
    }
  }
}

/** A file name that is safe on every system and ends in .wav. */
function wavName(name: string): string {
  const clean = name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, " ").replace(/\s+/g, " ").trim() || "Mix";
  return /\.wav$/i.test(clean) ? clean : `${clean}.wav`;
}

async function move(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    await copyFile(from, to);
    await rm(from, { force: true });
  }
}
