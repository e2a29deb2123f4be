/**
 * The open project's audio in the window: each track's bytes fetched from the core once (in
 * base64 pieces over the bridge), decoded and played by the shared mix player (one transport for
 * every track, solo and mute by the shared rules), and the byte helpers for saving a rendered mix.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { createMixPlayer, type MixPlayer, type MixPlayerState } from "@spike-land/shared/audio/player";
import type { AudioTrackView } from "../ipc/contract.ts";
import type { DesktopBridge } from "./bridge.ts";

/** What a saved mix is sent to the core in: 3 MB of audio, 4 MB of base64. */
const SAVE_CHUNK_BYTES = 3 * 1024 * 1024;

export type TrackAudio = { status: "loading" } | { status: "ready"; buffer: AudioBuffer } | { status: "failed"; message: string };

export type MixerAudio = {
  player: MixPlayer | null;
  state: MixPlayerState;
  /** Each track's audio by track id: loading, decoded, or why it cannot be played. */
  audio: Map<string, TrackAudio>;
};

const STOPPED: MixPlayerState = { position: 0, duration: 0, playing: false, loop: null };

export function base64ToBytes(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let text = "";
  // In slices: String.fromCharCode takes a limited number of arguments.
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/** A track's whole audio file from the core, piece by piece. */
async function readTrack(bridge: DesktopBridge, trackId: string): Promise<ArrayBuffer> {
  const pieces: Uint8Array[] = [];
  let offset = 0;
  let total = 0;
  for (;;) {
    const result = await bridge.invoke("audio:readTrack", { trackId, offset });
    if (!result.ok) throw new Error(result.error.message);
    const piece = base64ToBytes(result.data.base64);
    pieces.push(piece);
    total = result.data.totalBytes;
    offset += piece.length;
    if (result.data.done || piece.length === 0) break;
  }
  const whole = new Uint8Array(total);
  let at = 0;
  for (const piece of pieces) {
    whole.set(piece, at);
    at += piece.length;
  }
  return whole.buffer;
}

/** Sends a finished file to the core piece by piece; answers where it was saved, or null when cancelled. */
export async function saveThroughCore(bridge: DesktopBridge, fileName: string, bytes: Uint8Array): Promise<string | null> {
  const started = await bridge.invoke("audio:saveStart", { fileName });
  if (!started.ok) throw new Error(started.error.message);
  const { saveId } = started.data;
  for (let i = 0; i < bytes.length; i += SAVE_CHUNK_BYTES) {
    const sent = await bridge.invoke("audio:saveChunk", { saveId, base64: bytesToBase64(bytes.subarray(i, i + SAVE_CHUNK_BYTES)) });
    if (!sent.ok) throw new Error(sent.error.message);
  }
  const finished = await bridge.invoke("audio:saveFinish", { saveId });
  if (!finished.ok) throw new Error(finished.error.message);
  return finished.data.path;
}

export function useMixerAudio(bridge: DesktopBridge, tracks: AudioTrackView[] | null): MixerAudio {
  const [player, setPlayer] = useState<MixPlayer | null>(null);
  const [state, setState] = useState<MixPlayerState>(STOPPED);
  const [audio, setAudio] = useState<Map<string, TrackAudio>>(new Map());
  const bytes = useRef(new Map<string, ArrayBuffer>());
  const asked = useRef(new Set<string>());
  const [fetched, setFetched] = useState(0);

  useEffect(() => {
    // The page's policy allows no blob: workers, so the transport keeps time with timers.
    const created = createMixPlayer({ clock: "timeout" });
    setPlayer(created);
    const stop = created.onTick(setState);
    return () => {
      stop();
      created.dispose();
    };
  }, []);

  const put = useCallback((id: string, value: TrackAudio) => {
    setAudio((current) => new Map(current).set(id, value));
  }, []);

  // Fetch each playable track's bytes once.
  useEffect(() => {
    if (!tracks) return;
    for (const track of tracks) {
      if (asked.current.has(track.id)) continue;
      if (!track.playable) {
        put(track.id, { status: "failed", message: "The audio is kept only on the computer it was added from." });
        continue;
      }
      asked.current.add(track.id);
      put(track.id, { status: "loading" });
      readTrack(bridge, track.id)
        .then((data) => {
          bytes.current.set(track.id, data);
          setFetched((n) => n + 1);
        })
        .catch((error: unknown) => {
          // Asked again next time the list changes (a download may work once back online).
          asked.current.delete(track.id);
          put(track.id, { status: "failed", message: error instanceof Error ? error.message : "The audio could not be loaded." });
        });
    }
  }, [bridge, tracks, put]);

  // The mix follows the project: order, settings, and the tracks whose audio has arrived.
  useEffect(() => {
    if (!player || !tracks) return;
    const inputs = tracks
      .filter((track) => bytes.current.has(track.id))
      .map((track) => ({ id: track.id, source: bytes.current.get(track.id)!, volume: track.volume, muted: track.muted, solo: track.solo }));
    let current = true;
    void player.load(inputs).then(({ failed }) => {
      if (!current) return;
      setAudio((before) => {
        const next = new Map(before);
        for (const input of inputs) {
          const buffer = player.buffer(input.id);
          if (buffer) next.set(input.id, { status: "ready", buffer });
        }
        for (const failure of failed) next.set(failure.id, { status: "failed", message: failure.message });
        return next;
      });
    });
    return () => {
      current = false;
    };
  }, [player, tracks, fetched]);

  return { player, state, audio };
}
