/**
 * The embedded generation provider: scenes read from prompts, pictures rendered deterministically at
 * the tier's size, and modify prompts applied to real pixels (measured, not assumed).
 */
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { ENHANCEMENT_LONGEST_EDGE } from "@spike-land/shared/tokens/tiers";
import { createLocalGeneration, LOCAL_GENERATE_MODEL, LOCAL_MODIFY_MODEL } from "./local.server.ts";
import { describeScene, promptSeed, readScene } from "./scene.ts";
import { sceneSvg } from "./svg.ts";
import { GenerationProviderError } from "./types.ts";

const provider = createLocalGeneration();

/** A 600×400 test picture: a mid-grey left half and a muted blue right half, with a white square. */
async function picture() {
  const base = sharp({ create: { width: 600, height: 400, channels: 3, background: "#7a7a7a" } });
  const right = await sharp({ create: { width: 300, height: 400, channels: 3, background: "#50607a" } }).png().toBuffer();
  const square = await sharp({ create: { width: 60, height: 60, channels: 3, background: "#ffffff" } }).png().toBuffer();
  return base
    .composite([
      { input: right, left: 300, top: 0 },
      { input: square, left: 40, top: 40 },
    ])
    .jpeg({ quality: 95 })
    .toBuffer();
}

async function means(bytes: Buffer) {
  const { channels } = await sharp(bytes).stats();
  return channels.slice(0, 3).map((channel) => channel.mean) as [number, number, number];
}

describe("reading a generate prompt", () => {
  it("seeds from the normalised prompt, so case and spacing do not change the picture", () => {
    expect(promptSeed("A red  Circle ")).toBe(promptSeed("a red circle"));
    expect(promptSeed("a red circle")).not.toBe(promptSeed("a blue circle"));
  });

  it("takes colours and moods for the palette, scene words for a landscape, pattern words for a pattern", () => {
    const sunset = readScene("A sunset over the ocean with mountains");
    expect(sunset.composition).toEqual({ kind: "landscape", sky: "sunset", elements: ["sun", "mountains", "sea"] });
    expect(sunset.paletteFrom).toEqual(["sunset", "ocean"]);
    expect(sunset.frame.name).toBe("3:2");

    const city = readScene("a city skyline at night");
    expect(city.composition).toEqual({ kind: "landscape", sky: "night", elements: ["stars", "city"] });

    const circles = readScene("red and teal circles");
    expect(circles.composition).toEqual({ kind: "pattern", pattern: "circles" });
    expect(circles.palette).toEqual(["#d7263d", "#138a8a"]);
    expect(circles.frame.name).toBe("1:1");

    expect(readScene("neon grid, wide banner").frame.name).toBe("16:9");
    expect(readScene("a tall poster of mountains").frame.name).toBe("2:3");
    const vague = readScene("something mysterious");
    expect(vague.composition).toEqual({ kind: "pattern", pattern: "abstract" });
    expect(vague.paletteFrom).toEqual(["seed"]);
    expect(vague.palette).toHaveLength(5);
    expect(describeScene(circles)).toMatch(/^A 1:1 pattern of circles in red, teal colours, seed [0-9a-f]{8}\.$/);
  });

  it("draws the same SVG for the same scene and a different one for another prompt", () => {
    const size = { width: 300, height: 200 };
    expect(sceneSvg(readScene("a forest with hills"), size)).toBe(sceneSvg(readScene("a forest with hills"), size));
    expect(sceneSvg(readScene("a forest with hills"), size)).not.toBe(sceneSvg(readScene("a forest with lakes and hills"), size));
  });
});

describe("local GENERATE", () => {
  it("gives the same bytes for the same prompt and tier, at the tier's longest edge", async () => {
    const first = await provider.generate({ prompt: "a sunset over the ocean with mountains", tier: "TIER_1K" });
    const second = await provider.generate({ prompt: "A sunset over the ocean with mountains", tier: "TIER_1K" });
    expect(first.output.equals(second.output)).toBe(true);
    expect(first.model).toBe(LOCAL_GENERATE_MODEL);
    expect([first.width, first.height]).toEqual([1024, 683]);
    expect(first.sizeBytes).toBe(first.output.length);
    const meta = await sharp(first.output).metadata();
    expect([meta.format, meta.width, meta.height, meta.space, meta.exif]).toEqual(["jpeg", 1024, 683, "srgb", undefined]);

    const other = await provider.generate({ prompt: "a sunrise over the ocean with mountains", tier: "TIER_1K" });
    expect(other.output.equals(first.output)).toBe(false);
  });

  it("sizes by tier: 2K and 4K on the longest edge, FREE at 1024 px with lighter encoding", async () => {
    const prompt = "pastel triangles";
    const [free, oneK, twoK] = await Promise.all(
      (["FREE", "TIER_1K", "TIER_2K"] as const).map((tier) => provider.generate({ prompt, tier })),
    );
    expect([twoK!.width, twoK!.height]).toEqual([ENHANCEMENT_LONGEST_EDGE.TIER_2K, ENHANCEMENT_LONGEST_EDGE.TIER_2K]);
    expect([free!.width, free!.height]).toEqual([1024, 1024]);
    expect(free!.sizeBytes).toBeLessThan(oneK!.sizeBytes);
    const fourK = await provider.generate({ prompt: "a wide panorama of a desert under the sun", tier: "TIER_4K" });
    expect([fourK.width, fourK.height]).toEqual([4096, 2304]);
  }, 60_000);

  it("paints the palette the prompt asks for", async () => {
    const red = await means((await provider.generate({ prompt: "red circles on red", tier: "FREE" })).output);
    expect(red[0]).toBeGreaterThan(red[1] + 60);
    const blue = await means((await provider.generate({ prompt: "a blue and navy grid", tier: "FREE" })).output);
    expect(blue[2]).toBeGreaterThan(blue[0] + 30);
  });
});

