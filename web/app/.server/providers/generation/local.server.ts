/**
 * The embedded generation provider, needing no network and no account.
 *
 * GENERATE reads the prompt into a deterministic scene (scene.ts), draws it as SVG (svg.ts) and
 * renders that with sharp at the tier's longest edge: the same prompt and tier give the same bytes.
 *
 * MODIFY reads the prompt's edit words (edits.ts) and applies them with the local enhancement
 * engine's parts (`@spike-land/shared/node/enhance`): "enhance" runs its analysis and automatic
 * corrections, and the words adjust that plan (exposure curve, contrast levels, white balance and
 * saturation in the engine's colour matrix, sharpening) before the picture is turned, cropped and
 * sized to the tier. A prompt with no word the engine knows is refused before any charge.
 */
import sharp, { type Sharp } from "sharp";
import { analyze, colourMatrix, jpegOptions, outputGeometry, planCorrections, type CorrectionPlan } from "@spike-land/shared/node/enhance";
import { ENHANCEMENT_LONGEST_EDGE, type EnhancementTier } from "@spike-land/shared/tokens/tiers";
import { ASPECTS, describeEdits, EDIT_VOCABULARY, planEdits, type EditPlan } from "./edits.ts";
import { describeScene, readScene } from "./scene.ts";
import { framePixels, sceneSvg } from "./svg.ts";
import { GenerationProviderError, type GeneratedImage, type GenerationProvider } from "./types.ts";

export const LOCAL_GENERATE_MODEL = "local-svg";
export const LOCAL_MODIFY_MODEL = "local-sharp-edit";

type Matrix3 = [[number, number, number], [number, number, number], [number, number, number]];

const LUMA = [0.2126, 0.7152, 0.0722] as const;
const GREYSCALE: Matrix3 = [[...LUMA], [...LUMA], [...LUMA]];
const SEPIA: Matrix3 = [
  [0.393, 0.769, 0.189],
  [0.349, 0.686, 0.168],
  [0.272, 0.534, 0.131],
];

function multiply(a: Matrix3, b: Matrix3): Matrix3 {
  const cell = (row: number, column: number) => a[row]![0]! * b[0]![column]! + a[row]![1]! * b[1]![column]! + a[row]![2]! * b[2]![column]!;
  return [0, 1, 2].map((row) => [cell(row, 0), cell(row, 1), cell(row, 2)]) as Matrix3;
}

/** Warmth as luma-preserving channel gains: red up and blue down for warm, the reverse for cool. */
function warmthGains(warmth: number): [number, number, number] {
  const gains: [number, number, number] = [1 + 0.12 * warmth, 1 + 0.02 * warmth, 1 - 0.16 * warmth];
  const keep = 1 / (LUMA[0] * gains[0] + LUMA[1] * gains[1] + LUMA[2] * gains[2]);
  return [gains[0] * keep, gains[1] * keep, gains[2] * keep];
}

/**
 * The engine's correction plan with the prompt's edits laid over it: the automatic corrections
 * when the prompt asks for them (else none), then each word's change composed with them.
 */
export async function correctionsFor(input: Buffer, edits: EditPlan, tier: EnhancementTier): Promise<CorrectionPlan> {
  const base = planCorrections(edits.auto ? await analyze(input) : null, null, tier);
  const power = (base.exposure?.power ?? 1) * edits.exposure;
  const k = edits.contrast;
  const levels = base.levels ?? { a: 1, b: 0 };
  // Contrast about mid-grey after the engine's own levels: k·(a·x + b) + 128·(1 − k).
  const contrasted = { a: k * levels.a, b: k * levels.b + 128 * (1 - k) };
  const warm = warmthGains(edits.warmth);
  const balance = base.whiteBalance ?? [1, 1, 1];
  const strength = Math.round(edits.sharpen);
  const wordSharpen: CorrectionPlan["sharpen"] =
    edits.sharpen > 0 ? { sigma: 1, m1: 0, m2: 1 + edits.sharpen, threshold: 2, limit: 6 + 4 * edits.sharpen, strength: strength >= 2 ? "strong" : strength >= 1 ? "moderate" : "light" } : null;
  return {
    whiteBalance: edits.warmth === 0 && !base.whiteBalance ? null : [balance[0] * warm[0], balance[1] * warm[1], balance[2] * warm[2]],
    levels: contrasted.a === 1 && contrasted.b === 0 ? null : contrasted,
    exposure: power === 1 ? null : { power, changePercent: 0 },
    denoise: base.denoise || edits.denoise,
    sharpen: wordSharpen ?? base.sharpen,
    saturation: { factor: base.saturation.factor * edits.saturation, net: base.saturation.net * edits.saturation },
    resize: base.resize,
  };
}

/** The centred box of the aspect ratio that fits the picture. */
function centredCrop(width: number, height: number, aspect: number) {
  const w = Math.min(width, Math.round(height * aspect));
  const h = Math.min(height, Math.round(width / aspect));
  return { left: Math.floor((width - w) / 2), top: Math.floor((height - h) / 2), width: Math.max(1, w), height: Math.max(1, h) };
}

