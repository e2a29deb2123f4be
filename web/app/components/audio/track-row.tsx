/**
 * One track in the mixer: its name, waveform, volume (with its level in dB), mute and solo, moving it
 * up or down, and deleting it. Each control is a small form posting to the page, so the row works
 * without JavaScript; with it, the page handles them in place and saves them itself. A track the
 * solo and mute rules silence is shaded and says why.
 */
import { Form } from "@remix-run/react";
import { useState, type ReactNode } from "react";
import type { AudioTrack } from "@spike-land/shared/api/audio";
import { formatDuration, AUDIO_FORMATS, type AudioFormat } from "@spike-land/shared/audio/formats";
import type { MixLoop, MixPlayer } from "@spike-land/shared/audio/player";
import { formatDb, MAX_VOLUME, MIN_VOLUME } from "@spike-land/shared/audio/mix";
import { cx } from "../ui.tsx";
import { formatStorage } from "./format.ts";
import type { Peaks } from "./peaks.ts";
import { Waveform } from "./waveform.tsx";

export type TrackRowHandlers = {
  onRename: (id: string, name: string) => void;
  onMix: (id: string, patch: { volume?: number; muted?: boolean; solo?: boolean }) => void;
  onMove: (id: string, direction: "up" | "down") => void;
  onDelete: (id: string) => void;
  onSeek: (seconds: number) => void;
};

function formatLabel(format: string): string {
  return AUDIO_FORMATS[format as AudioFormat]?.label ?? format.toUpperCase();
}

function Toggle({
  track,
  field,
  pressed,
  hydrated,
  onToggle,
  children,
  tone,
}: {
  track: AudioTrack;
  field: "muted" | "solo";
  pressed: boolean;
  hydrated: boolean;
  onToggle: () => void;
  children: ReactNode;
  tone: "red" | "amber";
}) {
  const on = tone === "red" ? "bg-red-600 text-white ring-red-600 hover:bg-red-700" : "bg-amber-400 text-amber-950 ring-amber-500 hover:bg-amber-300";
  return (
    <Form method="post" className="contents">
      <input type="hidden" name="intent" value="mixTrack" />
      <input type="hidden" name="trackId" value={track.id} />
      <input type="hidden" name={field} value={String(!pressed)} />
      <button
        type="submit"
        aria-pressed={pressed}
        onClick={(event) => {
          if (!hydrated) return;
          event.preventDefault();
          onToggle();
        }}
        className={cx(
          "inline-flex h-9 min-w-[3.75rem] items-center justify-center rounded-md px-2.5 text-sm font-semibold ring-1 transition",
          pressed ? on : "bg-white text-slate-800 ring-slate-300 hover:bg-slate-50",
        )}
      >
        {children}
        <span className="sr-only"> {track.name}</span>
      </button>
    </Form>
  );
}

