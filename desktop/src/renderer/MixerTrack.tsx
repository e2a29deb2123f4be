/**
 * One track of the open project: its name, format, length and where its audio lives, the fader
 * (with the level in dB), mute and solo, moving it up or down, renaming, deleting, and its waveform
 * (wavesurfer.js) drawn to the scale of the whole mix with the shared playhead over it.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type MouseEvent } from "react";
import WaveSurfer from "wavesurfer.js";
import { formatDuration } from "@spike-land/shared/audio/formats";
import { MAX_VOLUME, MIN_VOLUME, formatDb, isAudible } from "@spike-land/shared/audio/mix";
import type { AudioTrackView } from "../ipc/contract.ts";
import { formatBytes } from "./format.ts";
import type { TrackAudio } from "./MixerPlayer.ts";

/** Enough points for a crisp waveform at any window width; wavesurfer picks from them per pixel. */
const PEAK_BUCKETS = 1600;

type Props = {
  track: AudioTrackView;
  index: number;
  count: number;
  allTracks: AudioTrackView[];
  audio: TrackAudio | undefined;
  /** The whole mix's length and the playhead, in seconds. */
  mixDuration: number;
  position: number;
  onChange: (patch: { name?: string; volume?: number; muted?: boolean; solo?: boolean }) => void;
  onMove: (by: -1 | 1) => void;
  onDelete: () => void;
  onUpload: () => void;
  onSeek: (seconds: number) => void;
};

export function MixerTrack({ track, index, count, allTracks, audio, mixDuration, position, onChange, onMove, onDelete, onUpload, onSeek }: Props) {
  const [renaming, setRenaming] = useState(false);
  const [draft, setDraft] = useState(track.name);
  const [confirming, setConfirming] = useState(false);
  const upRef = useRef<HTMLButtonElement>(null);
  const downRef = useRef<HTMLButtonElement>(null);
  const renameRef = useRef<HTMLButtonElement>(null);
  const ids = useId();
  const heard = isAudible(track, allTracks);
  const duration = track.duration ?? (audio?.status === "ready" ? audio.buffer.duration : 0);

  function move(by: -1 | 1) {
    onMove(by);
    // At the top or the bottom the pressed button turns off: keep the focus on the row's other one.
    const atEdge = by === -1 ? index - 1 === 0 : index + 1 === count - 1;
    if (atEdge) queueMicrotask(() => (by === -1 ? downRef : upRef).current?.focus());
  }

  function rename(event: FormEvent) {
    event.preventDefault();
    const name = draft.trim();
    if (name && name !== track.name) onChange({ name });
    setRenaming(false);
    queueMicrotask(() => renameRef.current?.focus());
  }

  return (
    <li className={`mixer-track${heard ? "" : " mixer-track-silent"}`} aria-labelledby={`${ids}-name`}>
      <div className="mixer-track-head">
        <span className="mixer-track-number" aria-hidden="true">
          {index + 1}
        </span>
        {renaming ? (
          <form className="mixer-rename" onSubmit={rename}>
            <label className="visually-hidden" htmlFor={`${ids}-rename`}>
              Track name
            </label>
            <input
              id={`${ids}-rename`}
              value={draft}
              maxLength={120}
              autoFocus
              onChange={(event) => setDraft(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === "Escape") {
                  setRenaming(false);
                  setDraft(track.name);
                }
              }}
            />
            <button className="button button-small button-secondary" type="submit">
              Save
            </button>
          </form>
        ) : (
          <h3 id={`${ids}-name`} className="mixer-track-name">
            {track.name}
          </h3>
        )}
        <span className="mixer-track-meta">
          {track.fileFormat.toUpperCase()} · {track.duration !== null ? formatDuration(track.duration) : "–:––"} · {formatBytes(track.fileSizeBytes)}
        </span>
        <span className={`badge ${track.storageType === "OPFS" ? "mixer-badge-local" : "badge-soft"}`}>
          {track.storageType === "OPFS" ? "On this computer only" : "Uploaded"}
        </span>
        {track.pending && <span className="mixer-track-pending">Not synced yet</span>}
        <div className="mixer-track-tools">
          {track.storageType === "OPFS" && track.localPath && (
            <button className="button button-small button-secondary" type="button" onClick={onUpload} aria-label={`Upload ${track.name}`}>
              Upload
            </button>
          )}
          {!renaming && (
            <button ref={renameRef} className="button button-small button-quiet" type="button" onClick={() => setRenaming(true)} aria-label={`Rename ${track.name}`}>
              Rename
            </button>
          )}
          <button ref={upRef} className="button-icon" type="button" onClick={() => move(-1)} disabled={index === 0} aria-label={`Move ${track.name} up`}>
            <span aria-hidden="true">↑</span>
          </button>
          <button ref={downRef} className="button-icon" type="button" onClick={() => move(1)} disabled={index === count - 1} aria-label={`Move ${track.name} down`}>
            <span aria-hidden="true">↓</span>
          </button>
          {confirming ? (
            <span className="mixer-confirm" role="group" aria-label={`Delete ${track.name}?`}>
              <button className="button button-small button-danger" type="button" onClick={onDelete} autoFocus>
                Delete
              </button>
              <button className="button button-small button-secondary" type="button" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </span>
          ) : (
            <button className="button button-small button-quiet" type="button" onClick={() => setConfirming(true)} aria-label={`Delete ${track.name}`}>
              Delete
            </button>
          )}
        </div>
      </div>

      <div className="mixer-track-body">
        <div className="mixer-track-controls">
          <button
            className="mixer-toggle mixer-toggle-mute"
            type="button"
            aria-pressed={track.muted}
            aria-label={`Mute ${track.name}`}
            onClick={() => onChange({ muted: !track.muted })}
          >
            M
          </button>
          <button
            className="mixer-toggle mixer-toggle-solo"
            type="button"
            aria-pressed={track.solo}
            aria-label={`Solo ${track.name}`}
            onClick={() => onChange({ solo: !track.solo })}
          >
            S
          </button>
          <label className="visually-hidden" htmlFor={`${ids}-volume`}>
            Volume of {track.name}
          </label>
          <input
            id={`${ids}-volume`}
            className="mixer-fader"
            type="range"
            min={MIN_VOLUME}
            max={MAX_VOLUME}
            step={0.01}
            value={track.volume}
            aria-valuetext={formatDb(track.volume)}
            onChange={(event) => onChange({ volume: Number(event.target.value) })}
          />
          <output className="mixer-db" htmlFor={`${ids}-volume`}>
            {formatDb(track.volume)}
          </output>
        </div>
        <Lane track={track} audio={audio} duration={duration} mixDuration={mixDuration} position={position} onSeek={onSeek} />
      </div>
    </li>
  );
}

