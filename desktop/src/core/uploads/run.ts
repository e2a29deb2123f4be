/**
 * One bulk upload run: dropped folders → photos found by content → SHA-256 of each → one question to
 * the server per batch of checksums (what it already has is not sent) → each remaining photo
 * prepared locally and uploaded into its album. The stages overlap, each with its own small number
 * of workers, so memory stays bounded however large the folders are. Every step is written to the
 * journal, so after quitting the run resumes with only what is missing.
 */
import { basename } from "node:path";
import { ApiError, type ApiClient } from "@spike-land/shared/api/client";
import type { UploadRunView } from "../../ipc/contract.ts";
import { CoreError } from "../errors.ts";
import { sha256File } from "./hash.ts";
import type { FileEvent, JournalStore, RunAlbum, RunSettings } from "./journal.ts";
import { maxEdgeForTier, preprocess } from "./preprocess.ts";
import { scanFolders } from "./scan.ts";
import type { ImageFormat } from "./sniff.ts";

/** Files hashed at once (disk-bound), photos prepared and sent at once, checksums per question. */
export const HASH_WORKERS = 2;
export const UPLOAD_WORKERS = 3;
export const CHECK_BATCH = 200;
/** How long a checksum waits for others to fill its batch. */
const CHECK_WAIT_MS = 300;
/** The scan waits while this many photos are found but not yet hashed. */
const SCAN_AHEAD = 2000;
/** Network trouble and server errors: tries per file, and the first wait (doubling each time). */
export const MAX_ATTEMPTS = 5;
const FIRST_RETRY_MS = 1000;
const REPORT_LIMIT = 200;
const ACTIVE_LIMIT = 8;
const EMIT_INTERVAL_MS = 250;
const RATE_WINDOW_MS = 20_000;
const ALBUM_NAME_MAX = 80;

type FileState = "pending" | "hashed" | "queued" | "uploaded" | "duplicate" | "failed";

type FileRecord = {
  i: number;
  root: string;
  rel: string;
  path: string;
  size: number;
  format: ImageFormat;
  album: string;
  sha: string | null;
  state: FileState;
};

type Reported = { path: string; reason: string };

