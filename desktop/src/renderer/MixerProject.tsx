/**
 * One open mixer project: the transport shared by every track (play, pause, back to start, seek,
 * loop), the drop zone for audio files (uploaded, or kept on this computer), the tracks, and the
 * two exports: a mix rendered here and saved as a WAV, or one rendered by the server.
 */
import { useCallback, useEffect, useId, useRef, useState, type DragEvent, type FormEvent } from "react";
import { ACCEPTED_AUDIO_TEXT, MAX_AUDIO_FILE_BYTES, formatDuration } from "@spike-land/shared/audio/formats";
import { renderMixToWav } from "@spike-land/shared/audio/offline-render";
import type { AddAudioFilesResponse, AudioMixdownView, AudioProjectView, AudioTrackView } from "../ipc/contract.ts";
import type { DesktopBridge, IpcError } from "./bridge.ts";
import { countOf } from "./format.ts";
import { AlertIcon } from "./icons.tsx";
import { saveThroughCore, useMixerAudio } from "./MixerPlayer.ts";
import { MixerTrack } from "./MixerTrack.tsx";

type Props = {
  bridge: DesktopBridge;
  projectId: string;
  /** Shown while the project loads. */
  projectName: string;
  onClose: () => void;
  /** The project was deleted (here or elsewhere). */
  onGone: () => void;
};

type Storage = "R2" | "OPFS";
type Export = { stage: "rendering" | "saving"; fraction: number } | { stage: "saved"; path: string } | { stage: "cancelled" } | { stage: "failed"; message: string };
type ServerMix = { stage: "asking" } | { stage: "waiting"; mixdown: AudioMixdownView } | { stage: "failed"; message: string } | { stage: "saved"; path: string | null; mixdown: AudioMixdownView };

const MIXDOWN_POLL_MS = 1_000;

