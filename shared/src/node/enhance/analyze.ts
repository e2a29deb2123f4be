/** The ANALYZING stage: tone, colour, detail and borders of a source image, measured on a small proxy. */
import type { AnalysisResult, Borders, ColourCast } from "../../images/enhancement.ts";
import { findBorders } from "./borders.ts";
import { decodeProxy, proxyFromResized } from "./decode.ts";
import type { ResizedSource } from "./generate.ts";
import { measureDetail, measureTones, type Region } from "./pixels.ts";

/** Below this share of deviation from neutral a picture has no cast worth naming. */
export const CAST_THRESHOLD = 0.04;

function classifyCast(red: number, green: number, blue: number): { cast: ColourCast; strength: number } {
  const neutral = (red + green + blue) / 3;
  if (neutral <= 0) return { cast: "NONE", strength: 0 };
  const dev = [red / neutral - 1, green / neutral - 1, blue / neutral - 1];
  const strength = Math.max(...dev.map(Math.abs));
  if (strength < CAST_THRESHOLD) return { cast: "NONE", strength };
  const hi = dev.indexOf(Math.max(...dev));
  const lo = dev.indexOf(Math.min(...dev));
  // A channel that is short says more than one in excess: low blue reads as yellow, and so on.
  if (-dev[lo]! > dev[hi]!) return { cast: (["CYAN", "MAGENTA", "YELLOW"] as const)[lo]!, strength };
  return { cast: (["RED", "GREEN", "BLUE"] as const)[hi]!, strength };
}

/** The picture area of the proxy once the bands (in full-size pixels) are taken off. */
function proxyRegion(borders: Borders, scale: number, width: number, height: number): Region {
  const left = Math.min(width - 1, Math.round(borders.left / scale));
  const top = Math.min(height - 1, Math.round(borders.top / scale));
  const right = Math.min(width - left - 1, Math.round(borders.right / scale));
  const bottom = Math.min(height - top - 1, Math.round(borders.bottom / scale));
  return { left, top, width: width - left - right, height: height - top - bottom };
}

const round = (v: number, digits = 2) => Number(v.toFixed(digits));

/** Measures `input`; given the tier's resized picture on its way, the proxy is taken from that when it can be. */
export async function analyze(input: Buffer, resized?: Promise<ResizedSource> | null): Promise<AnalysisResult> {
  const proxy = (resized ? await proxyFromResized(resized) : null) ?? (await decodeProxy(input));
  const borders = await findBorders(input, proxy.image, proxy.width, proxy.height);
  const region = proxyRegion(borders, proxy.width / proxy.image.width, proxy.image.width, proxy.image.height);
  const tones = measureTones(proxy.image, region);
  const detail = measureDetail(proxy.image, region);
  return {
    width: proxy.width,
    height: proxy.height,
    format: proxy.format,
    hasAlpha: proxy.hasAlpha,
    exposure: { mean: round(tones.mean), median: tones.median, low: tones.low, high: tones.high },
    contrast: round(tones.stdev),
    sharpness: round(detail.sharpness),
    noise: round(detail.noise),
    colourCast: {
      red: round(tones.red),
      green: round(tones.green),
      blue: round(tones.blue),
      ...(({ cast, strength }) => ({ cast, strength: round(strength, 3) }))(classifyCast(tones.red, tones.green, tones.blue)),
    },
    borders,
  };
}
