/**
 * The mixer's calls to the audio API from the browser: the typed client (the session cookie signs
 * the calls in), and uploads sent with XMLHttpRequest so the page can show how far each one has got.
 */
import { apiErrorBody } from "@spike-land/shared/api/errors";
import { audioTrackResponse, type AudioTrack } from "@spike-land/shared/api/audio";
import { ApiClient } from "@spike-land/shared/api/client";

let client: ApiClient | null = null;
let keepaliveClient: ApiClient | null = null;

/** The API on this site, signed in with the page's session. */
export function audioApi(): ApiClient {
  client ??= new ApiClient({ baseUrl: window.location.origin });
  return client;
}

/** The same, for the last saves as the page goes away: the browser finishes them after the page is gone. */
export function keepaliveApi(): ApiClient {
  keepaliveClient ??= new ApiClient({
    baseUrl: window.location.origin,
    fetch: (input, init) => globalThis.fetch(input, { ...init, keepalive: true }),
  });
  return keepaliveClient;
}

/** What went wrong, in words for the page. */
export function errorText(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return "Something went wrong. Try again.";
}

export type UploadHandle = { promise: Promise<AudioTrack>; abort: () => void };

/** Uploads one audio file as a new track at the end of the project, reporting progress from 0 to 1. */
export function uploadTrack(projectId: string, file: Blob, options: { fileName: string; trackName?: string; onProgress?: (fraction: number) => void }): UploadHandle {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<AudioTrack>((resolve, reject) => {
    const form = new FormData();
    form.append("file", file, options.fileName);
    if (options.trackName) form.append("name", options.trackName);
    xhr.open("POST", `/api/v1/audio/projects/${encodeURIComponent(projectId)}/tracks`);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new Error("The upload did not reach the server. Check your connection and try again."));
    xhr.onabort = () => reject(new Error("Upload cancelled."));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // Not JSON: answered below from the status.
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        const parsed = audioTrackResponse.safeParse(body);
        if (parsed.success) resolve(parsed.data.track);
        else reject(new Error("The server's answer did not match what this page expects."));
        return;
      }
      const problem = apiErrorBody.safeParse(body);
      if (problem.success) reject(new Error(problem.data.error.message));
      else if (xhr.status === 413) reject(new Error("The file is too large to upload."));
      else reject(new Error(`The upload failed (${xhr.status}).`));
    };
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}
