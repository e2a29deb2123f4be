/**
 * Getting the mix out: "Export mix" renders it here in the browser (faster than real time, with the
 * volumes, mutes and solos on screen) and downloads a WAV; "Render on the server" asks the server for
 * a mixdown of the saved project, checks on it until it is done, then offers the download or shows the
 * new track it made.
 */
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { AudioTrack, Mixdown, MixdownTarget } from "@spike-land/shared/api/audio";
import type { MixPlayer } from "@spike-land/shared/audio/player";
import type { RenderProgress } from "@spike-land/shared/audio/offline-render";
import { formatDuration } from "@spike-land/shared/audio/formats";
import { Button, Card, cx } from "../ui.tsx";
import { audioApi, errorText } from "./audio-api.ts";

const STAGE_TEXT: Record<RenderProgress["stage"], string> = {
  preparing: "Preparing the tracks…",
  rendering: "Mixing…",
  encoding: "Writing the WAV file…",
  done: "Done.",
};

/** A file name from the project's name: letters, digits, spaces, dashes and underscores. */
function fileName(projectName: string): string {
  const base = projectName.replace(/[^\p{L}\p{N} _-]+/gu, "").trim().replace(/\s+/g, " ");
  return `${base || "mix"}.wav`;
}

function Note({ tone, children, testId }: { tone: "error" | "success" | "info"; children: ReactNode; testId?: string }) {
  const styles = { error: "text-red-700 font-medium", success: "text-emerald-800", info: "text-slate-700" }[tone];
  return (
    <p className={cx("text-sm", styles)} data-testid={testId}>
      {children}
    </p>
  );
}

function ProgressBar({ label, fraction }: { label: string; fraction: number }) {
  const percent = Math.round(fraction * 100);
  return (
    <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className="h-2 overflow-hidden rounded-full bg-slate-100">
      <div className="h-full rounded-full bg-brand-600 transition-[width]" style={{ width: `${percent}%` }} />
    </div>
  );
}

function ExportInBrowser({ player, tracks, projectName, ready }: { player: MixPlayer | null; tracks: readonly AudioTrack[]; projectName: string; ready: boolean }) {
  const [progress, setProgress] = useState<RenderProgress | null>(null);
  const [result, setResult] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const busy = progress !== null && progress.stage !== "done";
  const download = useRef<HTMLAnchorElement>(null);

  const run = async () => {
    if (!player) return;
    setResult(null);
    setProgress({ stage: "preparing", fraction: 0 });
    try {
      const inputs = tracks.flatMap((track) => {
        const buffer = player.buffer(track.id);
        return buffer ? [{ buffer, volume: track.volume, muted: track.muted, solo: track.solo }] : [];
      });
      const { renderMixToWav } = await import("@spike-land/shared/audio/offline-render");
      const wav = await renderMixToWav(inputs, { onProgress: setProgress });
      const link = download.current!;
      const url = URL.createObjectURL(wav.blob);
      link.href = url;
      link.download = fileName(projectName);
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      const clipped = wav.clippedSamples > 0 ? ` ${wav.clippedSamples.toLocaleString("en-GB")} samples were too loud and were clipped; turn some tracks down.` : "";
      setResult({ tone: clipped ? "error" : "success", text: `Exported ${formatDuration(wav.duration)} as ${fileName(projectName)}.${clipped}` });
    } catch (error) {
      setResult({ tone: "error", text: errorText(error) });
    } finally {
      setProgress(null);
    }
  };

  return (
    <div className="space-y-3">
      <h3 className="text-base font-semibold text-slate-900">Export in the browser</h3>
      <p className="text-sm text-slate-600">Mixes what you hear now into a stereo 16-bit WAV at 44.1 kHz and downloads it. Nothing is uploaded.</p>
      <Button type="button" onClick={() => void run()} disabled={!ready || busy}>
        {busy ? "Exporting…" : "Export mix"}
      </Button>
      {/* Filled in and clicked once the file is ready. */}
      <a ref={download} className="hidden" aria-hidden tabIndex={-1}>
        Download
      </a>
      <div aria-live="polite" className="space-y-2">
        {progress ? (
          <>
            <ProgressBar label="Export progress" fraction={progress.fraction} />
            <Note tone="info">{STAGE_TEXT[progress.stage]}</Note>
          </>
        ) : null}
        {result ? (
          <Note tone={result.tone} testId="export-result">
            {result.text}
          </Note>
        ) : null}
      </div>
    </div>
  );
}

const POLL_MS = 1000;