function IconButton({
  label,
  intent,
  track,
  disabled,
  hydrated,
  onPress,
  id,
  extra,
  confirm,
  danger,
  children,
}: {
  label: string;
  intent: string;
  track: AudioTrack;
  disabled?: boolean;
  hydrated: boolean;
  onPress: () => void;
  id: string;
  extra?: Record<string, string>;
  confirm?: string;
  danger?: boolean;
  children: ReactNode;
}) {
  return (
    <Form
      method="post"
      className="contents"
      onSubmit={(event) => {
        if (confirm && !window.confirm(confirm)) event.preventDefault();
      }}
    >
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="trackId" value={track.id} />
      {Object.entries(extra ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button
        id={id}
        type="submit"
        aria-label={label}
        title={label}
        disabled={disabled}
        onClick={(event) => {
          if (!hydrated) return;
          event.preventDefault();
          onPress();
        }}
        className={cx(
          "grid h-9 w-9 place-items-center rounded-md ring-1 ring-slate-300 transition disabled:cursor-not-allowed disabled:opacity-40",
          danger ? "bg-white text-red-700 hover:bg-red-50" : "bg-white text-slate-700 hover:bg-slate-50",
        )}
      >
        {children}
      </button>
    </Form>
  );
}

const ICON = { width: 16, height: 16, viewBox: "0 0 24 24", fill: "none", stroke: "currentColor", strokeWidth: 2, strokeLinecap: "round", strokeLinejoin: "round", "aria-hidden": true } as const;

export function TrackRow({
  track,
  index,
  count,
  silentBecause,
  peaks,
  failure,
  player,
  loop,
  hydrated,
  nameError,
  deleting,
  handlers,
}: {
  track: AudioTrack;
  index: number;
  count: number;
  /** Why the mix does not include this track now, or null when it is heard. */
  silentBecause: string | null;
  peaks: Peaks | null;
  failure: string | null;
  player: MixPlayer | null;
  loop: MixLoop | null;
  hydrated: boolean;
  nameError: string | null;
  deleting: boolean;
  handlers: TrackRowHandlers;
}) {
  // What is typed stays as typed (the page keeps the trimmed name for labels and saving).
  const [name, setName] = useState(track.name);
  const nameId = `track-${track.id}-name`;
  const volumeId = `track-${track.id}-volume`;
  const number = index + 1;
  return (
    <li
      data-testid="track-row"
      data-track-id={track.id}
      data-audible={silentBecause ? "false" : "true"}
      aria-label={`Track ${number}: ${track.name}`}
      className={cx("grid gap-4 px-4 py-4 sm:px-5 md:grid-cols-[17rem_minmax(0,1fr)]", silentBecause ? "bg-slate-50" : "bg-white")}
    >
      <div className="min-w-0 space-y-3">
        <Form method="post" className="flex items-center gap-2">
          <input type="hidden" name="intent" value="renameTrack" />
          <input type="hidden" name="trackId" value={track.id} />
          <span aria-hidden className={cx("grid h-7 w-7 shrink-0 place-items-center rounded-md text-xs font-bold", silentBecause ? "bg-slate-200 text-slate-700" : "bg-brand-100 text-brand-800")}>
            {number}
          </span>
          <label htmlFor={nameId} className="sr-only">
            Name of track {number}
          </label>
          <input
            id={nameId}
            name="name"
            value={name}
            maxLength={120}
            required
            autoComplete="off"
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? `${nameId}-error` : undefined}
            onChange={(event) => {
              setName(event.target.value);
              if (hydrated) handlers.onRename(track.id, event.target.value);
            }}
            className={cx(
              "min-w-0 flex-1 rounded-md border-0 bg-transparent px-2 py-1.5 text-sm font-semibold text-slate-900 ring-1 ring-inset hover:ring-slate-300 focus:bg-white focus:ring-2 focus:ring-brand-600",
              nameError ? "ring-red-500" : "ring-transparent",
            )}
          />
          {hydrated ? null : (
            <button type="submit" className="rounded-md px-2 py-1.5 text-sm font-semibold text-brand-700 ring-1 ring-slate-300 hover:bg-slate-50">
              Save name
            </button>
          )}
        </Form>
        {nameError ? (
          <p id={`${nameId}-error`} className="text-sm font-medium text-red-700">
            {nameError}
          </p>
        ) : null}
        <div className="flex flex-wrap items-center gap-2">
          <Toggle track={track} field="muted" pressed={track.muted} hydrated={hydrated} tone="red" onToggle={() => handlers.onMix(track.id, { muted: !track.muted })}>
            Mute
          </Toggle>
          <Toggle track={track} field="solo" pressed={track.solo} hydrated={hydrated} tone="amber" onToggle={() => handlers.onMix(track.id, { solo: !track.solo })}>
            Solo
          </Toggle>
          <div className="ml-auto flex items-center gap-1.5">
            <IconButton id={`track-${track.id}-up`} label={`Move ${track.name} up`} intent="moveTrack" extra={{ direction: "up" }} track={track} disabled={index === 0} hydrated={hydrated} onPress={() => handlers.onMove(track.id, "up")}>
              <svg {...ICON}>
                <path d="M12 19V5M5 12l7-7 7 7" />
              </svg>
            </IconButton>
            <IconButton
              id={`track-${track.id}-down`}
              label={`Move ${track.name} down`}
              intent="moveTrack"
              extra={{ direction: "down" }}
              track={track}
              disabled={index === count - 1}
              hydrated={hydrated}
              onPress={() => handlers.onMove(track.id, "down")}
            >
              <svg {...ICON}>
                <path d="M12 5v14M19 12l-7 7-7-7" />
              </svg>
            </IconButton>
            <IconButton
              id={`track-${track.id}-delete`}
              label={`Delete ${track.name}`}
              intent="deleteTrack"
              track={track}
              disabled={deleting}
              hydrated={hydrated}
              danger
              confirm={`Delete the track "${track.name}"? Its audio is deleted too.`}
              onPress={() => handlers.onDelete(track.id)}
            >
              <svg {...ICON}>
                <path d="M3 6h18M8 6V4h8v2M6 6l1 14h10l1-14" />
              </svg>
            </IconButton>
          </div>
        </div>
        <Form method="post" className="flex items-center gap-3">
          <input type="hidden" name="intent" value="mixTrack" />
          <input type="hidden" name="trackId" value={track.id} />
          <label htmlFor={volumeId} className="w-14 shrink-0 text-sm font-medium text-slate-700">
            Volume
          </label>
          <input
            id={volumeId}
            name="volume"
            type="range"
            min={MIN_VOLUME}
            max={MAX_VOLUME}
            step={0.01}
            value={track.volume}
            aria-valuetext={`${formatDb(track.volume)} (${Math.round(track.volume * 100)}%)`}
            onChange={(event) => handlers.onMix(track.id, { volume: Number(event.target.value) })}
            className="h-2 min-w-0 flex-1 cursor-pointer accent-brand-600"
          />
          <output htmlFor={volumeId} className="w-16 shrink-0 text-right font-mono text-xs tabular-nums text-slate-700" data-testid="track-db">
            {formatDb(track.volume)}
          </output>
          {hydrated ? null : (
            <button type="submit" className="rounded-md px-2 py-1 text-sm font-semibold text-brand-700 ring-1 ring-slate-300 hover:bg-slate-50">
              Set
            </button>
          )}
        </Form>
      </div>
      <div className="min-w-0 space-y-1.5">
        {track.fileUrl ? (
          failure ? (
            <p className="flex h-16 items-center rounded-lg bg-red-50 px-3 text-sm text-red-800 ring-1 ring-inset ring-red-200">{failure}</p>
          ) : hydrated ? (
            <Waveform peaks={peaks} player={player} label={track.name} dimmed={Boolean(silentBecause)} loop={loop} onSeek={handlers.onSeek} />
          ) : (
            <p className="flex h-16 items-center rounded-lg bg-slate-50 px-3 text-sm text-slate-600 ring-1 ring-inset ring-slate-200">The waveform and playback need JavaScript.</p>
          )
        ) : (
          <p className="flex h-16 items-center rounded-lg bg-slate-50 px-3 text-sm text-slate-600 ring-1 ring-inset ring-slate-200">
            This track&apos;s audio is kept on the device that added it; upload it from there to hear it here.
          </p>
        )}
        <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-600">
          <span>{formatDuration(track.duration)}</span>
          <span aria-hidden>·</span>
          <span>{formatLabel(track.fileFormat)}</span>
          <span aria-hidden>·</span>
          <span>{formatStorage(track.fileSizeBytes)}</span>
          {silentBecause ? (
            <span className="ml-auto rounded-full bg-slate-200 px-2 py-0.5 font-semibold text-slate-800" data-testid="track-silent">
              {silentBecause}
            </span>
          ) : null}
        </p>
      </div>
    </li>
  );
}
