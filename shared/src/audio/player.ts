/**
 * The mixer's playback engine for the browser (the web mixer and the desktop window): every track
 * decoded once, played through its own gain node, all of them started by one Tone.js transport so
 * they stay sample-locked through play, pause, seek and loop. Solo and mute follow the shared rules
 * in mix.ts, so what is heard here is what a mixdown renders.
 *
 * Each player owns a private audio context (nothing global is touched), so a page can make one,
 * dispose of it and make another. Browser-only: it needs Web Audio.
 */
import * as Tone from "tone";
import { DEFAULT_VOLUME, effectiveGains, type TrackMixState } from "./mix.ts";

/** Where a track's audio comes from: a link to fetch, encoded bytes, or audio already decoded. */
export type MixTrackSource = string | ArrayBuffer | AudioBuffer;

export type MixTrackInput = TrackMixState & {
  readonly id: string;
  readonly source: MixTrackSource;
  /**
   * Changes when the track's audio changes. A track already loaded under the same id and version is
   * kept as it is (links to the same file may differ between page loads, so the link is no key).
   */
  readonly version?: string;
};

export type MixLoop = { readonly start: number; readonly end: number };

export type MixPlayerState = {
  /** Seconds from the start of the mix. */
  readonly position: number;
  /** The longest loaded track's length in seconds. */
  readonly duration: number;
  readonly playing: boolean;
  readonly loop: MixLoop | null;
};

export type TrackLoadFailure = { readonly id: string; readonly message: string };

export type LoadResult = {
  /** Tracks whose audio could not be fetched or decoded; they stay silent. */
  readonly failed: TrackLoadFailure[];
};

export type MixPlayerOptions = {
  /**
   * How the transport's clock ticks. "worker" (the default) keeps time steady in a background tab;
   * it starts a worker from a blob: link, so the page's content policy must allow that (worker-src
   * blob:). Tone.js starts one such worker for its own global context as soon as it is imported.
   */
  clock?: "worker" | "timeout";
  /** Fetches track links (for credentials or tests); the global fetch by default. */
  fetch?: typeof fetch;
};

export type MixPlayer = {
  /**
   * Makes these tracks the mix, in any order: new ones are fetched and decoded, ones already loaded
   * (same id and version) are kept, ones not listed are dropped. Mix settings are applied as given.
   */
  load(tracks: readonly MixTrackInput[]): Promise<LoadResult>;
  /** Changes one track's volume, mute or solo; every track's gain follows the solo and mute rules. */
  setTrack(id: string, patch: Partial<TrackMixState>): void;
  /** Starts (or resumes) from the current position. Call it from a user's gesture the first time. */
  play(): Promise<void>;
  pause(): void;
  /** Stops and returns to the start (or to the loop's start while looping). */
  stop(): void;
  toggle(): Promise<void>;
  /** Moves the playhead, playing or not; clamped to the mix. */
  seek(seconds: number): void;
  /** Loops `start`–`end` while playing; `end` null turns looping off. */
  setLoop(start: number, end: number | null): void;
  readonly state: MixPlayerState;
  readonly position: number;
  readonly duration: number;
  readonly playing: boolean;
  /** A loaded track's decoded audio (for waveforms and offline rendering), or null. */
  buffer(id: string): AudioBuffer | null;
  /** The gain each track plays at now (0 when solo or mute silence it), by id. */
  gains(): Map<string, number>;
  /** Called about once a frame while playing, and after every change; returns an unsubscribe. */
  onTick(listener: (state: MixPlayerState) => void): () => void;
  /** Stops, lets go of every node and closes the audio context. The player cannot be used again. */
  dispose(): void;
};

type LoadedTrack = {
  id: string;
  version: string;
  buffer: AudioBuffer;
  player: Tone.Player;
  gain: Tone.Gain;
};

/** A gain change takes this long, so muting or moving a fader never clicks. */
const GAIN_RAMP_SECONDS = 0.015;
/** The shortest loop a transport can keep up with. */
const MIN_LOOP_SECONDS = 0.05;

