/**
 * SHA-256 of a file, read as a stream so a large photo never sits in memory whole; the upload
 * queue uses it to recognise a photo it has already sent and shows the bytes read as progress.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

const CHUNK_BYTES = 1024 * 1024;

/** Lower-case hex digest. `onBytes` is told the size of each chunk as it is read. */
export async function sha256File(path: string, onBytes?: (n: number) => void): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
    const bytes = chunk as Buffer;
    hash.update(bytes);
    onBytes?.(bytes.length);
  }
  return hash.digest("hex");
}