type Raw = { data: Buffer; info: { width: number; height: number; channels: number } };
const fromRaw = ({ data, info }: Raw): Sharp => sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels as 3 | 4 } });

/** The exposure curve as a lookup on raw 8-bit pixels: out = 255·(in/255)^power. */
function applyCurve(raw: Raw, power: number): void {
  const table = new Uint8Array(256);
  for (let v = 0; v < 256; v++) table[v] = Math.round(255 * (v / 255) ** power);
  const { data } = raw;
  for (let i = 0; i < data.length; i++) data[i] = table[data[i]!]!;
}

export async function applyEdits(input: Buffer, edits: EditPlan, tier: EnhancementTier): Promise<Omit<GeneratedImage, "model">> {
  let meta;
  try {
    meta = await sharp(input).metadata();
  } catch {
    throw new GenerationProviderError("The image to modify could not be read.", false);
  }
  const upright = { width: meta.autoOrient.width, height: meta.autoOrient.height };
  const quarter = edits.rotate === 90 || edits.rotate === 270;
  const turned = quarter ? { width: upright.height, height: upright.width } : upright;
  const crop = edits.crop ? centredCrop(turned.width, turned.height, ASPECTS[edits.crop]) : null;
  const geometry = outputGeometry(turned.width, turned.height, crop, ENHANCEMENT_LONGEST_EDGE[tier]);
  const plan = await correctionsFor(input, edits, tier);

  // Resized upright first (the size before turning), so turning and cropping work on few pixels.
  const size = quarter ? { width: geometry.resize.height, height: geometry.resize.width } : geometry.resize;
  const resized = await sharp(input, { failOn: "none" })
    .autoOrient()
    .resize(size.width, size.height, { fit: "fill", kernel: "lanczos3" })
    .flatten({ background: "#ffffff" })
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  let placed = fromRaw(resized);
  if (edits.rotate) placed = placed.rotate(edits.rotate);
  if (edits.flipVertical) placed = placed.flip();
  if (edits.mirror) placed = placed.flop();
  if (geometry.extract) placed = placed.extract(geometry.extract);
  const framed = await placed.raw().toBuffer({ resolveWithObject: true });
  if (plan.exposure) applyCurve(framed, plan.exposure.power);

  let pipeline = fromRaw(framed);
  if (plan.denoise) pipeline = pipeline.median(3);
  let matrix: Matrix3 | null = colourMatrix(plan);
  if (edits.tone !== "colour") matrix = multiply(edits.tone === "sepia" ? SEPIA : GREYSCALE, matrix ?? [[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
  if (matrix) pipeline = pipeline.recomb(matrix);
  if (plan.sharpen) {
    const { sigma, m1, m2, threshold, limit } = plan.sharpen;
    pipeline = pipeline.sharpen({ sigma, m1, m2, x1: threshold, y2: limit, y3: 2 * limit });
  }
  if (edits.blur > 0) pipeline = pipeline.blur(Math.max(0.3, edits.blur * Math.max(geometry.out.width, geometry.out.height)));
  if (plan.levels) pipeline = pipeline.linear(plan.levels.a, plan.levels.b);
  const { data, info } = await pipeline.jpeg(jpegOptions(tier)).toBuffer({ resolveWithObject: true });
  return { output: data, width: info.width, height: info.height, sizeBytes: data.length };
}

/** Renders the prompt's scene at the tier's longest edge. */
export async function renderScene(prompt: string, tier: EnhancementTier): Promise<Omit<GeneratedImage, "model">> {
  const scene = readScene(prompt);
  const pixels = framePixels(scene.frame.ratio, ENHANCEMENT_LONGEST_EDGE[tier]);
  const svg = sceneSvg(scene, pixels);
  const { data, info } = await sharp(Buffer.from(svg), { limitInputPixels: false })
    .resize(pixels.width, pixels.height, { fit: "fill" })
    .flatten({ background: "#000000" })
    .toColourspace("srgb")
    .jpeg(jpegOptions(tier))
    .toBuffer({ resolveWithObject: true });
  return { output: data, width: info.width, height: info.height, sizeBytes: data.length };
}

export function createLocalGeneration(): GenerationProvider {
  return {
    kind: "local",
    read(kind, prompt) {
      if (kind === "GENERATE") return { ok: true, summary: describeScene(readScene(prompt)) };
      const edits = planEdits(prompt);
      if (edits.steps.length === 0) {
        return { ok: false, message: `The local image engine found nothing it can do in that prompt. It understands: ${EDIT_VOCABULARY}.` };
      }
      return { ok: true, summary: describeEdits(edits) };
    },
    async generate({ prompt, tier }) {
      return { ...(await renderScene(prompt, tier)), model: LOCAL_GENERATE_MODEL };
    },
    async modify({ prompt, tier, input }) {
      const edits = planEdits(prompt);
      if (edits.steps.length === 0) throw new GenerationProviderError(`Nothing in the prompt can be done by the local image engine. It understands: ${EDIT_VOCABULARY}.`, false);
      return { ...(await applyEdits(input, edits, tier)), model: LOCAL_MODIFY_MODEL };
    },
  };
}