function clampTo(value: number, low: number, high: number): number {
  if (!Number.isFinite(value)) return low;
  return Math.min(high, Math.max(low, value));
}

function describe(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return String(error);
}

export function createMixPlayer(options: MixPlayerOptions = {}): MixPlayer {
  const context = new Tone.Context({ clockSource: options.clock ?? "worker", latencyHint: "playback" });
  const transport = context.transport;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const tracks = new Map<string, LoadedTrack>();
  // Every listed track's settings, loaded or not: a soloed track silences the others even while its
  // own audio is on its way (or failed), as it does in a mixdown.
  const settings = new Map<string, TrackMixState>();
  const listeners = new Set<(state: MixPlayerState) => void>();
  let order: string[] = [];
  let duration = 0;
  let loop: MixLoop | null = null;
  let frame: number | null = null;
  let disposed = false;
  let loadGeneration = 0;

  /** Where the listener is now: the transport's time at the moment being heard, not the look-ahead. */
  function position(): number {
    if (transport.state === "started") return clampTo(transport.getSecondsAtTime(context.immediate()), 0, duration);
    return clampTo(transport.seconds, 0, duration);
  }

  function state(): MixPlayerState {
    return { position: position(), duration, playing: transport.state === "started", loop };
  }

  function emit() {
    const now = state();
    for (const listener of listeners) listener(now);
  }

  function currentGains(): Map<string, number> {
    const gains = effectiveGains(order.map((id) => settings.get(id)!));
    return new Map(order.map((id, index) => [id, gains[index] ?? 0]));
  }

  function applyGains() {
    const gains = currentGains();
    for (const track of tracks.values()) {
      track.gain.gain.cancelScheduledValues(context.now());
      track.gain.gain.rampTo(gains.get(track.id) ?? 0, GAIN_RAMP_SECONDS);
    }
  }

  function recomputeDuration() {
    duration = Math.max(0, ...[...tracks.values()].map((track) => track.buffer.duration));
    if (loop && loop.end > duration) setLoop(loop.start, duration);
  }

  async function decode(source: MixTrackSource): Promise<AudioBuffer> {
    if (typeof source !== "string" && !(source instanceof ArrayBuffer)) return source;
    let bytes: ArrayBuffer;
    if (typeof source === "string") {
      const response = await doFetch(source);
      if (!response.ok) throw new Error(`The audio could not be fetched (${response.status}).`);
      bytes = await response.arrayBuffer();
    } else {
      // decodeAudioData takes its buffer away; keep the caller's.
      bytes = source.slice(0);
    }
    try {
      return await context.decodeAudioData(bytes);
    } catch {
      throw new Error("This browser cannot decode the track's audio.");
    }
  }

  function attach(id: string, version: string, buffer: AudioBuffer) {
    const gain = new Tone.Gain({ context, gain: 0 }).connect(context.destination);
    const player = new Tone.Player({ context, url: new Tone.ToneAudioBuffer(buffer), fadeIn: 0, fadeOut: 0 }).connect(gain);
    player.sync().start(0);
    tracks.set(id, { id, version, buffer, player, gain });
  }

  function detach(id: string) {
    const track = tracks.get(id);
    if (!track) return;
    track.player.unsync();
    track.player.dispose();
    track.gain.dispose();
    tracks.delete(id);
  }

  function tick() {
    frame = null;
    if (disposed) return;
    if (transport.state === "started" && !loop && duration > 0 && position() >= duration) {
      // The end of the mix: stop there and be ready to play it again from the start.
      transport.stop();
      transport.seconds = 0;
    }
    emit();
    if (transport.state === "started") schedule();
  }

  function schedule() {
    if (frame !== null || disposed) return;
    if (typeof requestAnimationFrame === "function") frame = requestAnimationFrame(tick);
    else frame = setTimeout(tick, 33) as unknown as number;
  }

  function cancelFrame() {
    if (frame === null) return;
    if (typeof cancelAnimationFrame === "function") cancelAnimationFrame(frame);
    else clearTimeout(frame);
    frame = null;
  }

  function setLoop(start: number, end: number | null) {
    if (end === null) {
      loop = null;
      transport.loop = false;
    } else {
      const from = clampTo(Math.min(start, end), 0, Math.max(0, duration - MIN_LOOP_SECONDS));
      const to = clampTo(Math.max(start, end), from + MIN_LOOP_SECONDS, Math.max(duration, from + MIN_LOOP_SECONDS));
      loop = { start: from, end: to };
      transport.loopStart = from;
      transport.loopEnd = to;
      transport.loop = true;
      const at = position();
      if (at < from || at >= to) seek(from);
    }
    emit();
  }

  function seek(seconds: number) {
    transport.seconds = clampTo(seconds, 0, duration);
    emit();
  }

  function guard() {
    if (disposed) throw new Error("This player has been disposed.");
  }

  return {
    async load(list) {
      guard();
      const generation = ++loadGeneration;
      order = list.map((track) => track.id);
      const wanted = new Map(list.map((track) => [track.id, track]));
      for (const id of [...tracks.keys()]) {
        const next = wanted.get(id);
        if (!next || (next.version ?? "") !== tracks.get(id)!.version) detach(id);
      }
      settings.clear();
      for (const track of list) settings.set(track.id, { volume: track.volume ?? DEFAULT_VOLUME, muted: track.muted, solo: track.solo });
      const toLoad = list.filter((track) => !tracks.has(track.id));
      recomputeDuration();
      applyGains();
      const failed: TrackLoadFailure[] = [];
      await Promise.all(
        toLoad.map(async (track) => {
          try {
            const buffer = await decode(track.source);
            // A later load or dispose replaced this one while the audio was on its way.
            if (disposed || generation !== loadGeneration || tracks.has(track.id)) return;
            attach(track.id, track.version ?? "", buffer);
          } catch (error) {
            failed.push({ id: track.id, message: describe(error) });
          }
        }),
      );
      if (!disposed) {
        recomputeDuration();
        applyGains();
        emit();
      }
      return { failed };
    },

    setTrack(id, patch) {
      guard();
      const mix = settings.get(id);
      if (!mix) return;
      settings.set(id, { volume: patch.volume ?? mix.volume, muted: patch.muted ?? mix.muted, solo: patch.solo ?? mix.solo });
      applyGains();
      emit();
    },

    async play() {
      guard();
      if (transport.state === "started") return;
      await context.resume();
      if (!loop && duration > 0 && position() >= duration - 0.01) transport.seconds = 0;
      transport.start();
      schedule();
      emit();
    },

    pause() {
      guard();
      if (transport.state !== "started") return;
      const at = position();
      transport.pause();
      // Resume where the listener heard it stop, not where the look-ahead had got to.
      transport.seconds = at;
      cancelFrame();
      emit();
    },

    stop() {
      guard();
      transport.stop();
      transport.seconds = loop ? loop.start : 0;
      cancelFrame();
      emit();
    },

    async toggle() {
      if (transport.state === "started") this.pause();
      else await this.play();
    },

    seek(seconds) {
      guard();
      seek(seconds);
    },

    setLoop(start, end) {
      guard();
      setLoop(start, end);
    },

    get state() {
      return state();
    },
    get position() {
      return position();
    },
    get duration() {
      return duration;
    },
    get playing() {
      return transport.state === "started";
    },

    buffer(id) {
      return tracks.get(id)?.buffer ?? null;
    },

    gains() {
      return currentGains();
    },

    onTick(listener) {
      listeners.add(listener);
      listener(state());
      return () => listeners.delete(listener);
    },

    dispose() {
      if (disposed) return;
      disposed = true;
      cancelFrame();
      listeners.clear();
      transport.stop();
      for (const id of [...tracks.keys()]) detach(id);
      settings.clear();
      context.dispose();
    },
  };
}
