/**
 * The mixer page's player: made in the browser once the page runs (the engine needs Web Audio, so it
 * is loaded then, never on the server), fed the tracks whose audio is stored, and turned into a
 * waveform for each. A track whose audio will not load says why instead of drawing one.
 */
import { useEffect, useState } from "react";
import type { AudioTrack } from "@spike-land/shared/api/audio";
import type { MixLoop, MixPlayer, MixPlayerState } from "@spike-land/shared/audio/player";
import { computePeaks, type Peaks } from "./peaks.ts";

/** What identifies a track's audio: its stored file, not the signed link (which changes on every page load). */
export function audioVersion(track: Pick<AudioTrack, "fileUrl">): string {
  if (!track.fileUrl) return "";
  const query = track.fileUrl.indexOf("?");
  return query === -1 ? track.fileUrl : track.fileUrl.slice(0, query);
}

export type MixerAudio = {
  player: MixPlayer | null;
  peaks: Record<string, Peaks>;
  /** Why a track's audio could not be loaded, by track id. */
  failures: Record<string, string>;
  /** True while any track's audio is being fetched and decoded. */
  loading: boolean;
};

export function useMixPlayer(tracks: readonly AudioTrack[]): MixerAudio {
  const [player, setPlayer] = useState<MixPlayer | null>(null);
  const [peaks, setPeaks] = useState<Record<string, Peaks>>({});
  const [failures, setFailures] = useState<Record<string, string>>({});
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let made: MixPlayer | null = null;
    let gone = false;
    // Tone.js greets the console with its version unless told not to.
    (window as { TONE_SILENCE_LOGGING?: boolean }).TONE_SILENCE_LOGGING = true;
    void import("@spike-land/shared/audio/player").then(({ createMixPlayer }) => {
      if (gone) return;
      made = createMixPlayer();
      setPlayer(made);
    });
    return () => {
      gone = true;
      made?.dispose();
    };
  }, []);

  // Reload only when the set of audio files changes; mix settings reach the player as they change.
  const audioKey = tracks.map((track) => `${track.id}=${audioVersion(track)}`).join("|");
  useEffect(() => {
    if (!player) return;
    let current = true;
    const stored = tracks.filter((track) => track.fileUrl);
    setLoading(true);
    void player
      .load(stored.map((track) => ({ id: track.id, source: track.fileUrl!, version: audioVersion(track), volume: track.volume, muted: track.muted, solo: track.solo })))
      .then(({ failed }) => {
        if (!current) return;
        const mixDuration = player.duration;
        const next: Record<string, Peaks> = {};
        for (const track of stored) {
          const buffer = player.buffer(track.id);
          if (buffer) next[track.id] = computePeaks(buffer, mixDuration);
        }
        setPeaks(next);
        setFailures(Object.fromEntries(failed.map((failure) => [failure.id, failure.message])));
        setLoading(false);
      });
    return () => {
      current = false;
    };
    // The tracks are read when the audio set changes; other changes must not reload.
  }, [player, audioKey]);

  return { player, peaks, failures, loading };
}

const STOPPED: MixPlayerState = { position: 0, duration: 0, playing: false, loop: null };

/** The player's position, length, play state and loop, for a part of the page that shows them. */
export function usePlayerState(player: MixPlayer | null): MixPlayerState {
  const [state, setState] = useState<MixPlayerState>(STOPPED);
  useEffect(() => {
    if (!player) return;
    return player.onTick(setState);
  }, [player]);
  return state;
}

/** Just the loop region, so a part of the page that shows it is not redrawn on every frame of playback. */
export function usePlayerLoop(player: MixPlayer | null): MixLoop | null {
  const [loop, setLoop] = useState<MixLoop | null>(null);
  useEffect(() => {
    if (!player) return;
    return player.onTick((state) =>
      setLoop((previous) => {
        const next = state.loop;
        if (previous === next || (previous && next && previous.start === next.start && previous.end === next.end)) return previous;
        return next;
      }),
    );
  }, [player]);
  return loop;
}
