import { describe, expect, it } from "vitest";
import { ENHANCEMENT_LONGEST_EDGE } from "../../tokens/tiers.ts";
import { enhance } from "../enhance.ts";
import { BLEND_STRENGTH, describeBlend, labStats, transferMap } from "./blend.ts";
import { sharp } from "./sharp.ts";
import { syntheticJpeg } from "./synthetic.ts";

const SIZE = { width: 640, height: 480 };

async function means(image: Buffer) {
  const { channels } = await sharp(image).stats();
  const [r, g, b] = channels.map((c) => c.mean) as [number, number, number];
  return { r, g, b };
}

/** Pearson correlation of the two pictures' luma, pixel by pixel (same size). */
async function lumaCorrelation(a: Buffer, b: Buffer) {
  const grey = async (image: Buffer) => (await sharp(image).greyscale().raw().toBuffer()) as Buffer;
  const [x, y] = await Promise.all([grey(a), grey(b)]);
  expect(x.length).toBe(y.length);
  let sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  for (let i = 0; i < x.length; i++) {
    sx += x[i]!;
    sy += y[i]!;
    sxx += x[i]! * x[i]!;
    syy += y[i]! * y[i]!;
    sxy += x[i]! * y[i]!;
  }
  const n = x.length;
  return (sxy - (sx * sy) / n) / Math.sqrt((sxx - (sx * sx) / n) * (syy - (sy * sy) / n));
}

describe("colour transfer", () => {
  it("maps a picture onto itself unchanged and moves halfway-plus towards another at the default strength", () => {
    const stats = { mean: [50, 10, -20] as [number, number, number], stdev: [20, 8, 6] as [number, number, number] };
    const same = transferMap(stats, stats);
    for (let c = 0; c < 3; c++) {
      expect(same.a[c]).toBeCloseTo(1, 6);
      expect(same.b[c]).toBeCloseTo(0, 6);
    }
    const source = { mean: [60, 30, 40] as [number, number, number], stdev: [20, 8, 6] as [number, number, number] };
    const { a, b } = transferMap(stats, source);
    // Equal spreads: a pure shift of the mean by the strength (lightness by half of it).
    expect(a[1]! * stats.mean[1] + b[1]!).toBeCloseTo(stats.mean[1] + BLEND_STRENGTH * (30 - 10), 4);
    expect(a[2]! * stats.mean[2] + b[2]!).toBeCloseTo(stats.mean[2] + BLEND_STRENGTH * (40 - -20), 4);
    expect(a[0]! * stats.mean[0] + b[0]!).toBeCloseTo(stats.mean[0] + (BLEND_STRENGTH / 2) * (60 - 50), 4);
  });

  it("does not blow a flat picture's spread up without limit", () => {
    const flat = { mean: [50, 0, 0] as [number, number, number], stdev: [0, 0, 0] as [number, number, number] };
    const busy = { mean: [50, 0, 0] as [number, number, number], stdev: [30, 40, 40] as [number, number, number] };
    const { a } = transferMap(flat, busy);
    for (const gain of a) expect(gain).toBeLessThanOrEqual(1 + BLEND_STRENGTH * 1.5 + 1e-9);
  });

  it("measures an orange picture as warm in Lab", async () => {
    const orange = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#e07020" } }).jpeg().toBuffer();
    const stats = await labStats(orange);
    expect(stats.mean[1]).toBeGreaterThan(20); // a*: red
    expect(stats.mean[2]).toBeGreaterThan(40); // b*: yellow
    expect(stats.stdev[1]).toBeLessThan(3);
  });
});

describe("enhance() with a blend source", () => {
  it("moves a blue-ish picture towards an orange source's palette and keeps the subject", async () => {
    const target = await syntheticJpeg({ ...SIZE, cast: [0.8, 0.95, 1.3] });
    const source = await syntheticJpeg({ width: 400, height: 300, cast: [1.35, 0.95, 0.55], seed: 99 });
    const plain = await enhance(target, { tier: "TIER_1K" });
    const blended = await enhance(target, { tier: "TIER_1K" }, undefined, { blendSource: source, blendSourceName: "sunset.jpg" });

    expect([blended.output.width, blended.output.height]).toEqual([plain.output.width, plain.output.height]);
    expect(Math.max(blended.output.width, blended.output.height)).toBe(ENHANCEMENT_LONGEST_EDGE.TIER_1K);
    const meta = await sharp(blended.output.output).metadata();
    expect([meta.format, meta.space, meta.exif]).toEqual(["jpeg", "srgb", undefined]);
    expect(blended.output.sizeBytes).toBe(blended.output.output.length);

    const [before, after, from] = await Promise.all([means(plain.output.output), means(blended.output.output), means(source)]);
    // The source is warm (red well above blue); the blend is clearly warmer than the plain result…
    expect(from.r - from.b).toBeGreaterThan(60);
    expect(after.r - after.b).toBeGreaterThan(before.r - before.b + 25);
    expect(after.r).toBeGreaterThan(before.r + 10);
    expect(after.b).toBeLessThan(before.b - 10);
    // …and closer to the source's channel means overall.
    const distance = (m: { r: number; g: number; b: number }) => Math.hypot(m.r - from.r, m.g - from.g, m.b - from.b);
    expect(distance(after)).toBeLessThan(distance(before) * 0.75);
    // The picture itself is the same one: its light and shade line up with the plain result.
    expect(await lumaCorrelation(plain.output.output, blended.output.output)).toBeGreaterThan(0.9);

    expect(blended.prompt).toContain("Blend the colour palette of “sunset.jpg” into the picture (60% strength)");
    expect(plain.prompt).not.toContain("Blend");
    expect(blended.prompt.startsWith(plain.prompt)).toBe(true);
  });

  it("names the second image when the source has no name, and keeps extra instructions last", async () => {
    const target = await syntheticJpeg({ width: 200, height: 150 });
    const source = await sharp({ create: { width: 32, height: 32, channels: 3, background: "#e07020" } }).png().toBuffer();
    const result = await enhance(target, { tier: "FREE", prompt: { instructions: "Keep it natural" } }, undefined, { blendSource: source });
    expect(result.prompt).toMatch(/Blend the colour palette of the second image into the picture \(60% strength\), keeping its subject and composition\. Keep it natural\.$/);
    expect(describeBlend(null, 0.25)).toContain("(25% strength)");
  });

  it("fails in GENERATING when the blend source is not an image", async () => {
    const target = await syntheticJpeg({ width: 200, height: 150 });
    const stages: string[] = [];
    await expect(
      enhance(target, { tier: "FREE" }, (stage) => void stages.push(stage), { blendSource: Buffer.from("not an image") }),
    ).rejects.toThrow();
    expect(stages).toEqual(["ANALYZING", "CROPPING", "PROMPTING", "GENERATING"]);
  });
});