describe("local MODIFY", () => {
  it("brightens, darkens, warms and cools the picture as asked", async () => {
    const input = await picture();
    const [before] = [await means((await provider.modify({ prompt: "rotate 180 degrees, then upside down", tier: "FREE", input })).output)];
    const brighter = await means((await provider.modify({ prompt: "much brighter", tier: "FREE", input })).output);
    const darker = await means((await provider.modify({ prompt: "darker", tier: "FREE", input })).output);
    expect(brighter[1]).toBeGreaterThan(before[1] + 20);
    expect(darker[1]).toBeLessThan(before[1] - 10);
    const warmer = await means((await provider.modify({ prompt: "warmer", tier: "FREE", input })).output);
    const cooler = await means((await provider.modify({ prompt: "cooler", tier: "FREE", input })).output);
    expect(warmer[0] - warmer[2]).toBeGreaterThan(before[0] - before[2] + 15);
    expect(cooler[0] - cooler[2]).toBeLessThan(before[0] - before[2] - 15);
  });

  it("makes black and white pictures grey in every channel, and sepia ones warm", async () => {
    const input = await picture();
    const grey = await provider.modify({ prompt: "black and white", tier: "TIER_1K", input });
    const [r, g, b] = await means(grey.output);
    expect(Math.abs(r - g)).toBeLessThan(1.5);
    expect(Math.abs(g - b)).toBeLessThan(1.5);
    const sepia = await means((await provider.modify({ prompt: "sepia", tier: "FREE", input })).output);
    expect(sepia[0]).toBeGreaterThan(sepia[2] + 20);
  });

  it("crops, turns and mirrors, then sizes to the tier", async () => {
    const input = await picture();
    const square = await provider.modify({ prompt: "crop square", tier: "TIER_1K", input });
    expect([square.width, square.height]).toEqual([1024, 1024]);
    expect(square.model).toBe(LOCAL_MODIFY_MODEL);
    const turned = await provider.modify({ prompt: "rotate left", tier: "TIER_2K", input });
    expect([turned.width, turned.height]).toEqual([1365, 2048]);
    const wide = await provider.modify({ prompt: "crop to 16:9", tier: "TIER_1K", input });
    // The crop is whole source pixels (600×338), so the height may be a pixel off 16:9.
    expect(wide.width).toBe(1024);
    expect(Math.abs(wide.height - 576)).toBeLessThanOrEqual(1);

    // The white square starts top left: mirrored it is top right, and turned left it is bottom left.
    const at = async (bytes: Buffer, x: number, y: number) => {
      const { data } = await sharp(bytes).extract({ left: x, top: y, width: 4, height: 4 }).raw().toBuffer({ resolveWithObject: true });
      return data[0]!;
    };
    const mirrored = await provider.modify({ prompt: "mirror", tier: "FREE", input });
    expect(await at(mirrored.output, 1024 - 110, 110)).toBeGreaterThan(230);
    expect(await at(mirrored.output, 110, 110)).toBeLessThan(150);
    expect(await at(turned.output, 220, 2048 - 220)).toBeGreaterThan(230);
  });

  it("sharpens and blurs: edges get crisper or softer", async () => {
    const input = await picture();
    const detail = async (prompt: string) => (await sharp((await provider.modify({ prompt, tier: "FREE", input })).output).stats()).sharpness;
    const plain = await detail("rotate 180 degrees and upside down");
    expect(await detail("much sharper")).toBeGreaterThan(plain);
    expect(await detail("blur")).toBeLessThan(plain);
  });

  it("refuses a prompt with nothing it can do, naming the words it knows, before and during a job", async () => {
    const reading = provider.read("MODIFY", "add a dragon", "TIER_1K");
    expect(reading.ok).toBe(false);
    expect(!reading.ok && reading.message).toMatch(/^The local image engine found nothing it can do in that prompt\. It understands: brighter \/ darker/);
    const ok = provider.read("MODIFY", "brighter, crop square", "TIER_1K");
    expect(ok).toEqual({ ok: true, summary: "Brighten; crop to a centred square." });
    const failure = await provider.modify({ prompt: "add a dragon", tier: "FREE", input: await picture() }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GenerationProviderError);
    expect((failure as GenerationProviderError).retryable).toBe(false);
    const unreadable = await provider.modify({ prompt: "brighter", tier: "FREE", input: Buffer.from("not a picture") }).catch((error: unknown) => error);
    expect((unreadable as GenerationProviderError).message).toBe("The image to modify could not be read.");
  });
});
