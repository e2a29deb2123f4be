import { mkdirSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { PipelineStage } from "../../images/enhancement.ts";
import { analysisResultSchema } from "../../images/enhancement.ts";
import { ENHANCEMENT_LONGEST_EDGE, ENHANCEMENT_TIERS } from "../../tokens/tiers.ts";
import { analyze, autoCrop, colourMatrix, describeCorrections, enhance, generate, planCorrections } from "../enhance.ts";
import { decodeProxy, proxyFromResized } from "./decode.ts";
import { resizeForTier } from "./generate.ts";
import { sharp } from "./sharp.ts";
import { syntheticJpeg, type SyntheticPhoto } from "./synthetic.ts";

const SIZE = { width: 640, height: 480 };
/** Before/after pictures for a person to look at (set ENHANCE_CHECK_DIR to keep them elsewhere). */
const CHECK_DIR = process.env.ENHANCE_CHECK_DIR ?? "/tmp/enhance-check";

async function tones(image: Buffer) {
  const { channels } = await sharp(image).stats();
  const [r, g, b] = channels.map((c) => c.mean) as [number, number, number];
  const { channels: grey } = await sharp(image).greyscale().stats();
  return { r, g, b, mean: grey[0]!.mean, stdev: grey[0]!.stdev };
}

async function enhanced(name: string, spec: SyntheticPhoto) {
  const input = await syntheticJpeg(spec);
  const result = await enhance(input, { tier: "TIER_1K" });
  mkdirSync(CHECK_DIR, { recursive: true });
  await sharp(input).png().toFile(`${CHECK_DIR}/${name}-before.png`);
  await sharp(result.output.output).png().toFile(`${CHECK_DIR}/${name}-after.png`);
  return { input, result, before: await tones(input), after: await tones(result.output.output) };
}

describe("enhance() corrections", () => {
  it("brightens an underexposed photo towards mid-grey", async () => {
    const { before, after, result } = await enhanced("underexposed", { ...SIZE, exposure: 0.35 });
    expect(before.mean).toBeLessThan(60);
    expect(after.mean).toBeGreaterThan(before.mean + 30);
    expect(Math.abs(after.mean - 128)).toBeLessThan(Math.abs(before.mean - 128));
    expect(result.prompt).toMatch(/exposure/);
  });

  it("brightens a crisp, underexposed, colour-cast photo that needs no sharpening (never to black)", async () => {
    // Fine stripes keep the picture crisp, so no sharpening is planned after the colour matrix.
    const stripes = Array.from({ length: 120 }, (_, i) => `<rect x="${i * 10}" y="0" width="5" height="800" fill="${i % 3 ? "#c87850" : "#5080c0"}"/>`).join("");
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800"><rect width="1200" height="800" fill="#a0a0a0"/>${stripes}<circle cx="600" cy="400" r="200" fill="#e0c080"/></svg>`;
    const input = await sharp(Buffer.from(svg)).linear(0.3, 0).jpeg({ quality: 95 }).toBuffer();
    const plan = planCorrections(await analyze(input), null, "TIER_1K");
    expect(plan.sharpen).toBeNull();
    expect(plan.exposure?.power).toBeLessThan(1);
    expect(colourMatrix(plan)).not.toBeNull();
    const before = await tones(input);
    const result = await enhance(input, { tier: "TIER_1K" });
    const after = await tones(result.output.output);
    expect(before.mean).toBeLessThan(60);
    expect(after.mean).toBeGreaterThan(95);
    expect(after.mean).toBeLessThan(160);
  });

  it("raises the contrast of a flat photo", async () => {
    const { before, after, result } = await enhanced("low-contrast", { ...SIZE, contrast: 0.35 });
    expect(after.stdev).toBeGreaterThan(before.stdev * 1.5);
    expect(result.prompt).toMatch(/contrast/);
  });

  it("pulls the channels of a blue-cast photo together", async () => {
    const { before, after, result } = await enhanced("blue-cast", { ...SIZE, cast: [0.8, 0.95, 1.3] });
    const spread = (t: { r: number; g: number; b: number }) => Math.max(t.r, t.g, t.b) - Math.min(t.r, t.g, t.b);
    expect(result.analysis?.colourCast.cast).not.toBe("NONE");
    expect(spread(after)).toBeLessThan(spread(before) * 0.8);
    expect(result.prompt).toMatch(/colour cast/);
  });
});

describe("auto-crop", () => {
  it("cuts letterbox bars of 12% top and bottom to the picture", async () => {
    const { result } = await enhanced("letterbox", { ...SIZE, letterbox: 0.12 });
    const bar = Math.round(SIZE.height * 0.12);
    expect(result.wasCropped).toBe(true);
    const crop = result.crop!;
    expect(Math.abs(crop.left)).toBeLessThanOrEqual(2);
    expect(Math.abs(crop.top - bar)).toBeLessThanOrEqual(2);
    expect(Math.abs(crop.width - SIZE.width)).toBeLessThanOrEqual(2);
    expect(Math.abs(crop.height - (SIZE.height - 2 * bar))).toBeLessThanOrEqual(2);
    expect(result.prompt).toMatch(/px bars top and bottom/);
    // No black rows left at the edges of the output.
    const { data, info } = await sharp(result.output.output).greyscale().raw().toBuffer({ resolveWithObject: true });
    const rowMean = (y: number) => data.subarray(y * info.width, (y + 1) * info.width).reduce((s, v) => s + v, 0) / info.width;
    expect(rowMean(1)).toBeGreaterThan(40);
    expect(rowMean(info.height - 2)).toBeGreaterThan(40);
  });

  it("leaves an ordinary photo alone, even with analysis switched off", async () => {
    const input = await syntheticJpeg(SIZE);
    const analysis = await analyze(input);
    expect(analysis.borders).toEqual({ top: 0, bottom: 0, left: 0, right: 0 });
    expect(await autoCrop(input, analysis, 0.05)).toEqual({ cropped: false, crop: null });
    expect(await autoCrop(input, null, 0.05)).toEqual({ cropped: false, crop: null });
  });

  it("ignores bands thinner than the minimum crop ratio", async () => {
    const input = await syntheticJpeg({ ...SIZE, letterbox: 0.02 });
    const analysis = await analyze(input);
    expect(analysis.borders.top).toBeGreaterThan(0);
    expect(await autoCrop(input, analysis, 0.05)).toEqual({ cropped: false, crop: null });
  });
});

describe("analysis of a photo larger than the tier's size", () => {
  // Larger than 2048 px, so FREE, 1K and 2K all reduce it and the analysis proxy comes from the
  // resized picture rather than a second decode of the original.
  const LARGE = { width: 2400, height: 1600 };

  it("measures the same as on a proxy decoded from the original", async () => {
    const cases: Array<[SyntheticPhoto, number?]> = [
      [{ ...LARGE }],
      [{ ...LARGE, exposure: 0.4, seed: 2 }],
      [{ ...LARGE, contrast: 0.4, cast: [0.8, 0.95, 1.3], seed: 3 }],
      // Stored sideways with EXIF orientation 6: measured upright either way.
      [{ ...LARGE, seed: 4 }, 6],
    ];
    for (const [spec, orientation] of cases) {
      const input = await syntheticJpeg(spec, orientation);
      const decoded = await decodeProxy(input);
      const direct = await analyze(input);
      for (const tier of ["TIER_1K", "TIER_2K"] as const) {
        const fromResized = await proxyFromResized(resizeForTier(input, tier));
        expect(fromResized).not.toBeNull();
        expect(Math.abs(fromResized!.image.width - decoded.image.width)).toBeLessThanOrEqual(1);
        expect(Math.abs(fromResized!.image.height - decoded.image.height)).toBeLessThanOrEqual(1);
        const a = await analyze(input, resizeForTier(input, tier));
        expect([a.width, a.height, a.format, a.hasAlpha]).toEqual([direct.width, direct.height, direct.format, direct.hasAlpha]);
        expect(a.borders).toEqual(direct.borders);
        expect(a.colourCast.cast).toBe(direct.colourCast.cast);
        for (const key of ["mean", "median", "low", "high"] as const) expect(Math.abs(a.exposure[key] - direct.exposure[key])).toBeLessThanOrEqual(2);
        for (const key of ["red", "green", "blue"] as const) expect(Math.abs(a.colourCast[key] - direct.colourCast[key])).toBeLessThanOrEqual(1.5);
        expect(Math.abs(a.contrast - direct.contrast)).toBeLessThanOrEqual(0.5);
        expect(Math.abs(a.noise - direct.noise)).toBeLessThanOrEqual(0.1);
        expect(a.sharpness / direct.sharpness).toBeGreaterThan(0.85);
        expect(a.sharpness / direct.sharpness).toBeLessThan(1.2);
        const plan = (analysis: typeof a) => {
          const p = planCorrections(analysis, null, tier);
          return [p.denoise, p.sharpen?.strength ?? null, p.exposure !== null, p.levels !== null, p.whiteBalance !== null];
        };
        expect(plan(a)).toEqual(plan(direct));
      }
    }
  }, 60_000);

  it("cuts letterbox bars found on that proxy at the original's pixels, with analysis on or off", async () => {
    const input = await syntheticJpeg({ ...LARGE, letterbox: 0.12 });
    const bar = Math.round(LARGE.height * 0.12);
    for (const analysis of [true, false]) {
      const result = await enhance(input, { tier: "TIER_1K", analysis });
      expect(result.wasCropped).toBe(true);
      const crop = result.crop!;
      expect(Math.abs(crop.left)).toBeLessThanOrEqual(2);
      expect(Math.abs(crop.top - bar)).toBeLessThanOrEqual(2);
      expect(Math.abs(crop.width - LARGE.width)).toBeLessThanOrEqual(2);
      expect(Math.abs(crop.height - (LARGE.height - 2 * bar))).toBeLessThanOrEqual(2);
      expect(Math.max(result.output.width, result.output.height)).toBe(ENHANCEMENT_LONGEST_EDGE.TIER_1K);
    }
  }, 30_000);

  it("still decodes the original for a picture the tier enlarges", async () => {
    const input = await syntheticJpeg(SIZE);
    expect(await proxyFromResized(resizeForTier(input, "TIER_1K"))).toBeNull();
    expect(await proxyFromResized(Promise.reject(new Error("not an image")))).toBeNull();
  });
});

describe("generate() output", () => {
  let input: Buffer;
  beforeAll(async () => {
    input = await syntheticJpeg({ width: 600, height: 400 });
  });

  it("has the tier's longest edge, enlarging when needed", async () => {
    const analysis = await analyze(input);
    for (const tier of ENHANCEMENT_TIERS) {
      const out = await generate(input, analysis, null, tier);
      expect(Math.max(out.width, out.height)).toBe(ENHANCEMENT_LONGEST_EDGE[tier]);
      expect(out.width / out.height).toBeCloseTo(1.5, 2);
      const meta = await sharp(out.output).metadata();
      expect([meta.format, meta.width, out.output.length]).toEqual(["jpeg", out.width, out.sizeBytes]);
    }
  });

  it("encodes FREE lighter than TIER_1K at the same size", async () => {
    const analysis = await analyze(input);
    const free = await generate(input, analysis, null, "FREE");
    const paid = await generate(input, analysis, null, "TIER_1K");
    expect([free.width, free.height]).toEqual([paid.width, paid.height]);
    expect(free.sizeBytes).toBeLessThan(paid.sizeBytes * 0.8);
  });

  it("turns an EXIF orientation 6 photo upright", async () => {
    // Upright: a portrait picture, red above blue. Stored rotated a quarter turn anticlockwise with
    // orientation 6 ("rotate 90° clockwise to display"), as phone cameras do.
    const upright = await sharp({ create: { width: 300, height: 400, channels: 3, background: "#d02020" } })
      .composite([{ input: { create: { width: 300, height: 200, channels: 3, background: "#2040d0" } }, left: 0, top: 200 }])
      .png()
      .toBuffer();
    const stored = await sharp(upright).rotate(-90).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    expect((await sharp(stored).metadata()).width).toBe(400);
    const result = await enhance(stored, { tier: "TIER_1K" });
    expect([result.output.width, result.output.height]).toEqual([768, 1024]);
    const { data } = await sharp(result.output.output).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => Array.from(data.subarray((y * 768 + x) * 3, (y * 768 + x) * 3 + 3));
    const [topR, , topB] = pixel(384, 100) as [number, number, number];
    const [bottomR, , bottomB] = pixel(384, 900) as [number, number, number];
    expect(topR).toBeGreaterThan(topB);
    expect(bottomB).toBeGreaterThan(bottomR);
    expect((await sharp(result.output.output).metadata()).orientation).toBeUndefined();
  });

  it("strips EXIF and GPS metadata", async () => {
    const tagged = await sharp(input)
      .withExif({ IFD0: { Make: "Spike Camera", Model: "One" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "51/1 30/1 0/1" } })
      .jpeg()
      .toBuffer();
    expect((await sharp(tagged).metadata()).exif).toBeDefined();
    const result = await enhance(tagged, { tier: "TIER_1K" });
    const meta = await sharp(result.output.output).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.space).toBe("srgb");
  });
});

