/**
 * What an audio file on this computer is, read from its bytes: the format (by content, never by
 * name) and how long it plays, from the container's own header (WAV, FLAC, MP3, OGG, M4A, WebM). Only the
 * few bytes each header needs are read, so a 100 MB file costs a handful of small reads.
 */
import { open, type FileHandle } from "node:fs/promises";
import { sniffAudioFormat, type AudioFormat } from "@spike-land/shared/audio/formats";

/** Enough for the format and for the first frame after any common ID3 tag. */
const HEAD_BYTES = 64 * 1024;

export type AudioProbe = {
  format: AudioFormat | null;
  sizeBytes: number;
  /** Seconds, or null when the file does not say (an unusual or damaged file). */
  duration: number | null;
};

export async function probeAudioFile(path: string): Promise<AudioProbe> {
  const file = await open(path, "r");
  try {
    const { size } = await file.stat();
    const head = await readAt(file, 0, Math.min(size, HEAD_BYTES));
    const format = sniffAudioFormat(head);
    if (!format) return { format: null, sizeBytes: size, duration: null };
    const duration = await durationOf(format, file, head, size).catch(() => null);
    return { format, sizeBytes: size, duration: duration !== null && Number.isFinite(duration) && duration > 0 ? duration : null };
  } finally {
    await file.close();
  }
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(Math.max(0, length));
  const { bytesRead } = await file.read(buffer, 0, buffer.length, position);
  return buffer.subarray(0, bytesRead);
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function text(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

function durationOf(format: AudioFormat, file: FileHandle, head: Uint8Array, size: number): Promise<number | null> {
  switch (format) {
    case "wav":
      return wavDuration(file, size);
    case "flac":
      return Promise.resolve(flacDuration(head));
    case "mp3":
      return mp3Duration(file, head, size);
    case "ogg":
      return oggDuration(file, head, size);
    case "m4a":
      return m4aDuration(file, size);
    case "webm":
      return webmDuration(file, head, size);
  }
}

/** RIFF chunks: the fmt chunk's byte rate, and the data chunk's length (or what the file holds of it). */
async function wavDuration(file: FileHandle, size: number): Promise<number | null> {
  let position = 12;
  let byteRate = 0;
  while (position + 8 <= size) {
    const header = await readAt(file, position, 8);
    if (header.length < 8) break;
    const id = text(header, 0, 4);
    const length = view(header).getUint32(4, true);
    if (id === "fmt ") {
      const fmt = await readAt(file, position + 8, 16);
      byteRate = view(fmt).getUint32(8, true);
    } else if (id === "data") {
      if (byteRate === 0) return null;
      const available = size - (position + 8);
      return Math.min(length, available) / byteRate;
    }
    // Chunks are padded to an even length.
    position += 8 + length + (length % 2);
  }
  return null;
}

function id3Length(bytes: Uint8Array): number {
  if (text(bytes, 0, 3) !== "ID3" || bytes.length < 10) return 0;
  const size = ((bytes[6]! & 0x7f) << 21) | ((bytes[7]! & 0x7f) << 14) | ((bytes[8]! & 0x7f) << 7) | (bytes[9]! & 0x7f);
  return 10 + size + ((bytes[5]! & 0x10) !== 0 ? 10 : 0);
}

/** STREAMINFO, the first metadata block: sample rate (20 bits) and total samples (36 bits). */
function flacDuration(head: Uint8Array): number | null {
  const start = id3Length(head);
  if (text(head, start, 4) !== "fLaC") return null;
  const info = start + 8;
  if (head.length < info + 18) return null;
  const b = head;
  const sampleRate = (b[info + 10]! << 12) | (b[info + 11]! << 4) | (b[info + 12]! >> 4);
  const totalSamples = (b[info + 13]! & 0x0f) * 2 ** 32 + view(head).getUint32(info + 14);
  return sampleRate > 0 && totalSamples > 0 ? totalSamples / sampleRate : null;
}

const MP3_BITRATES = {
  v1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  v2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const MP3_RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

/** The first frame's Xing/Info or VBRI header gives the frame count; otherwise the bitrate and the size (constant bitrate). */
async function mp3Duration(file: FileHandle, head: Uint8Array, size: number): Promise<number | null> {
  const start = id3Length(head);
  const frame = start + 4 <= head.length ? head.subarray(start) : await readAt(file, start, 4096);
  if (frame.length < 4 || frame[0] !== 0xff || (frame[1]! & 0xe0) !== 0xe0) return null;
  const version = (frame[1]! >> 3) & 0x03;
  const mono = frame[3]! >> 6 === 3;
  const sampleRate = MP3_RATES[version]?.[(frame[2]! >> 2) & 0x03];
  const kbps = (version === 3 ? MP3_BITRATES.v1 : MP3_BITRATES.v2)[frame[2]! >> 4];
  if (!sampleRate || !kbps) return null;
  const samplesPerFrame = version === 3 ? 1152 : 576;
  const sideInfo = version === 3 ? (mono ? 17 : 32) : mono ? 9 : 17;
  const xing = 4 + sideInfo;
  const tag = text(frame, xing, 4);
  if ((tag === "Xing" || tag === "Info") && frame.length >= xing + 12 && (frame[xing + 7]! & 0x01) !== 0) {
    return (view(frame).getUint32(xing + 8) * samplesPerFrame) / sampleRate;
  }
  if (text(frame, 36, 4) === "VBRI" && frame.length >= 36 + 18) {
    return (view(frame).getUint32(36 + 14) * samplesPerFrame) / sampleRate;
  }
  const tail = await readAt(file, Math.max(0, size - 128), 128);
  const audioBytes = size - start - (text(tail, 0, 3) === "TAG" ? 128 : 0);
  return (audioBytes * 8) / (kbps * 1000);
}

/** The last page's granule position (in samples) over the rate from the first packet (Vorbis or Opus). */
async function oggDuration(file: FileHandle, head: Uint8Array, size: number): Promise<number | null> {
  if (head.length < 28) return null;
  const packet = 27 + head[26]!;
  let rate = 0;
  let preSkip = 0;
  if (text(head, packet, 7) === "\x01vorbis") rate = view(head).getUint32(packet + 12, true);
  else if (text(head, packet, 8) === "OpusHead") {
    rate = 48_000;
    preSkip = view(head).getUint16(packet + 10, true);
  } else if (text(head, packet, 5) === "\x7fFLAC") {
    const info = packet + 13 + 8;
    rate = (head[info + 10]! << 12) | (head[info + 11]! << 4) | (head[info + 12]! >> 4);
  }
  if (rate === 0) return null;
  const tailStart = Math.max(0, size - HEAD_BYTES);
  const tail = await readAt(file, tailStart, size - tailStart);
  for (let i = tail.length - 27; i >= 0; i--) {
    if (tail[i] === 0x4f && text(tail, i, 4) === "OggS") {
      const granule = view(tail).getUint32(i + 6, true) + view(tail).getUint32(i + 10, true) * 2 ** 32;
      return granule > preSkip ? (granule - preSkip) / rate : null;
    }
  }
  return null;
}

/** The movie header (moov/mvhd): duration over time scale. */
async function m4aDuration(file: FileHandle, size: number): Promise<number | null> {
  const box = async (from: number, to: number, wanted: string): Promise<{ start: number; end: number } | null> => {
    let position = from;
    while (position + 8 <= to) {
      const header = await readAt(file, position, 16);
      if (header.length < 8) return null;
      let length = view(header).getUint32(0);
      let body = 8;
      if (length === 1 && header.length >= 16) {
        length = view(header).getUint32(8) * 2 ** 32 + view(header).getUint32(12);
        body = 16;
      } else if (length === 0) length = to - position;
      if (length < 8) return null;
      if (text(header, 4, 4) === wanted) return { start: position + body, end: position + length };
      position += length;
    }
    return null;
  };
  const moov = await box(0, size, "moov");
  const mvhd = moov && (await box(moov.start, moov.end, "mvhd"));
  if (!mvhd) return null;
  const body = await readAt(file, mvhd.start, 32);
  const data = view(body);
  if (body[0] === 1) {
    if (body.length < 32) return null;
    const scale = data.getUint32(20);
    const duration = data.getUint32(24) * 2 ** 32 + data.getUint32(28);
    return scale > 0 ? duration / scale : null;
  }
  if (body.length < 20) return null;
  const scale = data.getUint32(12);
  return scale > 0 ? data.getUint32(16) / scale : null;
}

// ---- WebM (Matroska's EBML) -----------------------------------------------------------------------

const EBML = { segment: 0x18538067, info: 0x1549a966, timecodeScale: 0x2ad7b1, duration: 0x4489, cluster: 0x1f43b675, timecode: 0xe7, simpleBlock: 0xa3, blockGroup: 0xa0, block: 0xa1 };
/** How far from the end to look for the last cluster of a recording whose header has no duration. */
const TAIL_BYTES = 1024 * 1024;

type Vint = { value: number; length: number; unknown: boolean };

/** An EBML variable-length number at `at`: an element id keeps its length marker, a size drops it. */
function vint(bytes: Uint8Array, at: number, keepMarker: boolean): Vint | null {
  const first = bytes[at];
  if (first === undefined || first === 0) return null;
  const length = Math.clz32(first) - 23;
  if (at + length > bytes.length) return null;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === (0xff >> length);
  for (let i = 1; i < length; i++) {
    value = value * 256 + bytes[at + i]!;
    allOnes &&= bytes[at + i] === 0xff;
  }
  return { value, length, unknown: !keepMarker && allOnes };
}

type Element = { id: number; start: number; end: number; unknownSize: boolean };

/** The element at `at` (its data from `start` to `end`, clipped to what was read), or null. */
function element(bytes: Uint8Array, at: number): Element | null {
  const id = vint(bytes, at, true);
  const size = id && vint(bytes, at + id.length, false);
  if (!id || !size) return null;
  const start = at + id.length + size.length;
  return { id: id.value, start, end: size.unknown ? bytes.length : Math.min(bytes.length, start + size.value), unknownSize: size.unknown };
}

function unsigned(bytes: Uint8Array, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) value = value * 256 + bytes[i]!;
  return value;
}

/**
 * The length of a WebM file: the Duration in the segment's Info when the file has one; a live
 * recording (a browser's MediaRecorder) has none, and then it is where its last block starts.
 */
async function webmDuration(file: FileHandle, head: Uint8Array, size: number): Promise<number | null> {
  const header = element(head, 0);
  const segment = header && element(head, header.end);
  if (!segment || segment.id !== EBML.segment) return null;
  let scale = 1_000_000;
  for (let at = segment.start; at < head.length; ) {
    const child = element(head, at);
    if (!child || child.id === EBML.cluster) break;
    if (child.id === EBML.info) {
      for (let inner = child.start; inner < child.end; ) {
        const field = element(head, inner);
        if (!field) break;
        if (field.id === EBML.timecodeScale) scale = unsigned(head, field.start, field.end) || scale;
        if (field.id === EBML.duration) {
          const data = view(head.subarray(field.start, field.end));
          const ticks = field.end - field.start === 4 ? data.getFloat32(0) : data.getFloat64(0);
          return (ticks * scale) / 1e9;
        }
        inner = field.end;
      }
    }
    if (child.unknownSize) break;
    at = child.end;
  }
  const tailStart = Math.max(0, size - TAIL_BYTES);
  const tail = await readAt(file, tailStart, size - tailStart);
  const last = lastBlockTime(tail);
  return last === null ? null : (last * scale) / 1e9;
}

/** The start time (in timecode ticks) of the last block in the last cluster found in `bytes`. */
function lastBlockTime(bytes: Uint8Array): number | null {
  for (let at = bytes.length - 4; at >= 0; at--) {
    if (unsigned(bytes, at, at + 4) !== EBML.cluster) continue;
    const cluster = element(bytes, at);
    const first = cluster && element(bytes, cluster.start);
    // A cluster starts with its timecode; anything else was the same four bytes inside audio data.
    if (!cluster || !first || first.id !== EBML.timecode) continue;
    const base = unsigned(bytes, first.start, first.end);
    let latest = base;
    for (let inner = first.end; inner < cluster.end; ) {
      const child = element(bytes, inner);
      if (!child || child.end <= inner) break;
      const block = child.id === EBML.blockGroup ? element(bytes, child.start) : child;
      if (block && (block.id === EBML.simpleBlock || block.id === EBML.block)) {
        const track = vint(bytes, block.start, false);
        if (track && block.start + track.length + 2 <= bytes.length) {
          latest = Math.max(latest, base + view(bytes.subarray(block.start + track.length, block.start + track.length + 2)).getInt16(0));
        }
      }
      if (child.id === EBML.cluster) break;
      inner = child.end;
    }
    return latest;
  }
  return null;
}
