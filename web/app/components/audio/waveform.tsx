/**
 * One track's waveform, drawn by wavesurfer.js from peaks the page already has (it never fetches or
 * plays anything itself). The mixer's transport drives its playhead; a click or drag on it seeks the
 * transport, which moves the playhead on every waveform. The loop, when on, is shaded.
 */
import { useEffect, useRef, useState } from "react";
import type WaveSurfer from "wavesurfer.js";
import type { MixLoop, MixPlayer } from "@spike-land/shared/audio/player";
import type { Peaks } from "./peaks.ts";

const HEIGHT = 64;
const COLORS = {
  heard: { wave: "#818cf8", progress: "#4338ca" },
  quiet: { wave: "#cbd5e1", progress: "#94a3b8" },
};

export function Waveform({
  peaks,
  player,
  label,
  dimmed,
  loop,
  onSeek,
}: {
  peaks: Peaks | null;
  player: MixPlayer | null;
  label: string;
  dimmed: boolean;
  loop: MixLoop | null;
  onSeek: (seconds: number) => void;
}) {
  const container = useRef<HTMLDivElement>(null);
  const surfer = useRef<WaveSurfer | null>(null);
  // The drawing code is loaded when first needed; a page left open across a new release may miss it.
  const [broken, setBroken] = useState(false);
  const seek = useRef(onSeek);
  seek.current = onSeek;
  const colors = dimmed ? COLORS.quiet : COLORS.heard;
  const colorsRef = useRef(colors);
  colorsRef.current = colors;

  useEffect(() => {
    if (!peaks || !container.current) return;
    let cancelled = false;
    let made: WaveSurfer | null = null;
    const draw = ({ default: WaveSurferClass }: { default: typeof WaveSurfer }) => {
      if (cancelled || !container.current) return;
      made = WaveSurferClass.create({
        container: container.current,
        height: HEIGHT,
        waveColor: colorsRef.current.wave,
        progressColor: colorsRef.current.progress,
        cursorColor: "#0f172a",
        cursorWidth: 2,
        barWidth: 2,
        barGap: 1,
        barRadius: 1,
        normalize: true,
        interact: true,
        dragToSeek: true,
        hideScrollbar: true,
        autoScroll: false,
        autoCenter: false,
        peaks: [peaks.values],
        duration: peaks.duration,
      });
      made.on("interaction", (seconds) => seek.current(seconds));
      surfer.current = made;
      if (player) made.setTime(player.position);
    };
    import("wavesurfer.js").then(draw, () => {
      if (!cancelled) setBroken(true);
    });
    return () => {
      cancelled = true;
      made?.destroy();
      surfer.current = null;
    };
  }, [peaks, player]);

  useEffect(() => {
    surfer.current?.setOptions({ waveColor: colors.wave, progressColor: colors.progress });
  }, [colors.wave, colors.progress]);

  useEffect(() => {
    if (!player) return;
    return player.onTick((state) => surfer.current?.setTime(state.position));
  }, [player]);

  const span = peaks?.duration ?? 0;
  return (
    <div className="relative h-16 w-full overflow-hidden rounded-lg bg-slate-50 ring-1 ring-inset ring-slate-200">
      {broken ? (
        <p className="flex h-full items-center px-3 text-sm text-slate-700">The waveform could not be drawn. Reload the page to try again.</p>
      ) : peaks ? (
        <div ref={container} role="img" aria-label={`Waveform of ${label}; click or drag to move the playhead`} data-testid="waveform" className="h-16 w-full cursor-pointer" />
      ) : (
        <div className="flex h-full items-center gap-2 px-3 text-sm text-slate-600" data-testid="waveform-loading">
          <span aria-hidden className="h-2 w-2 animate-pulse rounded-full bg-brand-500" />
          Loading waveform…
        </div>
      )}
      {peaks && loop && span > 0 ? (
        <div
          aria-hidden
          data-testid="loop-region"
          className="pointer-events-none absolute inset-y-0 z-10 border-x-2 border-amber-500 bg-amber-200/30"
          style={{ left: `${(loop.start / span) * 100}%`, width: `${((loop.end - loop.start) / span) * 100}%` }}
        />
      ) : null}
    </div>
  );
}