function RenderOnServer({ projectId, hasTracks, beforeRender, onTrackAdded }: { projectId: string; hasTracks: boolean; beforeRender: () => Promise<boolean>; onTrackAdded: (track: AudioTrack) => void }) {
  const [target, setTarget] = useState<MixdownTarget>("download");
  const [mixdown, setMixdown] = useState<Mixdown | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [newTrack, setNewTrack] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const working = starting || mixdown?.status === "queued" || mixdown?.status === "rendering";

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const poll = (id: string) => {
    timer.current = setTimeout(async () => {
      try {
        const { mixdown: latest } = await audioApi().getMixdown(id);
        setMixdown(latest);
        if (latest.status === "queued" || latest.status === "rendering") return poll(id);
        if (latest.status === "done" && latest.target === "track" && latest.trackId) {
          const { track } = await audioApi().getAudioTrack(latest.trackId);
          onTrackAdded(track);
          setNewTrack(track.name);
        }
      } catch (problem) {
        setError(errorText(problem));
      }
    }, POLL_MS);
  };

  const start = async () => {
    setError(null);
    setNewTrack(null);
    setMixdown(null);
    setStarting(true);
    try {
      // The server mixes the saved project: send what is still waiting first.
      if (!(await beforeRender())) {
        setError("Your latest changes are not saved yet, so the server would mix an older version. Try again once they are saved.");
        return;
      }
      const { mixdown: started } = await audioApi().requestMixdown(projectId, { target });
      setMixdown(started);
      if (started.status === "queued" || started.status === "rendering") poll(started.id);
    } catch (problem) {
      setError(errorText(problem));
    } finally {
      setStarting(false);
    }
  };

  const statusText =
    mixdown?.status === "queued"
      ? "Waiting for the server to start…"
      : mixdown?.status === "rendering"
        ? "The server is mixing…"
        : mixdown?.status === "failed"
          ? (mixdown.error ?? "The mixdown failed.")
          : null;

  return (
    <div className="space-y-3">
      <h3 className="text-base font-semibold text-slate-900">Render on the server</h3>
      <p className="text-sm text-slate-600">The server mixes the saved project. Keep the WAV as a download, or add it to the project as a new (muted) track.</p>
      <fieldset>
        <legend className="sr-only">Where the mixdown goes</legend>
        <div className="flex flex-wrap gap-x-5 gap-y-2">
          {(
            [
              ["download", "A WAV to download"],
              ["track", "Save as a new track"],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="flex items-center gap-2 text-sm text-slate-800">
              <input type="radio" name="mixdown-target" value={value} checked={target === value} onChange={() => setTarget(value)} className="h-4 w-4 accent-brand-600" />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      <Button type="button" variant="secondary" onClick={() => void start()} disabled={!hasTracks || working}>
        {working ? "Rendering…" : "Render on server"}
      </Button>
      <div aria-live="polite" className="space-y-2" data-testid="server-mixdown">
        {working ? <ProgressBar label="Server mixdown" fraction={mixdown?.status === "rendering" ? 0.5 : 0.1} /> : null}
        {statusText ? <Note tone={mixdown?.status === "failed" ? "error" : "info"}>{statusText}</Note> : null}
        {mixdown?.status === "done" && mixdown.target === "download" && mixdown.downloadUrl ? (
          <p className="text-sm text-slate-800">
            <a href={mixdown.downloadUrl} download className="font-semibold text-brand-700 underline hover:text-brand-900" data-testid="mixdown-download">
              Download the mix
            </a>{" "}
            ({mixdown.duration !== null ? formatDuration(mixdown.duration) : "WAV"}
            {mixdown.clippedSamples ? `, ${mixdown.clippedSamples.toLocaleString("en-GB")} samples clipped` : ""}). The link works for a few minutes.
          </p>
        ) : null}
        {newTrack ? <Note tone="success">Added the mix as the track &ldquo;{newTrack}&rdquo;, muted so it does not double the mix.</Note> : null}
        {error ? <Note tone="error">{error}</Note> : null}
      </div>
    </div>
  );
}

export function MixdownPanel({
  projectId,
  projectName,
  player,
  tracks,
  ready,
  hydrated,
  beforeRender,
  onTrackAdded,
}: {
  projectId: string;
  projectName: string;
  player: MixPlayer | null;
  tracks: readonly AudioTrack[];
  ready: boolean;
  hydrated: boolean;
  beforeRender: () => Promise<boolean>;
  onTrackAdded: (track: AudioTrack) => void;
}) {
  return (
    <Card aria-labelledby="mixdown-heading">
      <h2 id="mixdown-heading" className="text-lg font-semibold text-slate-900">
        Mixdown
      </h2>
      {hydrated ? (
        <div className="mt-4 grid gap-8 md:grid-cols-2">
          <ExportInBrowser player={player} tracks={tracks} projectName={projectName} ready={ready} />
          <RenderOnServer projectId={projectId} hasTracks={tracks.length > 0} beforeRender={beforeRender} onTrackAdded={onTrackAdded} />
        </div>
      ) : (
        <p className="mt-2 text-sm text-slate-600">Exporting the mix needs JavaScript.</p>
      )}
    </Card>
  );
}
