/**
 * Which audio files the mixer takes, recognised by their first bytes (never by name), and the limits
 * on them. Browser-safe: the upload zone shows the limits the server enforces.
 */

export const AUDIO_FORMATS = {
  wav: { label: "WAV", mime: "audio/wav", extension: "wav" },
  mp3: { label: "MP3", mime: "audio/mpeg", extension: "mp3" },
  ogg: { label: "OGG", mime: "audio/ogg", extension: "ogg" },
  webm: { label: "WebM", mime: "audio/webm", extension: "webm" },
  flac: { label: "FLAC", mime: "audio/flac", extension: "flac" },
  m4a: { label: "M4A", mime: "audio/mp4", extension: "m4a" },
} as const;
export type AudioFormat = keyof typeof AUDIO_FORMATS;
export const AUDIO_FORMAT_NAMES = Object.keys(AUDIO_FORMATS) as AudioFormat[];

/** "WAV, MP3, OGG, WebM, FLAC or M4A", for messages. */
export const ACCEPTED_AUDIO_TEXT = "WAV, MP3, OGG, WebM, FLAC or M4A";
/** For a file picker's `accept` attribute (a hint only; content decides). */
export const AUDIO_ACCEPT_ATTRIBUTE =
  "audio/wav,audio/x-wav,audio/mpeg,audio/ogg,audio/webm,audio/flac,audio/x-flac,audio/mp4,.wav,.mp3,.ogg,.oga,.opus,.webm,.flac,.m4a";

/** One audio file's size. A 10-minute stereo WAV at 44.1 kHz/16-bit is about 106 MB. */
export const MAX_AUDIO_FILE_BYTES = 120 * 1024 * 1024;
/** One track's length. */
export const MAX_TRACK_SECONDS = 20 * 60;
export const MAX_TRACKS_PER_PROJECT = 16;
export const MAX_PROJECTS_PER_USER = 50;
/** All of one person's audio in the object store. */
export const MAX_AUDIO_STORAGE_BYTES = 2 * 1024 * 1024 * 1024;

/** The rate every mixdown is rendered at, and its channel count. */
export const MIX_SAMPLE_RATE = 44_100;
export const MIX_CHANNELS = 2;

function ascii(bytes: Uint8Array, offset: number, text: string): boolean {
  if (bytes.length < offset + text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[offset + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** An MPEG-1/2/2.5 Layer III frame header (AAC's ADTS header has layer bits 00 and is not MP3). */
function isMp3FrameHeader(bytes: Uint8Array, offset: number): boolean {
  const b0 = bytes[offset];
  const b1 = bytes[offset + 1];
  const b2 = bytes[offset + 2];
  if (b0 === undefined || b1 === undefined || b2 === undefined) return false;
  const sync = b0 === 0xff && (b1 & 0xe0) === 0xe0;
  const layer3 = (b1 & 0x06) === 0x02;
  const version = (b1 >> 3) & 0x03; // 01 is reserved
  const bitrate = b2 >> 4; // 1111 is invalid
  const sampleRate = (b2 >> 2) & 0x03; // 11 is reserved
  return sync && layer3 && version !== 1 && bitrate !== 0x0f && sampleRate !== 0x03;
}

/** An ID3v2 tag's total size (header + body), so the audio after it can be checked. */
function id3Length(bytes: Uint8Array): number {
  if (!ascii(bytes, 0, "ID3") || bytes.length < 10) return 0;
  const size = ((bytes[6]! & 0x7f) << 21) | ((bytes[7]! & 0x7f) << 14) | ((bytes[8]! & 0x7f) << 7) | (bytes[9]! & 0x7f);
  const footer = (bytes[5]! & 0x10) !== 0 ? 10 : 0;
  return 10 + size + footer;
}

/**
 * The file's audio format from its first bytes (the first 64 KB is plenty), or null when it is none
 * of the accepted ones. A container is recognised here; whether its audio decodes is the decoder's call.
 */
export function sniffAudioFormat(bytes: Uint8Array): AudioFormat | null {
  if (ascii(bytes, 0, "RIFF") && ascii(bytes, 8, "WAVE")) return "wav";
  if (ascii(bytes, 0, "fLaC")) return "flac";
  if (ascii(bytes, 0, "OggS")) return "ogg";
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) return "webm";
  if (ascii(bytes, 4, "ftyp")) {
    const brand = String.fromCharCode(...bytes.subarray(8, 12));
    return /^(M4A |M4B |mp42|mp41|isom|iso[2-6]|dash)$/.test(brand) ? "m4a" : null;
  }
  const tag = id3Length(bytes);
  if (tag > 0) {
    // A tag then FLAC happens; otherwise an ID3 tag means MP3 (the frame may be past what we were given).
    if (ascii(bytes, tag, "fLaC")) return "flac";
    return bytes.length <= tag + 2 || isMp3FrameHeader(bytes, tag) ? "mp3" : null;
  }
  return isMp3FrameHeader(bytes, 0) ? "mp3" : null;
}

/** "3:07", "1:02:03": a duration in seconds as people read it on a player. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}
