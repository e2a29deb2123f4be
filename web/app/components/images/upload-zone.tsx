/**
 * Drop zone and file picker for photos. With JavaScript each file goes up on its own
 * XMLHttpRequest to /images/upload, with its own progress bar and its own error; without it the
 * plain multipart form posts to the library page, which stores the files the same way.
 */
import { useRef, useState, type DragEvent } from "react";
import { ACCEPT_ATTRIBUTE, ACCEPTED_FORMATS_TEXT, formatBytes, MAX_UPLOAD_BYTES, MAX_UPLOAD_PIXELS, tooLargeMessage } from "@spike-land/shared/images/limits";
import { Button, cx } from "../ui.tsx";

type Item = { key: string; name: string; progress: number; state: "uploading" | "done" | "error"; message?: string };
type ServerResult = { name: string; ok: boolean; error?: string };

export function UploadZone({ onUploaded }: { onUploaded: () => void }) {
  const [items, setItems] = useState<Item[]>([]);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const counter = useRef(0);

  const update = (key: string, change: Partial<Item>) => setItems((all) => all.map((item) => (item.key === key ? { ...item, ...change } : item)));

  function uploadOne(file: File) {
    counter.current += 1;
    const key = `${counter.current}-${file.name}`;
    setItems((all) => [...all, { key, name: file.name, progress: 0, state: "uploading" }]);
    if (file.size > MAX_UPLOAD_BYTES) {
      update(key, { state: "error", message: tooLargeMessage(file.name, file.size) });
      return;
    }
    const body = new FormData();
    body.append("file", file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/images/upload");
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) update(key, { progress: Math.min(99, Math.round((event.loaded / event.total) * 100)) });
    };
    xhr.onload = () => {
      let payload: { results?: ServerResult[]; message?: string } = {};
      try {
        payload = JSON.parse(xhr.responseText) as typeof payload;
      } catch {
        // Not JSON (a proxy error page); the generic message below applies.
      }
      const result = payload.results?.[0];
      if (xhr.status < 300 && result?.ok) {
        update(key, { state: "done", progress: 100 });
        onUploaded();
      } else {
        update(key, { state: "error", message: result?.error ?? payload.message ?? `The upload failed (HTTP ${xhr.status}). Try again.` });
      }
    };
    xhr.onerror = () => update(key, { state: "error", message: "The connection dropped. Try again." });
    xhr.send(body);
  }

  function uploadAll(files: FileList | null) {
    if (!files) return;
    for (const file of Array.from(files)) uploadOne(file);
  }

  function onDrop(event: DragEvent<HTMLFormElement>) {
    event.preventDefault();
    setDragging(false);
    uploadAll(event.dataTransfer.files);
  }

  return (
    <div className="space-y-4">
      <form
        method="post"
        action="/images?index"
        encType="multipart/form-data"
        data-testid="upload-zone"
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        onSubmit={(event) => {
          // With JavaScript the files went up as soon as they were chosen.
          event.preventDefault();
          uploadAll(input.current?.files ?? null);
          if (input.current) input.current.value = "";
        }}
        className={cx(
          "flex flex-col items-center gap-3 rounded-2xl border-2 border-dashed px-6 py-10 text-center",
          dragging ? "border-brand-500 bg-brand-50" : "border-slate-300 bg-white",
        )}
      >
        <p className="font-medium text-slate-900">Drop photos here, or choose them</p>
        <p className="text-sm text-slate-600">
          {ACCEPTED_FORMATS_TEXT}; up to {formatBytes(MAX_UPLOAD_BYTES)} and {MAX_UPLOAD_PIXELS / 1_000_000} megapixels each.
        </p>
        <label className="text-sm font-medium text-slate-800">
          <span className="sr-only">Photos to upload</span>
          <input
            ref={input}
            type="file"
            name="file"
            multiple
            accept={ACCEPT_ATTRIBUTE}
            onChange={(event) => {
              uploadAll(event.currentTarget.files);
              event.currentTarget.value = "";
            }}
          />
        </label>
        <noscript>
          <Button type="submit">Upload</Button>
        </noscript>
      </form>
      {items.length ? (
        <ul aria-label="Uploads" className="space-y-2">
          {items.map((item) => (
            <li key={item.key} data-testid="upload-item" data-state={item.state} className="rounded-lg bg-white p-3 ring-1 ring-slate-200">
              <div className="flex items-center justify-between gap-3 text-sm">
                <span className="truncate font-medium text-slate-900">{item.name}</span>
                <span className={cx("whitespace-nowrap", item.state === "error" ? "text-red-700" : "text-slate-600")}>
                  {item.state === "done" ? "Done" : item.state === "error" ? "Failed" : `${item.progress}%`}
                </span>
              </div>
              <progress className="mt-2 h-2 w-full" max={100} value={item.state === "error" ? 0 : item.progress} aria-label={`Upload of ${item.name}`} />
              {item.message ? (
                <p role="alert" className="mt-1 text-sm font-medium text-red-700">
                  {item.message}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
