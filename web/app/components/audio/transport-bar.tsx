/**
 * The mixer's one transport: play/pause (also the Space key), stop, the playhead as a slider, where
 * it is of how long, and looping a region. Every track follows it. On wider screens it stays in view
 * while the track list scrolls (on a phone it would cover too much of it).
 */
import { useEffect, useState, type ReactNode } from "react";
import { formatDuration } from "@spike-land/shared/audio/formats";
import type { MixPlayer } from "@spike-land/shared/audio/player";
import { cx } from "../ui.tsx";
import { formatClock } from "./format.ts";
import { usePlayerState } from "./use-mix-player.ts";

/** Keys typed into these go to them, not to the transport. */
function typingInto(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || target instanceof HTMLButtonElement || target instanceof HTMLAnchorElement) return true;
  return target instanceof HTMLInputElement && target.type !== "range";
}

function TransportButton({ label, pressed, disabled, onClick, children, shortcut }: { label: string; pressed?: boolean; disabled?: boolean; onClick: () => void; children: ReactNode; shortcut?: string }) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      aria-pressed={pressed}
      aria-keyshortcuts={shortcut}
      disabled={disabled}
      onClick={onClick}
      className={cx(
        "grid h-10 w-10 shrink-0 place-items-center rounded-full transition disabled:cursor-not-allowed disabled:opacity-50",
        pressed ? "bg-amber-100 text-amber-900 ring-1 ring-amber-400" : "bg-white text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50",
      )}
    >
      {children}
    </button>
  );
}

const ICON = { width: 18, height: 18, viewBox: "0 0 24 24", "aria-hidden": true } as const;

export function TransportBar({ player, ready, status }: { player: MixPlayer | null; ready: boolean; status: ReactNode }) {
  const state = usePlayerState(player);
  const usable = Boolean(player) && ready && state.duration > 0;
  const [loopFrom, setLoopFrom] = useState("0");
  const [loopTo, setLoopTo] = useState("");

  // A new mix length gives the loop fields a sensible default: the whole mix.
  useEffect(() => {
    if (state.duration > 0 && loopTo === "") setLoopTo(state.duration.toFixed(1));
  }, [state.duration, loopTo]);

  useEffect(() => {
    if (!player) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== " " || event.repeat || event.altKey || event.ctrlKey || event.metaKey || typingInto(event.target)) return;
      event.preventDefault();
      void player.toggle();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [player]);

  const applyLoop = (from: string, to: string, on: boolean) => {
    if (!player) return;
    const start = Number(from);
    const end = Number(to);
    if (!on || !Number.isFinite(start) || !Number.isFinite(end) || end <= start) player.setLoop(0, null);
    else player.setLoop(start, end);
  };

  return (
    <div role="group" aria-label="Transport" className="z-10 border-b border-slate-200 bg-white/95 px-4 py-3 backdrop-blur sm:px-5 md:sticky md:top-16">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-3">
        <div className="flex items-center gap-2">
          <button
            type="button"
            onClick={() => void player?.toggle()}
            disabled={!usable}
            aria-keyshortcuts="Space"
            className="inline-flex h-10 min-w-[6.5rem] items-center justify-center gap-2 rounded-full bg-brand-600 px-4 text-sm font-semibold text-white shadow-sm transition hover:bg-brand-700 disabled:cursor-not-allowed disabled:opacity-60"
          >
            {state.playing ? (
              <svg {...ICON} fill="currentColor">
                <path d="M7 5h4v14H7zM13 5h4v14h-4z" />
              </svg>
            ) : (
              <svg {...ICON} fill="currentColor">
                <path d="M8 5v14l11-7z" />
              </svg>
            )}
            {state.playing ? "Pause" : "Play"}
          </button>
          <TransportButton label="Stop" disabled={!usable} onClick={() => player?.stop()}>
            <svg {...ICON} fill="currentColor">
              <path d="M6 6h12v12H6z" />
            </svg>
          </TransportButton>
        </div>
        <p className="font-mono text-sm tabular-nums text-slate-800" data-testid="transport-time">
          <span data-testid="transport-position">{formatClock(state.position)}</span>
          <span className="text-slate-500"> / </span>
          <span data-testid="transport-duration">{formatDuration(state.duration)}</span>
        </p>
        <div className="flex min-w-[12rem] flex-1 items-center">
          <label htmlFor="transport-seek" className="sr-only">
            Playhead position
          </label>
          <input
            id="transport-seek"
            type="range"
            min={0}
            max={Math.max(state.duration, 0.1)}
            step={0.1}
            value={Math.min(state.position, state.duration)}
            disabled={!usable}
            aria-valuetext={`${formatDuration(state.position)} of ${formatDuration(state.duration)}`}
            onChange={(event) => player?.seek(Number(event.target.value))}
            className="h-2 w-full cursor-pointer accent-brand-600 disabled:cursor-not-allowed"
          />
        </div>
        <div className="ml-auto">{status}</div>
      </div>
      <div className="mt-3 flex flex-wrap items-center gap-x-2 gap-y-2 text-sm text-slate-700 sm:gap-x-3">
        <button
          type="button"
          aria-pressed={Boolean(state.loop)}
          disabled={!usable}
          onClick={() => applyLoop(loopFrom, loopTo, !state.loop)}
          className={cx(
            "inline-flex items-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-semibold ring-1 transition disabled:cursor-not-allowed disabled:opacity-60",
            state.loop ? "bg-amber-100 text-amber-900 ring-amber-400" : "bg-white text-slate-800 ring-slate-300 hover:bg-slate-50",
          )}
        >
          <svg {...ICON} width={16} height={16} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
            <path d="M17 2l4 4-4 4" />
            <path d="M3 11v-1a4 4 0 0 1 4-4h14" />
            <path d="M7 22l-4-4 4-4" />
            <path d="M21 13v1a4 4 0 0 1-4 4H3" />
          </svg>
          Loop {state.loop ? "on" : "off"}
        </button>
        <label htmlFor="loop-from">
          <span className="sr-only">Loop </span>from<span className="sr-only"> (seconds)</span>
        </label>
        <input
          id="loop-from"
          type="number"
          min={0}
          step={0.1}
          inputMode="decimal"
          value={loopFrom}
          disabled={!usable}
          onChange={(event) => {
            setLoopFrom(event.target.value);
            if (state.loop) applyLoop(event.target.value, loopTo, true);
          }}
          className="w-16 rounded-md border-0 px-2 py-1 text-sm tabular-nums ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600"
        />
        <label htmlFor="loop-to">
          <span className="sr-only">Loop </span>to<span className="sr-only"> (seconds)</span>
        </label>
        <input
          id="loop-to"
          type="number"
          min={0}
          step={0.1}
          inputMode="decimal"
          value={loopTo}
          disabled={!usable}
          onChange={(event) => {
            setLoopTo(event.target.value);
            if (state.loop) applyLoop(loopFrom, event.target.value, true);
          }}
          className="w-16 rounded-md border-0 px-2 py-1 text-sm tabular-nums ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600"
        />
        <span aria-hidden className="hidden text-slate-600 sm:inline">
          s
        </span>
        <span className="hidden text-slate-600 md:inline">· Space plays and pauses</span>
      </div>
    </div>
  );
}
