/**
 * Reads an audio upload (multipart/form-data: a `file` part and an optional `name` text field) with
 * the per-file audio limit, for the API and the mixer pages. The content itself is checked by the
 * project service; this only takes the form apart.
 */
import { MAX_AUDIO_FILE_BYTES } from "@spike-land/shared/audio/formats";
import { DomainError } from "@spike-land/shared/errors";
import { MultipartError, multipartBoundary, readMultipartForm } from "../http/multipart.server.ts";
import type { AudioUpload } from "./projects.server.ts";
import { formatSize } from "./records.server.ts";

export function isMultipart(request: Request): boolean {
  return multipartBoundary(request.headers.get("Content-Type")) !== null;
}

export async function readAudioUpload(request: Request): Promise<AudioUpload> {
  if (!isMultipart(request)) throw new DomainError(400, "Send the audio as multipart/form-data with the file in a part named file.");
  let form: FormData;
  try {
    // One byte over the limit is enough to know the file is too large.
    form = await readMultipartForm(request, { maxFileBytes: MAX_AUDIO_FILE_BYTES });
  } catch (error) {
    if (!(error instanceof MultipartError)) throw new DomainError(400, "The upload could not be read. Try again.");
    if (error.problem === "file_too_large") throw new DomainError(413, `This file is larger than ${formatSize(MAX_AUDIO_FILE_BYTES)}, the limit for an audio file.`);
    throw error;
  }
  const file = form.get("file");
  if (!(file instanceof File) || (file.size === 0 && file.name === "")) {
    throw new DomainError(422, "Choose an audio file to upload (send it in a part named file).", "validation_failed", { field: "file" });
  }
  const name = form.get("name");
  return { bytes: Buffer.from(await file.arrayBuffer()), fileName: file.name, name: typeof name === "string" ? name : undefined };
}