describe("enhance() stages", () => {
  it("reports ANALYZING, CROPPING, PROMPTING, GENERATING in order", async () => {
    const seen: PipelineStage[] = [];
    const result = await enhance(await syntheticJpeg(SIZE), {}, async (stage) => {
      seen.push(stage);
    });
    expect(seen).toEqual(["ANALYZING", "CROPPING", "PROMPTING", "GENERATING"]);
    expect(analysisResultSchema.parse(result.analysis)).toEqual(result.analysis);
    expect(Object.keys(result.timings)).toEqual(seen);
  });

  it("with analysis off, only resizes and re-encodes", async () => {
    const result = await enhance(await syntheticJpeg(SIZE), { analysis: false, tier: "TIER_2K" });
    expect(result.analysis).toBeNull();
    expect(result.prompt).toBe("Resize to 2048 px on the longest edge; strip location and camera metadata.");
    expect(result.output.width).toBe(2048);
  });

  it("describes the corrections in plain English", () => {
    const analysis = analysisResultSchema.parse({
      width: 1920,
      height: 1080,
      format: "jpeg",
      hasAlpha: false,
      exposure: { mean: 52, median: 50, low: 10, high: 200 },
      contrast: 40,
      sharpness: 300,
      noise: 0.5,
      colourCast: { red: 70, green: 55, blue: 40, cast: "YELLOW", strength: 0.27 },
      borders: { top: 140, bottom: 140, left: 0, right: 0 },
    });
    const text = describeCorrections(analysis, { left: 0, top: 140, width: 1920, height: 800 }, "TIER_2K");
    expect(text).toMatch(/^Lift shadows and midtones by \+\d+% exposure; /);
    expect(text).toContain("reduce a warm colour cast (27%)");
    expect(text).toContain("remove 140 px bars top and bottom (keep 1920×800 px)");
    expect(text).toContain("upscale to 2048 px on the longest edge");
  });
});
