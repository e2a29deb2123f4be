/**
 * Recording a track in the browser: asks for the microphone, shows how long it has been recording
 * and how loud the input is, and on Stop uploads the recording (WebM or Ogg, as the browser makes
 * it) as a new track at the end of the project. Cancel throws the take away.
 */
import { useEffect, useRef, useState } from "react";
import type { AudioTrack } from "@spike-land/shared/api/audio";
import { MAX_TRACK_SECONDS } from "@spike-land/shared/audio/formats";
import { Button, cx } from "../ui.tsx";
import { errorText, uploadTrack } from "./audio-api.ts";
import { formatClock } from "./format.ts";

type Phase = "idle" | "asking" | "recording" | "uploading";

/** How fast the level meter falls back, as a share of its -60..0 dB scale per second (30 dB/s). */
const METER_RELEASE_PER_SECOND = 0.5;

/** The first recording format this browser makes, with the file extension it goes by. */
function recordingFormat(): { mimeType: string; extension: string } | null {
  const candidates = [
    { mimeType: "audio/webm;codecs=opus", extension: "webm" },
    { mimeType: "audio/webm", extension: "webm" },
    { mimeType: "audio/ogg;codecs=opus", extension: "ogg" },
    { mimeType: "audio/mp4", extension: "m4a" },
  ];
  return candidates.find((candidate) => MediaRecorder.isTypeSupported(candidate.mimeType)) ?? null;
}

function microphoneProblem(error: unknown): string {
  const name = error instanceof DOMException ? error.name : "";
  if (name === "NotAllowedError" || name === "SecurityError") return "The browser did not allow the microphone. Allow it for this site and try again.";
  if (name === "NotFoundError" || name === "OverconstrainedError") return "No microphone was found. Connect one and try again.";
  if (name === "NotReadableError") return "The microphone is in use by another program.";
  return errorText(error);
}

type Session = {
  stream: MediaStream;
  recorder: MediaRecorder;
  context: AudioContext;
  chunks: Blob[];
  startedAt: number;
  frame: number | null;
  keep: boolean;
};

