/**
 * Adding tracks from files: pick them or drop them on the zone. Each file is checked here first (size,
 * and that its first bytes are audio we take; the server checks again), then uploaded with its own
 * progress bar, and becomes a track as soon as it is stored. A refused file says why, on its own line.
 * Without JavaScript the same zone is a plain upload form for one file.
 */
import { Form } from "@remix-run/react";
import { useCallback, useRef, useState, type DragEvent } from "react";
import type { AudioTrack } from "@spike-land/shared/api/audio";
import { ACCEPTED_AUDIO_TEXT, AUDIO_ACCEPT_ATTRIBUTE, MAX_AUDIO_FILE_BYTES, sniffAudioFormat } from "@spike-land/shared/audio/formats";
import { Button, cx } from "../ui.tsx";
import { errorText, uploadTrack } from "./audio-api.ts";
import { formatStorage } from "./format.ts";

type Upload = { key: string; name: string; size: number; progress: number; state: "checking" | "uploading" | "done" | "failed"; message: string | null };

let uploadCount = 0;

/** Why this file will not do, or null when it may go to the server. */
async function checkFile(file: File): Promise<string | null> {
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > MAX_AUDIO_FILE_BYTES) return `${file.name} is ${formatStorage(file.size)}; a track can be at most ${formatStorage(MAX_AUDIO_FILE_BYTES)}.`;
  const head = new Uint8Array(await file.slice(0, 64 * 1024).arrayBuffer());
  if (!sniffAudioFormat(head)) return `${file.name} is not an audio file we can use. Upload ${ACCEPTED_AUDIO_TEXT}.`;
  return null;
}

export function UploadZone({
  projectId,
  hydrated,
  disabledReason,
  onAdded,
}: {
  projectId: string;
  hydrated: boolean;
  disabledReason: string | null;
  onAdded: (track: AudioTrack) => void;
}) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [over, setOver] = useState(false);
  const queue = useRef(Promise.resolve());

  const update = (key: string, patch: Partial<Upload>) => setUploads((list) => list.map((upload) => (upload.key === key ? { ...upload, ...patch } : upload)));

  const send = useCallback(
    (files: File[]) => {
      const added = files.map((file) => ({ file, upload: { key: `upload-${++uploadCount}`, name: file.name, size: file.size, progress: 0, state: "checking" as const, message: null } }));
      // Finished rows make way for the new ones; refusals stay until the next batch.
      setUploads((list) => [...list.filter((upload) => upload.state === "uploading" || upload.state === "checking"), ...added.map((entry) => entry.upload)]);
      for (const { file, upload } of added) {
        // One at a time, in the order chosen: tracks are added to the end in that order.
        queue.current = queue.current.then(async () => {
          const problem = await checkFile(file);
          if (problem) {
            update(upload.key, { state: "failed", message: problem });
            return;
          }
          update(upload.key, { state: "uploading" });
          try {
            const track = await uploadTrack(projectId, file, { fileName: file.name, onProgress: (progress) => update(upload.key, { progress }) }).promise;
            update(upload.key, { state: "done", progress: 1 });
            onAdded(track);
          } catch (error) {
            update(upload.key, { state: "failed", message: errorText(error) });
          }
        });
      }
    },
    [projectId, onAdded],
  );

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    if (disabledReason) return;
    const files = [...event.dataTransfer.files];
    if (files.length) send(files);
  };

  return (
    <div>
      <Form method="post" encType="multipart/form-data" onSubmit={(event) => hydrated && event.preventDefault()}>
        <input type="hidden" name="intent" value="upload" />
        <div
          data-testid="upload-zone"
          onDragOver={(event) => {
            event.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={onDrop}
          className={cx(
            "flex flex-col items-center justify-center gap-3 rounded-xl border-2 border-dashed px-4 py-6 text-center transition",
            over ? "border-brand-500 bg-brand-50" : "border-slate-300 bg-slate-50",
          )}
        >
          <svg aria-hidden width="28" height="28" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" className="text-brand-600">
            <path d="M12 16V4M7 9l5-5 5 5" />
            <path d="M4 16v3a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-3" />
          </svg>
          <input
            id="track-files"
            name="file"
            type="file"
            accept={AUDIO_ACCEPT_ATTRIBUTE}
            multiple={hydrated}
            disabled={Boolean(disabledReason)}
            aria-describedby="track-files-hint"
            onChange={(event) => {
              if (!hydrated) return;
              const files = [...(event.target.files ?? [])];
              event.target.value = "";
              if (files.length) send(files);
            }}
            className={hydrated ? "peer sr-only" : "order-2 block max-w-full text-sm text-slate-700"}
          />
          <label
            htmlFor="track-files"
            className={cx(
              hydrated
                ? "cursor-pointer rounded-lg bg-white px-4 py-2 text-sm font-semibold text-slate-800 shadow-sm ring-1 ring-slate-300 hover:bg-slate-50 peer-focus-visible:outline peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-brand-600 peer-disabled:cursor-not-allowed peer-disabled:opacity-60"
                : "order-1 text-sm font-semibold text-slate-800",
            )}
          >
            {hydrated ? "Choose audio files" : "Audio file"}
          </label>
          {hydrated ? <span className="-mt-1 text-sm text-slate-700">or drop them here</span> : null}
          <p id="track-files-hint" className="order-3 text-xs text-slate-600">
            {disabledReason ?? `${ACCEPTED_AUDIO_TEXT}, up to ${formatStorage(MAX_AUDIO_FILE_BYTES)} and 20 minutes each.`}
          </p>
          {hydrated ? null : (
            <Button type="submit" variant="secondary" className="order-4" disabled={Boolean(disabledReason)}>
              Upload
            </Button>
          )}
        </div>
      </Form>
      {uploads.length ? (
        <ul aria-label="Uploads" className="mt-3 space-y-2" data-testid="uploads">
          {uploads.map((upload) => (
            <li key={upload.key} className="rounded-lg bg-white px-3 py-2 text-sm ring-1 ring-slate-200" data-testid="upload" data-state={upload.state}>
              <div className="flex items-center justify-between gap-3">
                <span className="min-w-0 truncate font-medium text-slate-900">{upload.name}</span>
                <span className={cx("shrink-0 text-xs font-semibold", upload.state === "failed" ? "text-red-700" : upload.state === "done" ? "text-emerald-700" : "text-slate-600")}>
                  {upload.state === "checking" ? "Waiting…" : upload.state === "uploading" ? `${Math.round(upload.progress * 100)}%` : upload.state === "done" ? "Added" : "Not added"}
                </span>
              </div>
              {upload.state === "uploading" || upload.state === "checking" ? (
                <div
                  role="progressbar"
                  aria-label={`Uploading ${upload.name}`}
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={Math.round(upload.progress * 100)}
                  className="mt-1.5 h-1.5 overflow-hidden rounded-full bg-slate-100"
                >
                  <div className="h-full rounded-full bg-brand-600 transition-[width]" style={{ width: `${Math.round(upload.progress * 100)}%` }} />
                </div>
              ) : null}
              {upload.message ? (
                <p role="alert" className="mt-1 text-sm text-red-700">
                  {upload.message}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
