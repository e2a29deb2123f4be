/**
 * What an upload run has done so far, kept on disk so a run survives quitting the app: `run.json`
 * holds the run's settings and albums (small, rewritten whole), `files.jsonl` one line per thing
 * that happened to a file (appended in batches, replayed on start). After a crash the last fraction
 * of a second may be missing; resuming checks every unfinished file with the server again, so a file
 * that was sent but not written down is found there rather than sent twice.
 */
import { appendFile, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { UploadRunStatus, UploadTarget } from "../../ipc/contract.ts";
import type { EnhancementTier } from "@spike-land/shared/tokens/tiers";
import type { ImageFormat } from "./sniff.ts";

export type RunAlbum = {
  /** Stable within the run: the album id for an existing album, else the folder path it is named after. */
  key: string;
  id: string | null;
  name: string;
  url: string | null;
  defaultTier: EnhancementTier | null;
};

export type RunSettings = {
  id: string;
  folders: string[];
  target: UploadTarget;
  uploadOriginals: boolean;
  startedAt: string;
  status: UploadRunStatus;
  message: string | null;
  albums: RunAlbum[];
  /** Batches started from this run's "Enhance all". */
  batches: { albumId: string; batchId: string; cost: number; skipped: number }[];
};

/** A file's lines in `files.jsonl`; `i` is the file's number in the run. */
export type FileEvent =
  | { t: "found"; i: number; root: string; rel: string; path: string; size: number; format: ImageFormat; album: string }
  | { t: "skipped"; i: number; root: string; rel: string; path: string; reason: string }
  | { t: "hashed"; i: number; sha: string }
  | { t: "uploaded"; i: number; image: string; bytes: number }
  | { t: "duplicate"; i: number; reason: string; image: string | null }
  | { t: "failed"; i: number; reason: string }
  | { t: "scanned" };

const FLUSH_DELAY_MS = 200;

export type Journal = {
  settings: RunSettings;
  events: FileEvent[];
};

export class JournalStore {
  readonly dir: string;
  #pending: string[] = [];
  #timer: NodeJS.Timeout | null = null;
  #writing: Promise<void> = Promise.resolve();

  constructor(userDataDir: string) {
    this.dir = join(userDataDir, "uploads");
  }

  get #runFile() {
    return join(this.dir, "run.json");
  }

  get #filesFile() {
    return join(this.dir, "files.jsonl");
  }

  /** The run on disk, or null when there is none (or it cannot be read: then it is forgotten). */
  async load(): Promise<Journal | null> {
    let settings: RunSettings;
    try {
      settings = JSON.parse(await readFile(this.#runFile, "utf8")) as RunSettings;
    } catch {
      return null;
    }
    const text = await readFile(this.#filesFile, "utf8").catch(() => "");
    const events: FileEvent[] = [];
    for (const line of text.split("\n")) {
      if (!line) continue;
      try {
        events.push(JSON.parse(line) as FileEvent);
      } catch {
        // A line cut short by a crash: everything after it is missing too, and resuming re-checks.
        break;
      }
    }
    return { settings, events };
  }

  /** Starts a new run on disk, replacing any previous one. */
  async create(settings: RunSettings): Promise<void> {
    await this.flush();
    await rm(this.dir, { recursive: true, force: true });
    await mkdir(this.dir, { recursive: true });
    await writeFile(this.#filesFile, "");
    await this.saveSettings(settings);
  }

  /** Rewrites run.json atomically (write then rename), so a crash leaves the old or the new one. */
  async saveSettings(settings: RunSettings): Promise<void> {
    const temporary = `${this.#runFile}.tmp`;
    await writeFile(temporary, JSON.stringify(settings));
    await rename(temporary, this.#runFile);
  }

  append(event: FileEvent): void {
    this.#pending.push(JSON.stringify(event));
    this.#timer ??= setTimeout(() => void this.flush(), FLUSH_DELAY_MS);
  }

  /** Writes what is pending; resolves when it is on disk. */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#pending.length > 0) {
      const lines = `${this.#pending.join("\n")}\n`;
      this.#pending = [];
      this.#writing = this.#writing.then(() => appendFile(this.#filesFile, lines)).catch(() => undefined);
    }
    return this.#writing;
  }

  async remove(): Promise<void> {
    await this.flush();
    await rm(this.dir, { recursive: true, force: true });
  }
}
