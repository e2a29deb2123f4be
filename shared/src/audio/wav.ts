/**
 * WAV files: the mixdown's output format, and a reader for the PCM and float WAVs people upload and
 * tests write. Writing clips to full scale: samples beyond ±1 become ±1 (the count is in measure()).
 */
import { DomainError } from "../errors.ts";

export const WAV_HEADER_BYTES = 44;

export class WavError extends DomainError {
  constructor(message: string) {
    super(422, message);
  }
}

/** The 44-byte header of a 16-bit PCM WAV holding `frames` frames. */
export function wavHeader(frames: number, channels: number, sampleRate: number): Uint8Array {
  const blockAlign = channels * 2;
  const dataBytes = frames * blockAlign;
  const header = new Uint8Array(WAV_HEADER_BYTES);
  const view = new DataView(header.buffer);
  const text = (offset: number, value: string) => {
    for (let i = 0; i < value.length; i++) header[offset + i] = value.charCodeAt(i);
  };
  text(0, "RIFF");
  view.setUint32(4, 36 + dataBytes, true);
  text(8, "WAVE");
  text(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, 16, true);
  text(36, "data");
  view.setUint32(40, dataBytes, true);
  return header;
}

/**
 * Interleaved float samples as 16-bit little-endian PCM, written into `out` (2 bytes per sample)
 * when given. Clips to full scale; rounds to the nearest step.
 */
export function floatToPcm16(samples: Float32Array, out = new Uint8Array(samples.length * 2)): Uint8Array {
  const pcm = new Int16Array(out.buffer, out.byteOffset, samples.length);
  for (let i = 0; i < samples.length; i++) {
    const value = samples[i]!;
    // NaN compares false everywhere and ends up as 0 (silence).
    pcm[i] = value >= 1 ? 32767 : value <= -1 ? -32768 : value < 0 ? Math.round(value * 32768) : Math.round(value * 32767);
  }
  return out;
}

/** One buffer per channel → one interleaved buffer (frame by frame). */
export function interleave(channels: readonly Float32Array[]): Float32Array {
  const count = channels.length;
  const frames = Math.max(0, ...channels.map((channel) => channel.length));
  const out = new Float32Array(frames * count);
  for (let c = 0; c < count; c++) {
    const channel = channels[c]!;
    for (let i = 0; i < channel.length; i++) out[i * count + c] = channel[i]!;
  }
  return out;
}

/** A whole 16-bit PCM WAV file from one buffer per channel. */
export function encodeWav(channels: readonly Float32Array[], sampleRate: number): Uint8Array {
  if (channels.length === 0) throw new WavError("A WAV file needs at least one channel.");
  const samples = interleave(channels);
  const file = new Uint8Array(WAV_HEADER_BYTES + samples.length * 2);
  file.set(wavHeader(samples.length / channels.length, channels.length, sampleRate), 0);
  floatToPcm16(samples, file.subarray(WAV_HEADER_BYTES));
  return file;
}

export type DecodedWav = { sampleRate: number; channels: Float32Array[]; bitsPerSample: number; float: boolean };

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;

/** Reads a PCM (8/16/24/32-bit) or float (32/64-bit) WAV into one Float32 buffer per channel. */
export function decodeWav(bytes: Uint8Array): DecodedWav {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (bytes.length < 12 || tag(0) !== "RIFF" || tag(8) !== "WAVE") throw new WavError("This is not a WAV file.");
  let format: { code: number; channels: number; sampleRate: number; bits: number } | null = null;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === "fmt " && size >= 16) {
      let code = view.getUint16(body, true);
      if (code === FORMAT_EXTENSIBLE && size >= 40) code = view.getUint16(body + 24, true);
      format = { code, channels: view.getUint16(body + 2, true), sampleRate: view.getUint32(body + 4, true), bits: view.getUint16(body + 14, true) };
    } else if (id === "data") {
      if (!format) throw new WavError("The WAV file's data comes before its format.");
      const end = Math.min(bytes.length, body + size);
      return readSamples(view, body, end, format);
    }
    offset = body + size + (size % 2);
  }
  throw new WavError("The WAV file has no audio data.");
}

function readSamples(view: DataView, start: number, end: number, format: { code: number; channels: number; sampleRate: number; bits: number }): DecodedWav {
  const { code, channels: count, sampleRate, bits } = format;
  const float = code === FORMAT_FLOAT;
  if (count < 1 || sampleRate < 1 || (code !== FORMAT_PCM && !float)) throw new WavError("This WAV file uses an encoding we cannot read; save it as PCM or float WAV.");
  if (float ? bits !== 32 && bits !== 64 : ![8, 16, 24, 32].includes(bits)) throw new WavError(`WAV files with ${bits}-bit samples are not supported.`);
  const bytesPerSample = bits / 8;
  const frames = Math.floor((end - start) / (bytesPerSample * count));
  const channels = Array.from({ length: count }, () => new Float32Array(frames));
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < count; c++) {
      const at = start + (i * count + c) * bytesPerSample;
      let value: number;
      if (float) value = bits === 32 ? view.getFloat32(at, true) : view.getFloat64(at, true);
      else if (bits === 8) value = (view.getUint8(at) - 128) / 128;
      else if (bits === 16) value = view.getInt16(at, true) / 32768;
      else if (bits === 24) value = (((view.getUint8(at + 2) << 24) | (view.getUint8(at + 1) << 16) | (view.getUint8(at) << 8)) >> 8) / 8388608;
      else value = view.getInt32(at, true) / 2147483648;
      channels[c]![i] = value;
    }
  }
  return { sampleRate, channels, bitsPerSample: bits, float };
}