function Lane({
  track,
  audio,
  duration,
  mixDuration,
  position,
  onSeek,
}: {
  track: AudioTrackView;
  audio: TrackAudio | undefined;
  duration: number;
  mixDuration: number;
  position: number;
  onSeek: (seconds: number) => void;
}) {
  const span = mixDuration > 0 ? Math.min(1, duration / mixDuration) : 1;
  const at = mixDuration > 0 ? Math.min(1, position / mixDuration) : 0;

  function seek(event: MouseEvent<HTMLDivElement>) {
    if (mixDuration <= 0) return;
    const rect = event.currentTarget.getBoundingClientRect();
    onSeek(((event.clientX - rect.left) / rect.width) * mixDuration);
  }

  return (
    // Clicking a lane is a mouse shortcut for the transport's Position slider, which the keyboard uses.
    <div className="mixer-lane" onClick={seek} data-testid="track-lane">
      <div className="mixer-lane-wave" style={{ width: `${span * 100}%` }}>
        {audio?.status === "ready" ? (
          <Waveform buffer={audio.buffer} name={track.name} />
        ) : audio?.status === "failed" ? (
          <p className="mixer-lane-note">{audio.message}</p>
        ) : (
          <p className="mixer-lane-note">
            <span className="spinner spinner-dark" aria-hidden="true" /> Loading the audio…
          </p>
        )}
      </div>
      <div className="mixer-playhead" style={{ left: `${at * 100}%` }} aria-hidden="true" />
    </div>
  );
}

/** The decoded audio's outline: the loudest and quietest sample of each stretch, across its channels. */
function peaksOf(buffer: AudioBuffer): Float32Array {
  const frames = buffer.length;
  const buckets = Math.max(1, Math.min(PEAK_BUCKETS, frames));
  const size = frames / buckets;
  const out = new Float32Array(buckets * 2);
  const channels = Array.from({ length: buffer.numberOfChannels }, (_, c) => buffer.getChannelData(c));
  for (let b = 0; b < buckets; b++) {
    let high = 0;
    let low = 0;
    const end = Math.min(frames, Math.floor((b + 1) * size));
    for (let i = Math.floor(b * size); i < end; i++) {
      for (const channel of channels) {
        const value = channel[i]!;
        if (value > high) high = value;
        if (value < low) low = value;
      }
    }
    out[b * 2] = high;
    out[b * 2 + 1] = low;
  }
  return out;
}

function Waveform({ buffer, name }: { buffer: AudioBuffer; name: string }) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!container.current) return;
    const styles = getComputedStyle(container.current);
    const wave = WaveSurfer.create({
      container: container.current,
      height: 56,
      waveColor: styles.getPropertyValue("--wave").trim() || "#6366f1",
      progressColor: styles.getPropertyValue("--wave").trim() || "#6366f1",
      cursorWidth: 0,
      interact: false,
      normalize: true,
      barWidth: 2,
      barGap: 1,
      barRadius: 1,
      peaks: [peaksOf(buffer)],
      duration: buffer.duration,
    });
    return () => wave.destroy();
  }, [buffer]);

  return <div ref={container} className="mixer-wave" role="img" aria-label={`Waveform of ${name}`} data-testid="waveform" />;
}
