/**
 * Finding and cutting uniform bands along the edges: letterbox/pillarbox bars and flat screenshot
 * chrome. A band must be one steady colour that ends abruptly, so a clear sky (which drifts in
 * colour and fades into the scene) is never mistaken for a bar.
 */
import type { AnalysisResult, Borders, CropDimensions } from "../../images/enhancement.ts";
import { decodeProxy, decodeUpright, proxyFromResized } from "./decode.ts";
import type { ResizedSource } from "./generate.ts";
import type { RawImage } from "./pixels.ts";

type Edge = keyof Borders;
const EDGES: Edge[] = ["top", "bottom", "left", "right"];
/** A band wider than this share of a dimension is the picture itself (e.g. a dark scene), not a bar. */
const MAX_BAND_SHARE = 0.4;

type Tolerances = { colour: number; share: number };
/** On the smoothed proxy the band must be clean; at full size JPEG ringing and noise need slack. */
const PROXY: Tolerances = { colour: 10, share: 0.97 };
const FULL: Tolerances = { colour: 24, share: 0.9 };
const DARK_LUMA = 40;

function lineLength(img: RawImage, edge: Edge): number {
  return edge === "top" || edge === "bottom" ? img.width : img.height;
}
function lineCount(img: RawImage, edge: Edge): number {
  return edge === "top" || edge === "bottom" ? img.height : img.width;
}

/** Byte offset of the k-th pixel of the line `depth` pixels in from `edge`. */
function offset(img: RawImage, edge: Edge, depth: number, k: number): number {
  const { width, height, channels } = img;
  switch (edge) {
    case "top":
      return (depth * width + k) * channels;
    case "bottom":
      return ((height - 1 - depth) * width + k) * channels;
    case "left":
      return (k * width + depth) * channels;
    case "right":
      return (k * width + width - 1 - depth) * channels;
  }
}

type Line = { mean: [number, number, number]; matching: number };

function readLine(img: RawImage, edge: Edge, depth: number, ref: readonly number[] | null, tolerance: number): Line {
  const n = lineLength(img, edge);
  const d = img.data;
  const sums = [0, 0, 0];
  let matching = 0;
  for (let k = 0; k < n; k++) {
    const i = offset(img, edge, depth, k);
    const r = d[i]!;
    const g = d[i + 1]!;
    const b = d[i + 2]!;
    sums[0]! += r;
    sums[1]! += g;
    sums[2]! += b;
    if (ref && Math.max(Math.abs(r - ref[0]!), Math.abs(g - ref[1]!), Math.abs(b - ref[2]!)) <= tolerance) matching++;
  }
  return { mean: [sums[0]! / n, sums[1]! / n, sums[2]! / n], matching: matching / n };
}

function isDark(colour: readonly number[]): boolean {
  return 0.2126 * colour[0]! + 0.7152 * colour[1]! + 0.0722 * colour[2]! <= DARK_LUMA;
}

/** Depth of the uniform band along one edge of a (small, smoothed) image, 0 when there is none. */
function bandDepth(img: RawImage, edge: Edge): number {
  const count = lineCount(img, edge);
  const ref = readLine(img, edge, 0, null, 0).mean;
  // Dark bars may carry a little noise; a light band must be near-exact flat chrome.
  const tolerance = isDark(ref) ? PROXY.colour : PROXY.colour / 2.5;
  let depth = 0;
  while (depth < count) {
    const line = readLine(img, edge, depth, ref, tolerance);
    const drift = Math.max(...line.mean.map((v, c) => Math.abs(v - ref[c]!)));
    if (line.matching < PROXY.share || drift > tolerance / 2) break;
    depth++;
  }
  if (depth === 0 || depth > count * MAX_BAND_SHARE) return 0;
  // The band must end abruptly: the picture starts within two lines.
  const after = readLine(img, edge, Math.min(count - 1, depth + 1), ref, tolerance);
  return after.matching < 0.6 ? depth : 0;
}

/** Uniform bands along each edge of a raw RGB image, in its own pixels. */
export function detectBorders(img: RawImage): Borders {
  const found = { top: 0, bottom: 0, left: 0, right: 0 };
  for (const edge of EDGES) found[edge] = bandDepth(img, edge);
  return found;
}

/**
 * Moves proxy-sized band depths onto the full-size image: scans the full-size lines around each
 * scaled estimate and stops at the first line that is no longer the band's colour.
 */
export function refineBorders(full: RawImage, approx: Borders, scale: number): Borders {
  const refined = { top: 0, bottom: 0, left: 0, right: 0 };
  const slack = Math.ceil(2 * scale) + 2;
  for (const edge of EDGES) {
    if (approx[edge] === 0) continue;
    const count = lineCount(full, edge);
    const ref = readLine(full, edge, 0, null, 0).mean;
    let depth = Math.max(0, Math.floor(approx[edge] * scale) - slack);
    const limit = Math.min(count, Math.ceil(approx[edge] * scale) + slack);
    while (depth < limit && readLine(full, edge, depth, ref, FULL.colour).matching >= FULL.share) depth++;
    refined[edge] = depth;
  }
  return refined;
}

/** Exact bands of the full-size image: found on the proxy, then refined at full size if any. */
export async function findBorders(input: Buffer, proxy: RawImage, width: number, height: number): Promise<Borders> {
  const approx = detectBorders(proxy);
  if (EDGES.every((edge) => approx[edge] === 0)) return approx;
  return refineBorders(await decodeUpright(input), approx, Math.max(width, height) / Math.max(proxy.width, proxy.height));
}

export type AutoCropResult = { cropped: boolean; crop: CropDimensions | null };

/** The crop that removes the found bands, when together they take at least `minCropRatio` of a dimension. */
export function cropFromBorders(width: number, height: number, borders: Borders, minCropRatio: number): AutoCropResult {
  const vertical = borders.top + borders.bottom;
  const horizontal = borders.left + borders.right;
  const cutRows = vertical > 0 && vertical / height >= minCropRatio;
  const cutColumns = horizontal > 0 && horizontal / width >= minCropRatio;
  if (!cutRows && !cutColumns) return { cropped: false, crop: null };
  const crop = {
    left: cutColumns ? borders.left : 0,
    top: cutRows ? borders.top : 0,
    width: cutColumns ? width - horizontal : width,
    height: cutRows ? height - vertical : height,
  };
  return crop.width > 0 && crop.height > 0 ? { cropped: true, crop } : { cropped: false, crop: null };
}

/**
 * The CROPPING stage. Uses the bands the analysis found; without an analysis (analysis switched off)
 * it looks for them itself, on a proxy taken from the tier's resized picture when it can be.
 */
export async function autoCrop(
  input: Buffer,
  analysis: AnalysisResult | null,
  minCropRatio: number,
  resized?: Promise<ResizedSource> | null,
): Promise<AutoCropResult> {
  if (analysis) return cropFromBorders(analysis.width, analysis.height, analysis.borders, minCropRatio);
  const proxy = (resized ? await proxyFromResized(resized) : null) ?? (await decodeProxy(input));
  const borders = await findBorders(input, proxy.image, proxy.width, proxy.height);
  return cropFromBorders(proxy.width, proxy.height, borders, minCropRatio);
}
