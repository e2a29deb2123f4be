/**
 * Which tracks a mixdown renders, and at what gain: the shared mute and solo rules over the
 * project's tracks in order; tracks whose audio is only on the person's device are left out (and
 * named). A plan with nothing to hear is refused with words that say what to change.
 */
import { effectiveGains } from "@spike-land/shared/audio/mix";
import { AudioError } from "./records.server.ts";

type PlannedTrack = { id: string; name: string; volume: number; muted: boolean; solo: boolean; storageType: "R2" | "OPFS"; fileR2Key: string | null };

export type MixPlan<T extends PlannedTrack> = {
  /** The stored tracks that are heard, with their gain, in project order. */
  inputs: Array<{ track: T & { fileR2Key: string }; gain: number }>;
  /** Tracks that would be heard but whose audio is not on the server. */
  skipped: T[];
};

export function planMix<T extends PlannedTrack>(tracks: readonly T[]): MixPlan<T> {
  if (tracks.length === 0) throw new AudioError(422, "This project has no tracks yet. Add a track, then make a mixdown.");
  const gains = effectiveGains(tracks);
  const stored = (track: T): track is T & { fileR2Key: string } => track.storageType === "R2" && track.fileR2Key !== null;
  if (!tracks.some(stored)) {
    throw new AudioError(
      422,
      "None of this project's tracks has its audio on the server, so there is nothing to mix here. Upload a track's file (tracks kept only on your device are not mixed on the server), then try again.",
    );
  }
  const inputs: MixPlan<T>["inputs"] = [];
  const skipped: T[] = [];
  tracks.forEach((track, index) => {
    const gain = gains[index]!;
    if (gain <= 0) return;
    if (stored(track)) inputs.push({ track, gain });
    else skipped.push(track);
  });
  if (inputs.length === 0) {
    throw new AudioError(422, "Every track with audio on the server is muted or silenced by a solo, so the mix would be silent. Unmute a track, then try again.");
  }
  return { inputs, skipped };
}