export function MixerProject({ bridge, projectId, projectName, onClose, onGone }: Props) {
  const [project, setProject] = useState<AudioProjectView | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [storage, setStorage] = useState<Storage>("R2");
  const [dragging, setDragging] = useState(false);
  const [adding, setAdding] = useState(false);
  const [refused, setRefused] = useState<AddAudioFilesResponse["refused"]>([]);
  const [renaming, setRenaming] = useState(false);
  const [draft, setDraft] = useState("");
  const [exporting, setExporting] = useState<Export | null>(null);
  const [serverMix, setServerMix] = useState<ServerMix | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const headingRef = useRef<HTMLHeadingElement>(null);
  const dragDepth = useRef(0);
  const active = useRef(true);
  const ids = useId();
  const { player, state, audio } = useMixerAudio(bridge, project?.tracks ?? null);

  useEffect(() => {
    active.current = true;
    headingRef.current?.focus();
    return () => {
      active.current = false;
    };
  }, []);

  const load = useCallback(async () => {
    const result = await bridge.invoke("audio:getProject", { projectId });
    if (!active.current) return;
    if (!result.ok) {
      if (result.error.code === "not_found") return onGone();
      return setError(result.error);
    }
    setProject(result.data);
  }, [bridge, projectId, onGone]);

  useEffect(() => {
    void load();
    return bridge.on("audio:changed", ({ projectIds }) => {
      if (projectIds.includes(projectId)) void load();
    });
  }, [bridge, projectId, load]);

  useEffect(() => {
    // A drop that misses the zone must not make the window open the file instead.
    const ignore = (event: globalThis.DragEvent) => event.preventDefault();
    window.addEventListener("dragover", ignore);
    window.addEventListener("drop", ignore);
    return () => {
      window.removeEventListener("dragover", ignore);
      window.removeEventListener("drop", ignore);
    };
  }, []);

  // A server mixdown is checked every second until it is done or failed.
  useEffect(() => {
    if (serverMix?.stage !== "waiting") return;
    const timer = setTimeout(async () => {
      const result = await bridge.invoke("audio:getMixdown", { mixdownId: serverMix.mixdown.id });
      if (!active.current) return;
      if (!result.ok) return setServerMix({ stage: "failed", message: result.error.message });
      if (result.data.status === "failed") return setServerMix({ stage: "failed", message: result.data.error ?? "The server could not render the mix." });
      setServerMix({ stage: "waiting", mixdown: result.data });
      if (result.data.status === "done") setAnnouncement("The server's mix is ready to save.");
    }, MIXDOWN_POLL_MS);
    return () => clearTimeout(timer);
  }, [bridge, serverMix]);

  const tracks = project?.tracks ?? [];
  const duration = Math.max(state.duration, project?.duration ?? 0);

  /** Applies a change here at once (and to what is playing), then tells the core. */
  async function change(track: AudioTrackView, patch: { name?: string; volume?: number; muted?: boolean; solo?: boolean }) {
    setProject((current) => current && { ...current, tracks: current.tracks.map((t) => (t.id === track.id ? { ...t, ...patch } : t)) });
    const { name: _name, ...mix } = patch;
    if (Object.keys(mix).length > 0) player?.setTrack(track.id, mix);
    const result = await bridge.invoke("audio:updateTrack", { trackId: track.id, ...patch });
    if (!result.ok) {
      setError(result.error);
      void load();
    }
  }

  async function move(track: AudioTrackView, by: -1 | 1) {
    const order = tracks.map((t) => t.id);
    const from = order.indexOf(track.id);
    const to = from + by;
    if (from < 0 || to < 0 || to >= order.length) return;
    order.splice(to, 0, ...order.splice(from, 1));
    setProject((current) => current && { ...current, tracks: order.map((id) => current.tracks.find((t) => t.id === id)!) });
    setAnnouncement(`${track.name} moved to position ${to + 1} of ${order.length}.`);
    const result = await bridge.invoke("audio:reorderTracks", { projectId, trackIds: order });
    if (!result.ok) setError(result.error);
    else setProject(result.data);
  }

  async function remove(track: AudioTrackView) {
    const result = await bridge.invoke("audio:deleteTrack", { trackId: track.id });
    if (!result.ok) return setError(result.error);
    setProject(result.data);
    setAnnouncement(`${track.name} deleted.`);
    headingRef.current?.focus();
  }

  async function upload(track: AudioTrackView) {
    const result = await bridge.invoke("audio:uploadTrack", { trackId: track.id });
    if (!result.ok) return setError(result.error);
    setAnnouncement(`${track.name} will be uploaded.`);
    void load();
  }

  async function add(paths: string[]) {
    if (paths.length === 0) return;
    setAdding(true);
    setError(null);
    const result = await bridge.invoke("audio:addFiles", { projectId, paths, storage });
    setAdding(false);
    if (!result.ok) return setError(result.error);
    setProject(result.data.project);
    setRefused(result.data.refused);
    if (result.data.added.length > 0) setAnnouncement(`${countOf(result.data.added.length, "track")} added.`);
  }

  async function pick() {
    const result = await bridge.invoke("audio:pickFiles");
    if (!result.ok) return setError(result.error);
    await add(result.data.paths);
  }

  function carriesFiles(event: DragEvent) {
    return Array.from(event.dataTransfer.types).includes("Files");
  }

  function onDrop(event: DragEvent<HTMLElement>) {
    event.preventDefault();
    dragDepth.current = 0;
    setDragging(false);
    const paths: string[] = [];
    const problems: AddAudioFilesResponse["refused"] = [];
    for (const file of Array.from(event.dataTransfer.files)) {
      try {
        const path = bridge.pathForFile(file);
        if (path) paths.push(path);
        else problems.push({ path: file.name, name: file.name, reason: "This is not a file on this computer." });
      } catch (thrown) {
        problems.push({ path: file.name, name: file.name, reason: thrown instanceof Error ? thrown.message : "Spike Land could not tell where the file is." });
      }
    }
    setRefused(problems);
    void add(paths).then(() => problems.length > 0 && setRefused((current) => [...problems, ...current]));
  }

  async function renameProject(event: FormEvent) {
    event.preventDefault();
    const name = draft.trim();
    setRenaming(false);
    if (!name || name === project?.name) return;
    const result = await bridge.invoke("audio:renameProject", { projectId, name });
    if (!result.ok) return setError(result.error);
    setProject(result.data);
  }

  async function exportMix() {
    if (!player) return;
    const ready = tracks.flatMap((track) => {
      const buffer = player.buffer(track.id);
      return buffer ? [{ buffer, volume: track.volume, muted: track.muted, solo: track.solo }] : [];
    });
    if (ready.length === 0) return setExporting({ stage: "failed", message: "No track's audio is loaded yet, so there is nothing to mix." });
    setExporting({ stage: "rendering", fraction: 0 });
    try {
      const wav = await renderMixToWav(ready, { onProgress: ({ fraction }) => active.current && setExporting({ stage: "rendering", fraction }) });
      setExporting({ stage: "saving", fraction: 1 });
      const path = await saveThroughCore(bridge, `${project?.name ?? "Mix"}.wav`, new Uint8Array(await wav.blob.arrayBuffer()));
      if (!active.current) return;
      setExporting(path ? { stage: "saved", path } : { stage: "cancelled" });
      setAnnouncement(path ? `The mix was saved to ${path}.` : "The mix was not saved.");
    } catch (thrown) {
      if (active.current) setExporting({ stage: "failed", message: thrown instanceof Error ? thrown.message : "The mix could not be rendered." });
    }
  }

  async function requestServerMix() {
    setServerMix({ stage: "asking" });
    const result = await bridge.invoke("audio:requestMixdown", { projectId, target: "download" });
    if (!active.current) return;
    if (!result.ok) return setServerMix({ stage: "failed", message: result.error.message });
    setServerMix({ stage: "waiting", mixdown: result.data });
  }

  async function saveServerMix(mixdown: AudioMixdownView) {
    const result = await bridge.invoke("audio:saveMixdown", { mixdownId: mixdown.id, fileName: `${project?.name ?? "Mix"} (server mix).wav` });
    if (!result.ok) return setServerMix({ stage: "failed", message: result.error.message });
    setServerMix({ stage: "saved", path: result.data.path, mixdown });
  }

  const loop = state.loop !== null;
  const name = project?.name ?? projectName;
  const loadedCount = tracks.filter((track) => audio.get(track.id)?.status === "ready").length;

  return (
    <div className="mixer-project">
      <div className="mixer-project-head">
        <button className="button button-small button-quiet" type="button" onClick={onClose}>
          <span aria-hidden="true">←</span> All projects
        </button>
        {renaming ? (
          <form className="mixer-rename" onSubmit={renameProject}>
            <label className="visually-hidden" htmlFor={`${ids}-rename`}>
              Project name
            </label>
            <input id={`${ids}-rename`} value={draft} maxLength={80} autoFocus onChange={(event) => setDraft(event.target.value)} />
            <button className="button button-small button-secondary" type="submit">
              Save
            </button>
          </form>
        ) : (
          <>
            <h2 ref={headingRef} tabIndex={-1} className="mixer-project-title">
              {name}
            </h2>
            <button
              className="button button-small button-quiet"
              type="button"
              onClick={() => {
                setDraft(name);
                setRenaming(true);
              }}
              disabled={!project}
            >
              Rename
            </button>
          </>
        )}
        {project?.pending && <span className="badge badge-soft mixer-badge">Not synced yet</span>}
      </div>

      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>

      {error && (
        <div className="alert" role="alert">
          <AlertIcon />
          <p>{error.message}</p>
          <button className="button button-link" type="button" onClick={() => setError(null)}>
            Dismiss
          </button>
        </div>
      )}

      <section className="card mixer-transport" aria-label="Transport">
        <button
          className="button button-primary mixer-play"
          type="button"
          onClick={() => void player?.toggle()}
          disabled={!player || loadedCount === 0}
        >
          {state.playing ? "Pause" : "Play"}
        </button>
        <button className="button button-quiet" type="button" onClick={() => player?.stop()} disabled={!player || loadedCount === 0}>
          Back to start
        </button>
        <span className="mixer-time" aria-hidden="true">
          {formatDuration(state.position)} / {formatDuration(duration)}
        </span>
        <label className="visually-hidden" htmlFor={`${ids}-position`}>
          Position
        </label>
        <input
          id={`${ids}-position`}
          className="mixer-seek"
          type="range"
          min={0}
          max={Math.max(duration, 0.01)}
          step={0.1}
          value={Math.min(state.position, duration)}
          aria-valuetext={`${formatDuration(state.position)} of ${formatDuration(duration)}`}
          onChange={(event) => player?.seek(Number(event.target.value))}
          disabled={!player || loadedCount === 0}
        />
        <button
          className="mixer-toggle mixer-toggle-loop"
          type="button"
          aria-pressed={loop}
          onClick={() => player?.setLoop(0, loop ? null : state.duration)}
          disabled={!player || loadedCount === 0}
        >
          Loop
        </button>
      </section>

      <section
        className={`drop-zone mixer-drop${dragging ? " drop-zone-active" : ""}`}
        aria-labelledby={`${ids}-drop`}
        aria-describedby={`${ids}-drop-hint`}
        onDragEnter={(event) => {
          if (!carriesFiles(event)) return;
          event.preventDefault();
          dragDepth.current += 1;
          setDragging(true);
        }}
        onDragOver={(event) => {
          if (!carriesFiles(event)) return;
          event.preventDefault();
          event.dataTransfer.dropEffect = "copy";
        }}
        onDragLeave={() => {
          dragDepth.current = Math.max(0, dragDepth.current - 1);
          if (dragDepth.current === 0) setDragging(false);
        }}
        onDrop={onDrop}
      >
        <h3 id={`${ids}-drop`} className="drop-title">
          Drop audio files here
        </h3>
        <p id={`${ids}-drop-hint`} className="drop-hint">
          {dragging ? "Release to add them as tracks." : `${ACCEPTED_AUDIO_TEXT}, up to ${MAX_AUDIO_FILE_BYTES / (1024 * 1024)} MB each. Each file becomes a track.`}
        </p>
        <fieldset className="mixer-storage">
          <legend>Where the audio goes</legend>
          <label>
            <input type="radio" name={`${ids}-storage`} checked={storage === "R2"} onChange={() => setStorage("R2")} /> Upload to your server
          </label>
          <label>
            <input type="radio" name={`${ids}-storage`} checked={storage === "OPFS"} onChange={() => setStorage("OPFS")} /> Keep on this computer only
          </label>
        </fieldset>
        <button className="button button-secondary" type="button" onClick={pick} disabled={adding} aria-busy={adding}>
          {adding ? "Adding…" : "Choose files…"}
        </button>
      </section>

      {refused.length > 0 && (
        <div className="alert" role="alert">
          <AlertIcon />
          <div>
            <p>{countOf(refused.length, "file was", "files were")} left out:</p>
            <ul className="mixer-refused">
              {refused.map((item) => (
                <li key={item.path}>
                  <strong>{item.name}</strong>: {item.reason}
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}

      <section className="card mixer-tracks-card" aria-labelledby={`${ids}-tracks`}>
        <div className="card-head">
          <h3 id={`${ids}-tracks`} className="card-label">
            Tracks
          </h3>
          <span className="mixer-usage">
            {countOf(tracks.length, "track")} · {formatDuration(duration)}
          </span>
        </div>
        {!project && (
          <p className="loading-line" role="status">
            <span className="spinner spinner-dark" aria-hidden="true" />
            Loading the project…
          </p>
        )}
        {project && tracks.length === 0 && <p className="mixer-empty">No tracks yet. Drop audio files above, or choose them.</p>}
        {tracks.length > 0 && (
          <ol className="mixer-track-list" aria-labelledby={`${ids}-tracks`}>
            {tracks.map((track, index) => (
              <MixerTrack
                key={track.id}
                track={track}
                index={index}
                count={tracks.length}
                allTracks={tracks}
                audio={audio.get(track.id)}
                mixDuration={duration}
                position={state.position}
                onChange={(patch) => void change(track, patch)}
                onMove={(by) => void move(track, by)}
                onDelete={() => void remove(track)}
                onUpload={() => void upload(track)}
                onSeek={(seconds) => player?.seek(seconds)}
              />
            ))}
          </ol>
        )}
      </section>

      <section className="card mixer-export" aria-labelledby={`${ids}-export`}>
        <h3 id={`${ids}-export`} className="card-label">
          Export
        </h3>
        <div className="mixer-export-row">
          <button
            className="button button-primary"
            type="button"
            onClick={exportMix}
            disabled={loadedCount === 0 || exporting?.stage === "rendering" || exporting?.stage === "saving"}
          >
            Export mix
          </button>
          <p className="mixer-export-note" role="status">
            {exportText(exporting) ?? "Renders the mix on this computer and saves it as a WAV file."}
          </p>
        </div>
        <div className="mixer-export-row">
          <button
            className="button button-secondary"
            type="button"
            onClick={requestServerMix}
            disabled={tracks.length === 0 || serverMix?.stage === "asking" || (serverMix?.stage === "waiting" && serverMix.mixdown.status !== "done")}
          >
            Mix on the server
          </button>
          {serverMix?.stage === "waiting" && serverMix.mixdown.status === "done" && (
            <button className="button button-secondary" type="button" onClick={() => void saveServerMix(serverMix.mixdown)}>
              Save the server's mix
            </button>
          )}
          <p className="mixer-export-note" role="status">
            {serverMixText(serverMix) ?? "The server renders the synced project (tracks kept on a computer only are left out)."}
          </p>
        </div>
      </section>
    </div>
  );
}

function exportText(exporting: Export | null): string | null {
  if (!exporting) return null;
  switch (exporting.stage) {
    case "rendering":
      return `Rendering the mix… ${Math.round(exporting.fraction * 100)}%`;
    case "saving":
      return "Saving…";
    case "saved":
      return `Saved to ${exporting.path}`;
    case "cancelled":
      return "Not saved.";
    case "failed":
      return exporting.message;
  }
}

function serverMixText(mix: ServerMix | null): string | null {
  if (!mix) return null;
  switch (mix.stage) {
    case "asking":
      return "Sending your changes and asking the server…";
    case "waiting":
      return mix.mixdown.status === "done"
        ? `Ready: ${formatDuration(mix.mixdown.duration ?? 0)}${mix.mixdown.clippedSamples ? `, ${countOf(mix.mixdown.clippedSamples, "sample")} clipped` : ""}.`
        : mix.mixdown.status === "rendering"
          ? "The server is rendering the mix…"
          : "Waiting for the server to start the mix…";
    case "failed":
      return mix.message;
    case "saved":
      return mix.path ? `Saved to ${mix.path}` : "Not saved.";
  }
}
