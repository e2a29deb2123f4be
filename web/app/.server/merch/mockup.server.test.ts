/** Mockups: the photo lands in the product's print area, turned to match it, as an 800 px WebP. */
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { composeMockup, mockupKind, MOCKUP_SIZE, printAspect, samplePhoto } from "./mockup.server.ts";

const solid = (width: number, height: number, colour: { r: number; g: number; b: number }) =>
  sharp({ create: { width, height, channels: 3, background: colour } }).jpeg().toBuffer();

async function pixel(webp: Buffer, x: number, y: number) {
  const { data } = await sharp(webp).extract({ left: x, top: y, width: 1, height: 1 }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { r: data[0]!, g: data[1]!, b: data[2]! };
}

const near = (actual: { r: number; g: number; b: number }, expected: { r: number; g: number; b: number }) =>
  Math.abs(actual.r - expected.r) + Math.abs(actual.g - expected.g) + Math.abs(actual.b - expected.b) < 40;

describe("mockups", () => {
  it("chooses the drawing by template, then by category", () => {
    expect(mockupKind({ categorySlug: "apparel" })).toBe("tshirt");
    expect(mockupKind({ categorySlug: "canvas" })).toBe("canvas");
    expect(mockupKind({ categorySlug: "prints", mockupTemplate: "canvas" })).toBe("canvas");
    expect(mockupKind({ categorySlug: "anything" })).toBe("print");
  });

  it("takes the proportions from the size option, else the print area", () => {
    expect(printAspect({ printAreaWidth: 3600, printAreaHeight: 4800 }, { size: "20x30" })).toBeCloseTo(2 / 3);
    expect(printAspect({ printAreaWidth: 3600, printAreaHeight: 4800 }, { size: "M" })).toBeCloseTo(3 / 4);
    expect(printAspect({}, {})).toBeCloseTo(3 / 4);
  });

  it("puts the photo in the middle of a print, with the wall around it", async () => {
    const red = { r: 220, g: 30, b: 30 };
    const mockup = await composeMockup(await solid(600, 900, red), { kind: "print", aspect: 3 / 4 });
    const metadata = await sharp(mockup).metadata();
    expect(metadata).toMatchObject({ format: "webp", width: MOCKUP_SIZE, height: MOCKUP_SIZE });
    expect(near(await pixel(mockup, 400, 400), red)).toBe(true);
    expect(near(await pixel(mockup, 5, 5), red)).toBe(false);
  });

  it("turns a print to landscape for a landscape photo", async () => {
    const blue = { r: 30, g: 60, b: 220 };
    const mockup = await composeMockup(await solid(900, 600, blue), { kind: "print", aspect: 3 / 4 });
    // A portrait print would leave x = 160 on the wall; the landscape one covers it with the photo.
    expect(near(await pixel(mockup, 160, 400), blue)).toBe(true);
    expect(near(await pixel(mockup, 400, 150), blue)).toBe(false);
  });

  it("draws a shirt in the variant's colour with the photo on the chest", async () => {
    const green = { r: 20, g: 200, b: 60 };
    const black = await composeMockup(await solid(600, 800, green), { kind: "tshirt", aspect: 3 / 4, colour: "black" });
    const white = await composeMockup(await solid(600, 800, green), { kind: "tshirt", aspect: 3 / 4, colour: "white" });
    expect(near(await pixel(black, 400, 360), green)).toBe(true);
    expect(near(await pixel(black, 400, 650), { r: 30, g: 41, b: 59 })).toBe(true);
    expect(near(await pixel(white, 400, 650), { r: 248, g: 250, b: 252 })).toBe(true);
  });

  it("has a demo picture for pages seen signed out", async () => {
    const mockup = await composeMockup(await samplePhoto(), { kind: "canvas", aspect: 3 / 4 });
    expect((await sharp(mockup).metadata()).format).toBe("webp");
  });
});
