/** Recognising photos by their first bytes, whatever they are called. */
import { describe, expect, it } from "vitest";
import { sniffImage } from "./sniff.ts";
import { halfTransparentPng, plainPhoto } from "./test-photos.ts";

/** An ISO-BMFF head: an ftyp box with the given major and compatible brands, then some mdat bytes. */
function ftyp(major: string, ...compatible: string[]): Uint8Array {
  const size = 16 + 4 * compatible.length;
  const box = Buffer.alloc(size + 8);
  box.writeUInt32BE(size, 0);
  box.write("ftyp", 4, "latin1");
  box.write(major, 8, "latin1");
  compatible.forEach((brand, i) => box.write(brand, 16 + 4 * i, "latin1"));
  box.writeUInt32BE(8, size);
  box.write("mdat", size + 4, "latin1");
  return box;
}

describe("sniffImage", () => {
  it("recognises the photos sharp writes", async () => {
    expect(sniffImage(await plainPhoto("jpeg"))).toBe("jpeg");
    expect(sniffImage(await halfTransparentPng())).toBe("png");
    expect(sniffImage(await plainPhoto("webp"))).toBe("webp");
    expect(sniffImage(await plainPhoto("avif"))).toBe("avif");
  });

  it("tells AVIF from HEIC by the ftyp brands", () => {
    expect(sniffImage(ftyp("avif", "mif1", "miaf"))).toBe("avif");
    expect(sniffImage(ftyp("avis", "msf1"))).toBe("avif");
    // A generic HEIF major brand with an AV1 compatible brand is still an AVIF.
    expect(sniffImage(ftyp("mif1", "mif1", "avif", "miaf"))).toBe("avif");
    expect(sniffImage(ftyp("heic", "mif1", "heic"))).toBe("heic");
    for (const brand of ["heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"]) expect(sniffImage(ftyp(brand))).toBe("heic");
    expect(sniffImage(ftyp("mif1", "miaf", "heic"))).toBe("heic");
  });

  it("does not take other ISO-BMFF files (videos) for photos", () => {
    expect(sniffImage(ftyp("isom", "isom", "iso2", "mp41"))).toBeNull();
    expect(sniffImage(ftyp("qt  ", "qt  "))).toBeNull();
  });

  it("reads only the brands inside the ftyp box", () => {
    // The bytes after the box ("mdat" and its size) must not count as brands, even if they spell one.
    const head = ftyp("isom");
    Buffer.from(head.buffer).write("avif", 20, "latin1");
    expect(sniffImage(head)).toBeNull();
  });

  it("says null for anything else, however short", () => {
    expect(sniffImage(new Uint8Array())).toBeNull();
    expect(sniffImage(new Uint8Array([0xff, 0xd8]))).toBeNull();
    expect(sniffImage(Buffer.from("Shopping list: milk, eggs\n"))).toBeNull();
    expect(sniffImage(Buffer.from("RIFF\x24\x00\x00\x00WAVEfmt ", "latin1"))).toBeNull();
    expect(sniffImage(Buffer.from("GIF89a\x01\x00\x01\x00", "latin1"))).toBeNull();
    expect(sniffImage(Buffer.from("%PDF-1.7\n"))).toBeNull();
  });
});
