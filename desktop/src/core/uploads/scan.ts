/**
 * Walks the folders a person dropped on the app and says, file by file, which are photos (by
 * content, reading only the first bytes) and why the others are left out. Entries stream out as the
 * walk goes, depth first and sorted by name within each folder, so a folder of tens of thousands of
 * files starts uploading at once and never sits in memory as a whole tree.
 */
import type { Dir, Dirent } from "node:fs";
import { open, opendir, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { ACCEPTED_FORMATS_TEXT } from "@spike-land/shared/images/limits";
import { sniffImage, SNIFF_BYTES, type ImageFormat } from "./sniff.ts";

export type ScanEntry =
  | { kind: "image"; root: string; path: string; relPath: string; size: number; format: ImageFormat }
  | { kind: "skipped"; root: string; path: string; relPath: string; reason: string };

export type ScanOptions = { signal?: AbortSignal };

export const NOT_A_PHOTO = `Not a photo (${ACCEPTED_FORMATS_TEXT})`;
export const EMPTY_FILE = "Empty file";
export const LINK_NOT_FOLLOWED = "Link, not followed";
export const NOT_A_FILE = "Not a file or folder (a device, pipe or socket)";

/**
 * How many files of one folder are being opened and sniffed ahead of the one being yielded: on a
 * network share each open costs a round trip, and waiting for them one by one would dominate.
 */
const LOOKAHEAD = 16;

/**
 * Scans each root in turn. A root may be a folder (walked) or a single file (relPath = its name);
 * a root that is itself a link is followed, since the person chose it; links inside are not.
 */
export async function* scanFolders(roots: string[], options: ScanOptions = {}): AsyncGenerator<ScanEntry> {
  const { signal } = options;
  for (const root of roots) {
    signal?.throwIfAborted();
    const name = basename(root) || root;
    let info;
    try {
      info = await stat(root);
    } catch (error) {
      yield { kind: "skipped", root, path: root, relPath: name, reason: `Could not be read: ${describeFsError(error)}` };
      continue;
    }
    if (info.isDirectory()) yield* walk(root, root, "", signal);
    else if (info.isFile()) yield await inspectFile(root, root, name);
    else yield { kind: "skipped", root, path: root, relPath: name, reason: NOT_A_FILE };
  }
}

async function* walk(root: string, dir: string, relDir: string, signal: AbortSignal | undefined): AsyncGenerator<ScanEntry> {
  signal?.throwIfAborted();
  let entries: Dirent[];
  try {
    entries = await readSorted(dir);
  } catch (error) {
    // The root folder itself gets the name it was dropped with, so the message has something to show.
    yield { kind: "skipped", root, path: dir, relPath: relDir || basename(dir) || dir, reason: `Could not be read: ${describeFsError(error)}` };
    return;
  }
  const child = (i: number) => {
    const { name } = entries[i]!;
    return { path: join(dir, name), relPath: relDir ? `${relDir}/${name}` : name };
  };
  const isVisibleFile = (i: number) => entries[i]!.isFile() && !entries[i]!.name.startsWith(".");
  const pending = new Map<number, Promise<ScanEntry>>();
  let ahead = 0;

  for (let i = 0; i < entries.length; i++) {
    signal?.throwIfAborted();
    const entry = entries[i]!;
    if (entry.name.startsWith(".")) continue;
    const { path, relPath } = child(i);
    if (entry.isFile()) {
      // Every visible file before `ahead` has been started, and every one before i yielded.
      for (ahead = Math.max(ahead, i); ahead < entries.length && pending.size < LOOKAHEAD; ahead++) {
        if (isVisibleFile(ahead)) pending.set(ahead, inspectFile(root, child(ahead).path, child(ahead).relPath));
      }
      const inspected = pending.get(i)!;
      pending.delete(i);
      yield await inspected;
    } else if (entry.isDirectory()) {
      yield* walk(root, path, relPath, signal);
    } else if (entry.isSymbolicLink()) {
      yield { kind: "skipped", root, path, relPath, reason: LINK_NOT_FOLLOWED };
    } else {
      yield { kind: "skipped", root, path, relPath, reason: NOT_A_FILE };
    }
  }
}

/** One folder's entries sorted by name (code-unit order, the same on every machine). */
async function readSorted(dir: string): Promise<Dirent[]> {
  const handle: Dir = await opendir(dir, { bufferSize: 256 });
  const entries: Dirent[] = [];
  for await (const entry of handle) entries.push(entry);
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Size and first bytes of one file; never throws, an unreadable file becomes a skipped entry. */
async function inspectFile(root: string, path: string, relPath: string): Promise<ScanEntry> {
  let head: Uint8Array;
  let size: number;
  try {
    const handle = await open(path, "r");
    try {
      size = (await handle.stat()).size;
      const buffer = Buffer.alloc(Math.min(SNIFF_BYTES, size));
      const { bytesRead } = buffer.length ? await handle.read(buffer, 0, buffer.length, 0) : { bytesRead: 0 };
      head = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { kind: "skipped", root, path, relPath, reason: `Could not be read: ${describeFsError(error)}` };
  }
  if (size === 0) return { kind: "skipped", root, path, relPath, reason: EMPTY_FILE };
  const format = sniffImage(head);
  if (!format) return { kind: "skipped", root, path, relPath, reason: NOT_A_PHOTO };
  return { kind: "image", root, path, relPath, size, format };
}

/** A few words a person can act on, for the file system errors a dropped folder can meet. */
export function describeFsError(error: unknown): string {
  const code = error instanceof Error && "code" in error ? String(error.code) : "";
  switch (code) {
    case "ENOENT":
      return "it was moved or deleted";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOTDIR":
      return "a folder on its path is now a file";
    case "ELOOP":
      return "too many links";
    case "ENAMETOOLONG":
      return "its path is too long";
    case "EIO":
      return "the disk reported a read error";
    case "EMFILE":
    case "ENFILE":
      return "too many files open";
    case "EBUSY":
      return "it is in use";
    case "ETIMEDOUT":
    case "EHOSTDOWN":
    case "ENOTCONN":
      return "the drive or network share stopped answering";
    default:
      return code || (error instanceof Error ? error.message : String(error));
  }
}
