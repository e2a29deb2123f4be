/**
 * The mixer on a project's page: the transport, the track rows, adding tracks (upload or record) and
 * the mixdown. The page's copy of the tracks is the truth while it is open: every change shows at
 * once, reaches the player at once, and is saved through the audio API a moment later.
 */
import { useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { trackName, type AudioProjectDetail, type AudioTrack, type UpdateAudioTrackRequest } from "@spike-land/shared/api/audio";
import { MAX_TRACKS_PER_PROJECT } from "@spike-land/shared/audio/formats";
import { anySoloed, clampVolume, isAudible } from "@spike-land/shared/audio/mix";
import { cx } from "../ui.tsx";
import { audioApi, errorText, keepaliveApi } from "./audio-api.ts";
import { MixdownPanel } from "./mixdown-panel.tsx";
import { Recorder } from "./recorder.tsx";
import { TrackRow, type TrackRowHandlers } from "./track-row.tsx";
import { TransportBar } from "./transport-bar.tsx";
import { UploadZone } from "./upload-zone.tsx";
import { useAutosave, type Autosave } from "./use-autosave.ts";
import { useMixPlayer, usePlayerLoop } from "./use-mix-player.ts";

function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

function SaveIndicator({ autosave }: { autosave: Autosave }) {
  const { state, message } = autosave.status;
  return (
    <div className="flex items-center gap-2 text-sm">
      <p role="status" className={cx("flex items-center gap-1.5", state === "error" ? "font-medium text-red-700" : "text-slate-600")} data-testid="save-status" data-state={state}>
        {state === "saving" ? (
          <>
            <span aria-hidden className="h-3 w-3 animate-spin rounded-full border-2 border-slate-300 border-t-brand-600" />
            Saving…
          </>
        ) : state === "saved" ? (
          <>
            <svg aria-hidden width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="3" className="text-emerald-700">
              <path d="M5 12l5 5L20 7" />
            </svg>
            All changes saved
          </>
        ) : state === "error" ? (
          <>Not saved: {message}</>
        ) : (
          "Changes save automatically"
        )}
      </p>
      {state === "error" ? (
        <button type="button" onClick={autosave.retry} className="rounded-md px-2 py-1 text-sm font-semibold text-brand-700 ring-1 ring-slate-300 hover:bg-slate-50">
          Try again
        </button>
      ) : null}
    </div>
  );
}

function silentBecause(track: AudioTrack, tracks: readonly AudioTrack[]): string | null {
  if (isAudible(track, tracks)) return null;
  if (track.muted) return "Muted";
  return anySoloed(tracks) ? "Not heard: another track is soloed" : "Not heard";
}

export function Mixer({ project, busy }: { project: AudioProjectDetail; busy: boolean }) {
  const hydrated = useHydrated();
  const revalidator = useRevalidator();
  const [tracks, setTracks] = useState<AudioTrack[]>(project.tracks);
  const [nameErrors, setNameErrors] = useState<Record<string, string>>({});
  const [deleting, setDeleting] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [focusAfter, setFocusAfter] = useState<{ id: string; direction: "up" | "down" } | null>(null);
  const autosave = useAutosave();
  const audio = useMixPlayer(tracks);
  const loop = usePlayerLoop(audio.player);
  const patches = useRef(new Map<string, UpdateAudioTrackRequest>());
  const tracksRef = useRef(tracks);
  tracksRef.current = tracks;
  const { player } = audio;

  const savePatch = useCallback(
    (id: string, patch: UpdateAudioTrackRequest) => {
      patches.current.set(id, { ...patches.current.get(id), ...patch });
      autosave.later(`track:${id}`, async (keepalive) => {
        const body = patches.current.get(id);
        if (!body) return;
        patches.current.delete(id);
        try {
          await (keepalive ? keepaliveApi() : audioApi()).updateAudioTrack(id, body);
        } catch (error) {
          // Put it back under anything newer, so a retry sends it all.
          patches.current.set(id, { ...body, ...patches.current.get(id) });
          throw error;
        }
      });
    },
    [autosave],
  );

  const revalidate = revalidator.revalidate;
  const addTrack = useCallback(
    (track: AudioTrack) => {
      setTracks((list) => (list.some((existing) => existing.id === track.id) ? list : [...list, track]));
      // The page heading counts tracks too.
      revalidate();
    },
    [revalidate],
  );

  const handlers: TrackRowHandlers = useMemo(
    () => ({
      onRename(id, value) {
        const parsed = trackName.safeParse(value);
        if (!parsed.success) {
          setNameErrors((errors) => ({ ...errors, [id]: parsed.error.issues[0]?.message ?? "Give the track a name." }));
          return;
        }
        setNameErrors(({ [id]: _dropped, ...rest }) => rest);
        setTracks((list) => list.map((track) => (track.id === id ? { ...track, name: parsed.data } : track)));
        savePatch(id, { name: parsed.data });
      },
      onMix(id, patch) {
        const clean = { ...patch, ...(patch.volume !== undefined ? { volume: clampVolume(patch.volume) } : {}) };
        setTracks((list) => list.map((track) => (track.id === id ? { ...track, ...clean } : track)));
        player?.setTrack(id, clean);
        savePatch(id, clean);
      },
      onMove(id, direction) {
        const ids = tracksRef.current.map((track) => track.id);
        const from = ids.indexOf(id);
        const to = from + (direction === "up" ? -1 : 1);
        if (from === -1 || to < 0 || to >= ids.length) return;
        [ids[from], ids[to]] = [ids[to]!, ids[from]!];
        setTracks((list) => ids.map((trackId) => list.find((track) => track.id === trackId)!).filter(Boolean));
        setFocusAfter({ id, direction });
        autosave.later("order", async (keepalive) => {
          await (keepalive ? keepaliveApi() : audioApi()).reorderAudioTracks(project.id, ids);
        });
      },
      onDelete(id) {
        const track = tracksRef.current.find((candidate) => candidate.id === id);
        if (!track || !window.confirm(`Delete the track "${track.name}"? Its audio is deleted too.`)) return;
        const position = tracksRef.current.indexOf(track);
        autosave.cancel(`track:${id}`);
        patches.current.delete(id);
        setDeleting((set) => new Set(set).add(id));
        void audioApi()
          .deleteAudioTrack(id)
          .then(() => {
            setTracks((list) => list.filter((candidate) => candidate.id !== id));
            setNotice({ tone: "success", text: `Deleted the track "${track.name}".` });
            revalidate();
            // Keep the keyboard where the row was: on the next row, or on the list's heading.
            const next = tracksRef.current.filter((candidate) => candidate.id !== id)[position] ?? tracksRef.current.filter((candidate) => candidate.id !== id)[position - 1];
            requestAnimationFrame(() => (next ? document.getElementById(`track-${next.id}-name`) : document.getElementById("mixer-heading"))?.focus());
          })
          .catch((error) => setNotice({ tone: "error", text: `The track "${track.name}" was not deleted: ${errorText(error)}` }))
          .finally(() =>
            setDeleting((set) => {
              const next = new Set(set);
              next.delete(id);
              return next;
            }),
          );
      },
      onSeek(seconds) {
        player?.seek(seconds);
      },
    }),
    [autosave, savePatch, player, project.id, revalidate],
  );

  // A moved row keeps the keyboard on its button (or the other one, once it reaches an end).
  useEffect(() => {
    if (!focusAfter) return;
    const { id, direction } = focusAfter;
    const same = document.getElementById(`track-${id}-${direction}`) as HTMLButtonElement | null;
    const other = document.getElementById(`track-${id}-${direction === "up" ? "down" : "up"}`) as HTMLButtonElement | null;
    (same && !same.disabled ? same : other)?.focus();
    setFocusAfter(null);
  }, [focusAfter, tracks]);

  const full = tracks.length >= MAX_TRACKS_PER_PROJECT ? `This project has ${MAX_TRACKS_PER_PROJECT} tracks, the most it can hold.` : null;
  const ready = Boolean(player) && !audio.loading && Object.keys(audio.peaks).length > 0;

  return (
    <>
      <section aria-labelledby="mixer-heading" className="rounded-2xl bg-white shadow-sm ring-1 ring-slate-200" data-testid="mixer">
        <div className="flex flex-wrap items-baseline justify-between gap-2 px-4 pb-3 pt-5 sm:px-5">
          <h2 id="mixer-heading" tabIndex={-1} className="text-lg font-semibold text-slate-900 focus:outline-none">
            Tracks
          </h2>
          <p className="text-sm text-slate-600">
            {tracks.length} of {MAX_TRACKS_PER_PROJECT}
            {hydrated && audio.loading && tracks.some((track) => track.fileUrl) ? " · loading audio…" : ""}
          </p>
        </div>
        {hydrated ? <TransportBar player={player} ready={ready} status={<SaveIndicator autosave={autosave} />} /> : null}
        {notice ? (
          <div className="px-4 pt-3 sm:px-5">
            <p role={notice.tone === "error" ? "alert" : "status"} className={cx("rounded-lg px-3 py-2 text-sm ring-1", notice.tone === "error" ? "bg-red-50 text-red-800 ring-red-200" : "bg-emerald-50 text-emerald-800 ring-emerald-200")}>
              {notice.text}
            </p>
          </div>
        ) : null}
        {tracks.length ? (
          <ol aria-label="Tracks" className="divide-y divide-slate-200 border-b border-slate-200">
            {tracks.map((track, index) => (
              <TrackRow
                key={track.id}
                track={track}
                index={index}
                count={tracks.length}
                silentBecause={silentBecause(track, tracks)}
                peaks={audio.peaks[track.id] ?? null}
                failure={audio.failures[track.id] ?? null}
                player={player}
                loop={loop}
                hydrated={hydrated}
                nameError={nameErrors[track.id] ?? null}
                deleting={busy || deleting.has(track.id)}
                handlers={handlers}
              />
            ))}
          </ol>
        ) : (
          <div className="border-y border-slate-200 bg-slate-50 px-5 py-10 text-center">
            <p className="font-semibold text-slate-900">No tracks yet</p>
            <p className="mt-1 text-sm text-slate-600">Upload audio files or record one below; each becomes a track you can mix.</p>
          </div>
        )}
        <div className="grid gap-4 p-4 sm:p-5 md:grid-cols-2">
          <UploadZone projectId={project.id} hydrated={hydrated} disabledReason={full} onAdded={addTrack} />
          {hydrated ? (
            <Recorder projectId={project.id} nextNumber={tracks.length + 1} disabledReason={full} onAdded={addTrack} />
          ) : (
            <p className="flex items-center justify-center rounded-xl border-2 border-dashed border-slate-300 bg-slate-50 px-4 py-6 text-center text-sm text-slate-600">Recording in the browser needs JavaScript.</p>
          )}
        </div>
      </section>
      <MixdownPanel
        projectId={project.id}
        projectName={project.name}
        player={player}
        tracks={tracks}
        ready={ready}
        hydrated={hydrated}
        beforeRender={autosave.settle}
        onTrackAdded={addTrack}
      />
    </>
  );
}