export function Recorder({ projectId, nextNumber, disabledReason, onAdded }: { projectId: string; nextNumber: number; disabledReason: string | null; onAdded: (track: AudioTrack) => void }) {
  const [phase, setPhase] = useState<Phase>("idle");
  const [elapsed, setElapsed] = useState(0);
  const [level, setLevel] = useState(0);
  const [progress, setProgress] = useState(0);
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const session = useRef<Session | null>(null);
  const supported = typeof window !== "undefined" && typeof MediaRecorder !== "undefined" && Boolean(navigator.mediaDevices?.getUserMedia);

  const release = () => {
    const current = session.current;
    if (!current) return;
    if (current.frame !== null) cancelAnimationFrame(current.frame);
    for (const track of current.stream.getTracks()) track.stop();
    void current.context.close();
    session.current = null;
  };

  useEffect(
    () => () => {
      if (session.current) {
        session.current.keep = false;
        if (session.current.recorder.state !== "inactive") session.current.recorder.stop();
      }
      release();
    },
    [],
  );

  const upload = async (blob: Blob, extension: string) => {
    setPhase("uploading");
    setProgress(0);
    const name = `Recording ${nextNumber}`;
    try {
      const track = await uploadTrack(projectId, blob, { fileName: `${name}.${extension}`, trackName: name, onProgress: setProgress }).promise;
      onAdded(track);
      setMessage({ tone: "success", text: `Added "${track.name}".` });
    } catch (error) {
      setMessage({ tone: "error", text: errorText(error) });
    } finally {
      setPhase("idle");
    }
  };

  const start = async () => {
    setMessage(null);
    const format = recordingFormat();
    if (!format) {
      setMessage({ tone: "error", text: "This browser cannot record audio in a format we take." });
      return;
    }
    setPhase("asking");
    // Made while the click still counts as the person's gesture, so the level meter's audio runs
    // even when the browser takes a while to answer for the microphone.
    const context = new AudioContext();
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
    } catch (error) {
      void context.close();
      setMessage({ tone: "error", text: microphoneProblem(error) });
      setPhase("idle");
      return;
    }
    if (context.state === "suspended") await context.resume().catch(() => undefined);
    const analyser = context.createAnalyser();
    analyser.fftSize = 1024;
    context.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const recorder = new MediaRecorder(stream, { mimeType: format.mimeType });
    const current: Session = { stream, recorder, context, chunks: [], startedAt: performance.now(), frame: null, keep: true };
    session.current = current;
    recorder.ondataavailable = (event) => {
      if (event.data.size > 0) current.chunks.push(event.data);
    };
    recorder.onstop = () => {
      const blob = new Blob(current.chunks, { type: format.mimeType.split(";")[0] });
      release();
      setLevel(0);
      if (current.keep && blob.size > 0) void upload(blob, format.extension);
      else setPhase("idle");
    };
    let shown = 0;
    let lastFrame = performance.now();
    const measure = () => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const sample of samples) sum += sample * sample;
      // RMS on a dB scale from -60 dB (empty) to 0 dB (full): how a level meter reads. It rises at
      // once and falls back at 30 dB a second, so a short sound stays long enough to be seen.
      const db = 10 * Math.log10(sum / samples.length || 1e-12);
      const now = performance.now();
      const input = Math.max(0, Math.min(1, (db + 60) / 60));
      shown = Math.max(input, shown - (METER_RELEASE_PER_SECOND * (now - lastFrame)) / 1000);
      lastFrame = now;
      setLevel(shown);
      const seconds = (now - current.startedAt) / 1000;
      setElapsed(seconds);
      if (seconds >= MAX_TRACK_SECONDS) {
        recorder.stop();
        return;
      }
      current.frame = requestAnimationFrame(measure);
    };
    recorder.start(1000);
    setElapsed(0);
    setPhase("recording");
    current.frame = requestAnimationFrame(measure);
  };

  const stop = (keep: boolean) => {
    const current = session.current;
    if (!current) return;
    current.keep = keep;
    if (current.recorder.state !== "inactive") current.recorder.stop();
  };

  const percent = Math.round(level * 100);
  return (
    <div className="flex h-full flex-col justify-center gap-3 rounded-xl border-2 border-dashed border-slate-300 bg-slate-50 px-4 py-6 text-center" data-testid="recorder">
      {phase === "recording" ? (
        <>
          <p className="flex items-center justify-center gap-2 text-sm font-semibold text-slate-900">
            <span aria-hidden className="h-2.5 w-2.5 animate-pulse rounded-full bg-red-600" />
            Recording <span className="font-mono tabular-nums" data-testid="recording-time">{formatClock(elapsed)}</span>
          </p>
          <div
            role="meter"
            aria-label="Microphone level"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            className="mx-auto h-2.5 w-full max-w-xs overflow-hidden rounded-full bg-slate-200"
            data-testid="level-meter"
          >
            <div className={cx("h-full rounded-full transition-[width] duration-75", level > 0.9 ? "bg-red-600" : level > 0.7 ? "bg-amber-500" : "bg-emerald-600")} style={{ width: `${percent}%` }} />
          </div>
          <div className="flex justify-center gap-2">
            <Button type="button" variant="danger" onClick={() => stop(true)}>
              Stop and add track
            </Button>
            <Button type="button" variant="ghost" onClick={() => stop(false)}>
              Cancel
            </Button>
          </div>
        </>
      ) : (
        <>
          <svg aria-hidden width="28" height="28" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" className="mx-auto text-red-600">
            <rect x="9" y="3" width="6" height="11" rx="3" />
            <path d="M5 11a7 7 0 0 0 14 0M12 18v3" />
          </svg>
          <div>
            <Button type="button" variant="secondary" onClick={() => void start()} disabled={!supported || phase !== "idle" || Boolean(disabledReason)}>
              {phase === "asking" ? "Waiting for the microphone…" : phase === "uploading" ? `Adding the recording… ${Math.round(progress * 100)}%` : "Record a track"}
            </Button>
          </div>
          <p className="text-xs text-slate-600">{supported ? (disabledReason ?? "Records from your microphone and adds the take as a track.") : "This browser cannot record audio."}</p>
        </>
      )}
      <div aria-live="polite">
        {message ? (
          <p className={cx("text-sm", message.tone === "error" ? "font-medium text-red-700" : "text-emerald-800")} data-testid="recorder-message">
            {message.text}
          </p>
        ) : null}
      </div>
    </div>
  );
}