export type RunDeps = {
  journal: JournalStore;
  /** The signed-in API client and server address, asked for when needed (sessions can end mid-run). */
  client: () => Promise<{ api: ApiClient; serverUrl: string }>;
  emit: (view: UploadRunView) => void;
  now?: () => number;
  log?: (message: string, error?: unknown) => void;
  /** Waits; tests shorten it. */
  sleep?: (ms: number) => Promise<void>;
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function displayPath(root: string, rel: string): string {
  return `${basename(root)}/${rel}`;
}

function albumName(text: string): string {
  return text.length <= ALBUM_NAME_MAX ? text : `${text.slice(0, ALBUM_NAME_MAX - 1)}…`;
}

export class UploadRun {
  readonly settings: RunSettings;
  readonly #deps: Required<Omit<RunDeps, "log">> & Pick<RunDeps, "log">;
  readonly #files: FileRecord[] = [];
  readonly #known = new Set<string>();
  readonly #firstBySha = new Map<string, FileRecord>();
  readonly #reports = { skipped: [] as Reported[], duplicates: [] as Reported[], failed: [] as Reported[] };
  readonly #counts = { found: 0, hashed: 0, uploaded: 0, duplicates: 0, skipped: 0, failed: 0 };
  readonly #bytes = { hashed: 0, toHash: 0, uploaded: 0 };
  #scanned = false;
  #hashQueue: FileRecord[] = [];
  #checkQueue: FileRecord[] = [];
  #uploadQueue: FileRecord[] = [];
  /** Files already in the library whose image still has to join the album: album key → image ids. */
  #albumAdds = new Map<string, string[]>();
  #active = new Map<number, UploadRunView["active"][number]>();
  #waitingUntil: number | null = null;
  #albumCreation = new Map<string, Promise<RunAlbum>>();
  #progress: { at: number; finished: number }[] = [];
  #wake: () => void = () => undefined;
  #changed: Promise<void>;
  #working: Promise<void> | null = null;
  /** Whether a work loop is alive (running, or waiting while paused). */
  #looping = false;
  #emitTimer: NodeJS.Timeout | null = null;
  #generation = 0;

  constructor(settings: RunSettings, deps: RunDeps, events: FileEvent[] = []) {
    this.settings = settings;
    this.#deps = { now: Date.now, sleep: defaultSleep, ...deps };
    this.#changed = this.#nextChange();
    for (const event of events) this.#replay(event);
  }

  // ---- Journal replay ----------------------------------------------------------------------------

  #replay(event: FileEvent): void {
    if (event.t === "scanned") {
      this.#scanned = true;
      return;
    }
    if (event.t === "found") {
      this.#addFile({ ...event, sha: null, state: "pending" });
      return;
    }
    if (event.t === "skipped") {
      this.#known.add(`${event.root}\0${event.rel}`);
      this.#skip(event.root, event.rel, event.reason);
      return;
    }
    const file = this.#files[event.i];
    if (!file) return;
    if (event.t === "hashed") this.#hashed(file, event.sha);
    else if (event.t === "uploaded") this.#uploaded(file, event.bytes);
    else if (event.t === "duplicate") this.#duplicate(file, event.reason);
    else if (event.t === "failed") this.#failed(file, event.reason);
  }

  // ---- State changes (each also used by replay, so the journal and memory agree) -----------------

  #addFile(file: FileRecord): void {
    this.#files[file.i] = file;
    this.#known.add(`${file.root}\0${file.rel}`);
    this.#counts.found++;
    this.#bytes.toHash += file.size;
  }

  #skip(root: string, rel: string, reason: string): void {
    this.#counts.skipped++;
    this.#report("skipped", { path: displayPath(root, rel), reason });
  }

  #hashed(file: FileRecord, sha: string): void {
    file.sha = sha;
    file.state = "hashed";
    this.#counts.hashed++;
    this.#bytes.hashed += file.size;
    if (!this.#firstBySha.has(sha)) this.#firstBySha.set(sha, file);
  }

  #uploaded(file: FileRecord, bytes: number): void {
    file.state = "uploaded";
    this.#counts.uploaded++;
    this.#bytes.uploaded += bytes;
  }

  #duplicate(file: FileRecord, reason: string): void {
    file.state = "duplicate";
    this.#counts.duplicates++;
    this.#report("duplicates", { path: displayPath(file.root, file.rel), reason });
  }

  #failed(file: FileRecord, reason: string): void {
    file.state = "failed";
    this.#counts.failed++;
    this.#report("failed", { path: displayPath(file.root, file.rel), reason });
  }

  #report(kind: "skipped" | "duplicates" | "failed", entry: Reported): void {
    this.#reports[kind].push(entry);
  }

  #record(event: FileEvent): void {
    this.#deps.journal.append(event);
  }

  // ---- Control -----------------------------------------------------------------------------------

  get status() {
    return this.settings.status;
  }

  /** Starts (or continues) the work; returns at once. */
  start(): void {
    this.settings.status = "running";
    this.settings.message = null;
    const generation = ++this.#generation;
    void this.#deps.journal.saveSettings(this.settings);
    this.#working = this.#work(generation).catch((error: unknown) => {
      if (generation !== this.#generation) return;
      this.#deps.log?.("The upload stopped", error);
      void this.#setStatus("failed", error instanceof Error ? error.message : "The upload stopped unexpectedly.");
    });
    this.#emitNow();
  }

  async pause(message: string | null = null): Promise<void> {
    if (this.settings.status !== "running") return;
    await this.#setStatus("paused", message);
  }

  /**
   * A paused run carries on where it stopped. An interrupted or failed one starts a new pass, in
   * which files that failed get another go.
   */
  resume(): void {
    if (this.settings.status === "paused" && this.#looping) {
      this.settings.status = "running";
      this.settings.message = null;
      void this.#deps.journal.saveSettings(this.settings);
      this.#wakeAll();
      this.#emitNow();
      return;
    }
    if (this.settings.status !== "paused" && this.settings.status !== "interrupted" && this.settings.status !== "failed") return;
    this.start();
  }

  async cancel(): Promise<void> {
    if (this.settings.status === "done" || this.settings.status === "cancelled") return;
    this.#generation++;
    await this.#setStatus("cancelled", `Cancelled. ${this.#counts.uploaded} photo${this.#counts.uploaded === 1 ? " was" : "s were"} uploaded before that.`);
  }

  /** Marks a run found on disk as interrupted (the app quit while it was going). */
  interrupted(): void {
    if (this.settings.status === "running" || this.settings.status === "paused") {
      this.settings.status = "interrupted";
      this.settings.message = "This upload was interrupted when the app closed. Resume it to send what is missing.";
    }
  }

  /** Settles the journal (before quitting or in tests). */
  async settle(): Promise<void> {
    await this.#deps.journal.flush();
  }

  /** Resolves when the current work loop has ended (done, paused, cancelled or failed). */
  async idle(): Promise<void> {
    await this.#working;
  }

  async #setStatus(status: RunSettings["status"], message: string | null): Promise<void> {
    this.settings.status = status;
    this.settings.message = message;
    this.#wakeAll();
    await this.#deps.journal.flush();
    await this.#deps.journal.saveSettings(this.settings);
    this.#emitNow();
  }

  #nextChange(): Promise<void> {
    return new Promise<void>((resolve) => (this.#wake = resolve));
  }

  #wakeAll(): void {
    const wake = this.#wake;
    this.#changed = this.#nextChange();
    wake();
    this.#scheduleEmit();
  }

  #running(generation: number): boolean {
    return generation === this.#generation && this.settings.status === "running";
  }

  // ---- The work ----------------------------------------------------------------------------------

  async #work(generation: number): Promise<void> {
    this.#looping = true;
    try {
      await this.#pass(generation);
    } finally {
      if (generation === this.#generation) this.#looping = false;
    }
  }

  async #pass(generation: number): Promise<void> {
    // Everything not finished goes through its next stage again; what was hashed is re-checked,
    // since the server may have received it just before the app closed.
    this.#hashQueue = [];
    this.#checkQueue = [];
    this.#uploadQueue = [];
    for (const file of this.#files) {
      if (!file) continue;
      if (file.state === "failed") {
        // Retried on resume: take it out of the failed count and report.
        this.#counts.failed--;
        const shown = displayPath(file.root, file.rel);
        this.#reports.failed = this.#reports.failed.filter((entry) => entry.path !== shown);
        file.state = file.sha ? "hashed" : "pending";
      }
      if (file.state === "pending") this.#hashQueue.push(file);
      else if (file.state === "hashed" || file.state === "queued") this.#checkQueue.push(file);
    }
    await this.#prepareAlbums();
    const scan = this.#scanned ? Promise.resolve() : this.#scan(generation);
    let scanDone = this.#scanned;
    void scan.finally(() => {
      scanDone = true;
      this.#wakeAll();
    });
    const hashing = Array.from({ length: HASH_WORKERS }, () => this.#hashWorker(generation, () => scanDone));
    let hashDone = false;
    void Promise.all(hashing).finally(() => {
      hashDone = true;
      this.#wakeAll();
    });
    let checkDone = false;
    const checking = this.#checkWorker(generation, () => scanDone && hashDone).finally(() => {
      checkDone = true;
      this.#wakeAll();
    });
    const uploading = Array.from({ length: UPLOAD_WORKERS }, () => this.#uploadWorker(generation, () => checkDone));
    await Promise.all([scan, ...hashing, checking, ...uploading]);
    if (!this.#running(generation)) return;
    await this.#flushAlbumAdds();
    const { uploaded, duplicates, failed, skipped } = this.#counts;
    const parts = [`${uploaded} uploaded`, `${duplicates} already there`, `${skipped} skipped`];
    if (failed) parts.push(`${failed} failed`);
    await this.#setStatus("done", `Finished: ${parts.join(", ")}.`);
  }

  /** Waits while paused or cancelled; false when this loop should stop for good. */
  async #gate(generation: number): Promise<boolean> {
    while (generation === this.#generation && this.settings.status !== "running") {
      if (this.settings.status !== "paused") return false;
      await this.#changed;
    }
    return generation === this.#generation;
  }

  async #scan(generation: number): Promise<void> {
    for await (const entry of scanFolders(this.settings.folders)) {
      if (!(await this.#gate(generation))) return;
      const key = `${entry.root}\0${entry.relPath}`;
      if (this.#known.has(key)) continue;
      if (entry.kind === "skipped") {
        this.#known.add(key);
        this.#record({ t: "skipped", i: -1, root: entry.root, rel: entry.relPath, path: entry.path, reason: entry.reason });
        this.#skip(entry.root, entry.relPath, entry.reason);
      } else {
        const file: FileRecord = {
          i: this.#files.length,
          root: entry.root,
          rel: entry.relPath,
          path: entry.path,
          size: entry.size,
          format: entry.format,
          album: this.#albumKeyFor(entry.root, entry.relPath),
          sha: null,
          state: "pending",
        };
        this.#ensureAlbumEntry(file);
        this.#addFile(file);
        this.#record({ t: "found", i: file.i, root: file.root, rel: file.rel, path: file.path, size: file.size, format: file.format, album: file.album });
        this.#hashQueue.push(file);
      }
      this.#wakeAll();
      while (this.#hashQueue.length >= SCAN_AHEAD) {
        if (!(await this.#gate(generation))) return;
        await this.#changed;
      }
    }
    if (generation !== this.#generation) return;
    this.#scanned = true;
    this.#record({ t: "scanned" });
  }

  async #hashWorker(generation: number, scanDone: () => boolean): Promise<void> {
    for (;;) {
      if (!(await this.#gate(generation))) return;
      const file = this.#hashQueue.shift();
      if (!file) {
        if (scanDone()) return;
        await this.#changed;
        continue;
      }
      this.#active.set(file.i, { path: displayPath(file.root, file.rel), stage: "hashing" });
      try {
        const sha = await sha256File(file.path, (bytes) => {
          this.#bytes.hashed += bytes;
          this.#scheduleEmit();
        });
        // The streamed bytes were counted as they came; #hashed counts the file's size once more.
        this.#bytes.hashed -= file.size;
        if (generation !== this.#generation) return;
        this.#hashed(file, sha);
        this.#record({ t: "hashed", i: file.i, sha });
        const first = this.#firstBySha.get(sha);
        if (first && first !== file) {
          const reason = `The same photo as ${displayPath(first.root, first.rel)}`;
          this.#duplicate(file, reason);
          this.#record({ t: "duplicate", i: file.i, reason, image: null });
        } else {
          this.#checkQueue.push(file);
        }
      } catch (error) {
        const reason = `Could not be read: ${error instanceof Error ? error.message : String(error)}`;
        this.#failed(file, reason);
        this.#record({ t: "failed", i: file.i, reason });
      } finally {
        this.#active.delete(file.i);
        this.#wakeAll();
      }
    }
  }

  async #checkWorker(generation: number, upstreamDone: () => boolean): Promise<void> {
    let waitingSince: number | null = null;
    for (;;) {
      if (!(await this.#gate(generation))) return;
      if (this.#checkQueue.length === 0) {
        waitingSince = null;
        if (upstreamDone()) return;
        await this.#changed;
        continue;
      }
      waitingSince ??= this.#deps.now();
      const full = this.#checkQueue.length >= CHECK_BATCH;
      const waitedEnough = this.#deps.now() - waitingSince >= CHECK_WAIT_MS;
      if (!full && !waitedEnough && !upstreamDone()) {
        await Promise.race([this.#changed, this.#deps.sleep(CHECK_WAIT_MS)]);
        continue;
      }
      waitingSince = null;
      const batch = this.#checkQueue.splice(0, CHECK_BATCH);
      const known = await this.#withRetries(generation, null, async (api) => (await api.checkChecksums(batch.map((file) => file.sha!))).known);
      if (known === undefined || known === null) {
        // Paused or cancelled meanwhile: put the batch back for the next go.
        this.#checkQueue.unshift(...batch);
        continue;
      }
      const library = new Map(known.map((entry) => [entry.sha256, entry]));
      for (const file of batch) {
        const existing = library.get(file.sha!);
        if (existing) {
          const reason = `Already in your library as “${existing.name}”`;
          this.#duplicate(file, reason);
          this.#record({ t: "duplicate", i: file.i, reason, image: existing.imageId });
          const adds = this.#albumAdds.get(file.album) ?? [];
          adds.push(existing.imageId);
          this.#albumAdds.set(file.album, adds);
        } else {
          file.state = "queued";
          this.#uploadQueue.push(file);
        }
      }
      this.#wakeAll();
    }
  }

  async #uploadWorker(generation: number, upstreamDone: () => boolean): Promise<void> {
    for (;;) {
      if (!(await this.#gate(generation))) return;
      const file = this.#uploadQueue.shift();
      if (!file) {
        if (upstreamDone()) return;
        await this.#changed;
        continue;
      }
      const shown = displayPath(file.root, file.rel);
      try {
        const album = await this.#album(file.album, generation);
        if (!album) {
          this.#uploadQueue.unshift(file);
          continue;
        }
        this.#active.set(file.i, { path: shown, stage: "preparing" });
        this.#scheduleEmit();
        let prepared;
        try {
          const maxEdge = maxEdgeForTier(album.defaultTier ?? "TIER_2K");
          prepared = await preprocess(file.path, file.format, { maxEdge, uploadOriginals: this.settings.uploadOriginals });
        } catch (error) {
          const reason = error instanceof Error ? error.message : "Could not prepare this photo.";
          this.#failed(file, reason);
          this.#record({ t: "failed", i: file.i, reason });
          continue;
        }
        this.#active.set(file.i, { path: shown, stage: "uploading" });
        this.#scheduleEmit();
        const response = await this.#withRetries(generation, file, (api) =>
          api.uploadImage({ bytes: prepared.bytes, name: prepared.name, contentType: prepared.contentType, sha256: file.sha!, albumId: album.id! }),
        );
        if (response === undefined) {
          // Stopped meanwhile (pause, cancel, signed out): the file is sent on the next go.
          this.#uploadQueue.unshift(file);
          continue;
        }
        if (response === null) continue; // failed for good, already reported
        const result = response.results[0];
        if (!result) {
          this.#failed(file, "The server did not say what happened to this photo.");
          this.#record({ t: "failed", i: file.i, reason: "The server did not say what happened to this photo." });
        } else if (!result.ok) {
          this.#failed(file, result.error);
          this.#record({ t: "failed", i: file.i, reason: result.error });
        } else if (result.duplicate) {
          const reason = `Already in your library as “${result.image.name}”`;
          this.#duplicate(file, reason);
          this.#record({ t: "duplicate", i: file.i, reason, image: result.image.id });
        } else {
          this.#uploaded(file, prepared.bytes.length);
          this.#record({ t: "uploaded", i: file.i, image: result.image.id, bytes: prepared.bytes.length });
          const entry = this.settings.albums.find((candidate) => candidate.key === file.album);
          if (entry) this.#scheduleEmit();
        }
      } finally {
        this.#active.delete(file.i);
        this.#progress.push({ at: this.#deps.now(), finished: this.#finished() });
        this.#wakeAll();
      }
    }
  }

  /**
   * Calls the server, waiting out its limits (Retry-After) and retrying network trouble and server
   * errors with growing waits. Returns undefined when the run stopped meanwhile, null when the call
   * failed for good (the file, if any, is then reported as failed).
   */
  async #withRetries<T>(generation: number, file: FileRecord | null, call: (api: ApiClient) => Promise<T>): Promise<T | null | undefined> {
    let attempt = 0;
    for (;;) {
      if (!(await this.#gate(generation))) return undefined;
      const wait = this.#waitingUntil === null ? 0 : this.#waitingUntil - this.#deps.now();
      if (wait > 0) {
        await Promise.race([this.#deps.sleep(wait), this.#changed]);
        continue;
      }
      this.#waitingUntil = null;
      try {
        const { api } = await this.#deps.client();
        return await call(api);
      } catch (error) {
        if (error instanceof ApiError && error.status === 429) {
          const seconds = error.retryAfterSeconds ?? 60;
          this.#waitingUntil = Math.max(this.#waitingUntil ?? 0, this.#deps.now() + seconds * 1000);
          this.settings.message = `The server's upload limit is reached; sending resumes in ${seconds} s.`;
          if (file) this.#active.set(file.i, { path: displayPath(file.root, file.rel), stage: "retrying" });
          this.#scheduleEmit();
          continue;
        }
        if ((error instanceof CoreError && error.code === "unauthorized") || (error instanceof ApiError && error.status === 401)) {
          await this.pause("You are signed out, so the upload is paused. Sign in again, then resume.");
          return undefined;
        }
        const transient = !(error instanceof ApiError) || error.status === 0 || error.status >= 500;
        attempt++;
        if (transient && attempt < MAX_ATTEMPTS) {
          if (file) this.#active.set(file.i, { path: displayPath(file.root, file.rel), stage: "retrying" });
          this.#scheduleEmit();
          await this.#deps.sleep(FIRST_RETRY_MS * 2 ** (attempt - 1));
          continue;
        }
        const reason = error instanceof Error ? error.message : String(error);
        if (!file) throw new Error(`The server could not check which photos it already has: ${reason}`);
        this.#failed(file, reason);
        this.#record({ t: "failed", i: file.i, reason });
        return null;
      } finally {
        if (this.#waitingUntil === null && this.settings.message?.startsWith("The server's upload limit")) this.settings.message = null;
      }
    }
  }

  // ---- Albums ------------------------------------------------------------------------------------

  #albumKeyFor(root: string, rel: string): string {
    const target = this.settings.target;
    if (target.kind === "album") return target.albumId;
    if (target.kind === "newAlbum") return root;
    const slash = rel.lastIndexOf("/");
    return slash < 0 ? root : `${root}/${rel.slice(0, slash)}`;
  }

  #ensureAlbumEntry(file: FileRecord): void {
    if (this.settings.albums.some((album) => album.key === file.album)) return;
    const slash = file.rel.lastIndexOf("/");
    const folder = basename(file.root);
    const name = file.album === file.root || slash < 0 ? folder : `${folder} / ${file.rel.slice(0, slash).split("/").join(" / ")}`;
    this.settings.albums.push({ key: file.album, id: null, name: albumName(name), url: null, defaultTier: null });
    void this.#deps.journal.saveSettings(this.settings);
  }

  /** The existing target album's name and tier, read once at the start (a missing album stops the run). */
  async #prepareAlbums(): Promise<void> {
    const target = this.settings.target;
    if (target.kind !== "album") return;
    const entry = this.settings.albums.find((album) => album.key === target.albumId);
    if (entry?.defaultTier) return;
    const { api, serverUrl } = await this.#deps.client();
    const { album } = await api.getAlbum(target.albumId).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 404) throw new CoreError("not_found", "That album no longer exists. Choose another one.");
      throw error;
    });
    const found: RunAlbum = { key: album.id, id: album.id, name: album.name, url: `${serverUrl}/albums/${album.id}`, defaultTier: album.defaultTier };
    this.settings.albums = [found, ...this.settings.albums.filter((candidate) => candidate.key !== album.id)];
    await this.#deps.journal.saveSettings(this.settings);
  }

  /** The album a file goes to, created on the server the first time it is needed; undefined if the run stopped. */
  async #album(key: string, generation: number): Promise<RunAlbum | undefined> {
    const entry = this.settings.albums.find((album) => album.key === key);
    if (!entry) throw new Error("A photo has no album in this run.");
    if (entry.id) return entry;
    let creating = this.#albumCreation.get(key);
    if (!creating) {
      creating = (async () => {
        const created = await this.#withRetries(generation, null, async (api) => (await api.createAlbum({ name: entry.name })).album);
        if (!created) throw new Error(`The album “${entry.name}” could not be created.`);
        const { serverUrl } = await this.#deps.client();
        entry.id = created.id;
        entry.url = `${serverUrl}/albums/${created.id}`;
        entry.defaultTier = created.defaultTier;
        await this.#deps.journal.saveSettings(this.settings);
        this.#emitNow();
        return entry;
      })();
      this.#albumCreation.set(key, creating);
      creating.catch(() => this.#albumCreation.delete(key));
    }
    try {
      return await creating;
    } catch (error) {
      if (!this.#running(generation)) return undefined;
      throw error;
    }
  }

  /** Photos already in the library join the run's albums too, in one request per album. */
  async #flushAlbumAdds(): Promise<void> {
    for (const [key, imageIds] of this.#albumAdds) {
      const album = this.settings.albums.find((candidate) => candidate.key === key);
      if (!album?.id || imageIds.length === 0) continue;
      const { api } = await this.#deps.client();
      for (let start = 0; start < imageIds.length; start += 1000) {
        await api.addAlbumImages(album.id, imageIds.slice(start, start + 1000));
      }
    }
    this.#albumAdds.clear();
  }

  // ---- The view ----------------------------------------------------------------------------------

  #finished(): number {
    return this.#counts.uploaded + this.#counts.duplicates + this.#counts.failed;
  }

  #eta(): number | null {
    const remaining = this.#counts.found - this.#finished();
    if (this.settings.status !== "running" || !this.#scanned) return null;
    if (remaining <= 0) return 0;
    const now = this.#deps.now();
    this.#progress = this.#progress.filter((sample) => now - sample.at <= RATE_WINDOW_MS);
    const first = this.#progress[0];
    const last = this.#progress[this.#progress.length - 1];
    if (!first || !last || last.at - first.at < 1000 || last.finished === first.finished) return null;
    const perMs = (last.finished - first.finished) / (last.at - first.at);
    return Math.round(remaining / perMs / 1000);
  }

  view(): UploadRunView {
    const counts = this.#counts;
    const albumFiles = new Map<string, { files: number; done: number }>();
    for (const file of this.#files) {
      if (!file) continue;
      const tally = albumFiles.get(file.album) ?? { files: 0, done: 0 };
      tally.files++;
      if (file.state === "uploaded" || file.state === "duplicate") tally.done++;
      albumFiles.set(file.album, tally);
    }
    const limited = (list: Reported[]) => list.slice(0, REPORT_LIMIT);
    return {
      id: this.settings.id,
      status: this.settings.status,
      scanning: !this.#scanned && this.settings.status === "running",
      folders: this.settings.folders,
      target: this.settings.target,
      uploadOriginals: this.settings.uploadOriginals,
      startedAt: this.settings.startedAt,
      albums: this.settings.albums.map((album) => ({
        id: album.id,
        name: album.name,
        url: album.url,
        defaultTier: album.defaultTier,
        files: albumFiles.get(album.key)?.files ?? 0,
        done: albumFiles.get(album.key)?.done ?? 0,
      })),
      counts: { ...counts, remaining: Math.max(0, counts.found - this.#finished()) },
      bytes: { ...this.#bytes },
      etaSeconds: this.#eta(),
      waitingUntil: this.#waitingUntil && this.#waitingUntil > this.#deps.now() ? new Date(this.#waitingUntil).toISOString() : null,
      message: this.settings.message,
      active: [...this.#active.values()].slice(0, ACTIVE_LIMIT),
      report: {
        skipped: limited(this.#reports.skipped),
        duplicates: limited(this.#reports.duplicates),
        failed: limited(this.#reports.failed),
        more: {
          skipped: Math.max(0, this.#reports.skipped.length - REPORT_LIMIT),
          duplicates: Math.max(0, this.#reports.duplicates.length - REPORT_LIMIT),
          failed: Math.max(0, this.#reports.failed.length - REPORT_LIMIT),
        },
      },
    };
  }

  #scheduleEmit(): void {
    this.#emitTimer ??= setTimeout(() => this.#emitNow(), EMIT_INTERVAL_MS);
  }

  #emitNow(): void {
    if (this.#emitTimer) clearTimeout(this.#emitTimer);
    this.#emitTimer = null;
    this.#deps.emit(this.view());
  }
}
