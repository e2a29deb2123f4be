import { describe, expect, it } from "vitest";
import { formatDuration, sniffAudioFormat } from "./formats.ts";

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === "string" ? Array.from(part, (c) => c.charCodeAt(0)) : part)));

describe("recognising audio by content", () => {
  it("knows each accepted container by its first bytes", () => {
    expect(sniffAudioFormat(bytes("RIFF", [0, 0, 0, 0], "WAVEfmt "))).toBe("wav");
    expect(sniffAudioFormat(bytes("fLaC", [0, 0, 0, 34]))).toBe("flac");
    expect(sniffAudioFormat(bytes("OggS", [0, 2]))).toBe("ogg");
    expect(sniffAudioFormat(bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f]))).toBe("webm");
    expect(sniffAudioFormat(bytes([0, 0, 0, 0x20], "ftypM4A ", [0, 0, 0, 0]))).toBe("m4a");
  });

  it("knows MP3 by its ID3 tag or its first frame header", () => {
    expect(sniffAudioFormat(bytes("ID3", [4, 0, 0, 0, 0, 0, 0], [0xff, 0xfb, 0x90, 0x64]))).toBe("mp3");
    expect(sniffAudioFormat(bytes([0xff, 0xfb, 0x90, 0x64]))).toBe("mp3");
  });

  it("refuses AAC frames, video containers, images and text whatever they are called", () => {
    expect(sniffAudioFormat(bytes([0xff, 0xf1, 0x50, 0x80]))).toBeNull(); // ADTS AAC
    expect(sniffAudioFormat(bytes([0, 0, 0, 0x20], "ftypqt  "))).toBeNull();
    expect(sniffAudioFormat(bytes([0x89], "PNG", [0x0d, 0x0a]))).toBeNull();
    expect(sniffAudioFormat(bytes("RIFF", [0, 0, 0, 0], "AVI "))).toBeNull();
    expect(sniffAudioFormat(bytes("just some text"))).toBeNull();
    expect(sniffAudioFormat(new Uint8Array())).toBeNull();
  });
});

describe("durations", () => {
  it("reads like a player's clock", () => {
    expect(formatDuration(0)).toBe("0:00");
    expect(formatDuration(187.4)).toBe("3:07");
    expect(formatDuration(3723)).toBe("1:02:03");
  });
});
