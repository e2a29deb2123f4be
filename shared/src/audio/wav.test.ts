import { describe, expect, it } from "vitest";
import { decodeWav, encodeWav, floatToPcm16, WavError } from "./wav.ts";
import { sniffAudioFormat } from "./formats.ts";

describe("WAV files", () => {
  it("writes 16-bit PCM that reads back to the same samples", () => {
    const left = Float32Array.of(0, 0.5, -0.5, 0.25);
    const right = Float32Array.of(1, -1, 0.125, 0);
    const file = encodeWav([left, right], 44_100);
    expect(sniffAudioFormat(file)).toBe("wav");
    expect(file.length).toBe(44 + 4 * 2 * 2);
    const decoded = decodeWav(file);
    expect(decoded.sampleRate).toBe(44_100);
    expect(decoded.bitsPerSample).toBe(16);
    expect(decoded.channels).toHaveLength(2);
    for (let i = 0; i < 4; i++) {
      expect(decoded.channels[0]![i]).toBeCloseTo(left[i]!, 4);
      expect(decoded.channels[1]![i]).toBeCloseTo(right[i]!, 4);
    }
  });

  it("clips samples beyond full scale instead of wrapping around", () => {
    const pcm = new Int16Array(floatToPcm16(Float32Array.of(1.5, -3, 0.999999, Number.NaN)).buffer);
    expect(Array.from(pcm)).toEqual([32767, -32768, 32767, 0]);
  });

  it("reads 24-bit and float WAVs", () => {
    const header = (format: number, bits: number, dataBytes: number) => {
      const bytes = new Uint8Array(44 + dataBytes);
      const view = new DataView(bytes.buffer);
      bytes.set(new TextEncoder().encode("RIFF"), 0);
      view.setUint32(4, 36 + dataBytes, true);
      bytes.set(new TextEncoder().encode("WAVEfmt "), 8);
      view.setUint32(16, 16, true);
      view.setUint16(20, format, true);
      view.setUint16(22, 1, true);
      view.setUint32(24, 8000, true);
      view.setUint32(28, 8000 * (bits / 8), true);
      view.setUint16(32, bits / 8, true);
      view.setUint16(34, bits, true);
      bytes.set(new TextEncoder().encode("data"), 36);
      view.setUint32(40, dataBytes, true);
      return { bytes, view };
    };
    const pcm24 = header(1, 24, 3);
    pcm24.bytes.set([0x00, 0x00, 0xc0], 44); // -0.5 as 24-bit little-endian
    expect(decodeWav(pcm24.bytes).channels[0]![0]).toBe(-0.5);
    const float = header(3, 32, 4);
    float.view.setFloat32(44, 0.375, true);
    expect(decodeWav(float.bytes).channels[0]![0]).toBe(0.375);
  });

  it("explains what is wrong with a file it cannot read", () => {
    expect(() => decodeWav(new TextEncoder().encode("hello, not audio"))).toThrow(WavError);
    expect(() => decodeWav(new TextEncoder().encode("hello, not audio"))).toThrow("This is not a WAV file.");
  });
});
