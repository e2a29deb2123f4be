/**
 * Local enhancement engine benchmark: seconds per image of `enhance()` on a 12-megapixel photo-like
 * JPEG for each paid tier, each against plain sharp (decode + Lanczos3 resize to the same size +
 * the same JPEG encoding) measured in the same run, the two taking turns.
 */
import { enhance, jpegOptions } from "../shared/src/node/enhance.ts";
import { sharp } from "../shared/src/node/enhance/sharp.ts";
import { syntheticJpeg } from "../shared/src/node/enhance/synthetic.ts";
import type { EnhancementTier } from "../shared/src/tokens/tiers.ts";
import type { BenchEntry } from "./ssr.ts";

const WIDTH = 4000;
const HEIGHT = 3000;
const REPETITIONS = 5;
const TIERS: [string, EnhancementTier][] = [
  ["enhance.tier_1k", "TIER_1K"],
  ["enhance.tier_2k", "TIER_2K"],
  ["enhance.tier_4k", "TIER_4K"],
];

/**
 * Median seconds of each of two recipes, timed in turns after a warm-up of each, so that a busy
 * moment on a shared machine does not land on one side only.
 */
async function pairedMedians(repetitions: number, first: () => Promise<unknown>, second: () => Promise<unknown>): Promise<[number, number]> {
  await first();
  await second();
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < repetitions; i++) {
    for (const [side, run] of [first, second].entries()) {
      const started = performance.now();
      await run();
      times[side]!.push(performance.now() - started);
    }
  }
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]! / 1000;
  return [median(times[0]), median(times[1])];
}

export async function benchEnhance(): Promise<Record<string, BenchEntry>> {
  // An ordinary photo-like picture (sky, ground, shapes, texture, grain): the analysis still asks for
  // levels and saturation, and sharpening where the tier enlarges.
  const input = await syntheticJpeg({ width: WIDTH, height: HEIGHT });
  const results: Record<string, BenchEntry> = {};
  for (const [name, tier] of TIERS) {
    const sample = await enhance(input, { tier });
    const { width, height } = sample.output;
    const stageTotals = { ANALYZING: 0, CROPPING: 0, PROMPTING: 0, GENERATING: 0 };
    const [baseline, value] = await pairedMedians(
      REPETITIONS,
      () => sharp(input).resize(width, height, { fit: "fill", kernel: "lanczos3" }).jpeg(jpegOptions(tier)).toBuffer(),
      async () => {
        const result = await enhance(input, { tier });
        for (const [stage, ms] of Object.entries(result.timings)) stageTotals[stage as keyof typeof stageTotals] += ms;
      },
    );
    const runs = REPETITIONS + 1;
    results[name] = {
      value: Number(value.toFixed(3)),
      unit: "s/image",
      baseline: Number(baseline.toFixed(3)),
      ratio: Number((value / baseline).toFixed(3)),
      detail: {
        repetitions: REPETITIONS,
        input: `${WIDTH}×${HEIGHT} JPEG, ${input.length} bytes`,
        output: `${width}×${height} JPEG, ${sample.output.sizeBytes} bytes`,
        stageMeanMs: Object.fromEntries(Object.entries(stageTotals).map(([stage, ms]) => [stage, Number((ms / runs).toFixed(1))])),
        prompt: sample.prompt,
        baselineRecipe: "sharp decode + resize (Lanczos3) + the same JPEG options",
      },
    };
  }
  return results;
}
