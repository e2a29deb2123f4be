/**
 * Decoding sources for measurement: a ≤ 512 px upright proxy for analysis (from the original, or
 * from the tier's resized picture when that is already a reduction), full size only when needed.
 */
import { sharp } from "./sharp.ts";
import type { ResizedSource } from "./generate.ts";
import type { RawImage } from "./pixels.ts";

const PROXY_EDGE = 512;

export type Proxy = {
  image: RawImage;
  /** Upright full-size dimensions. */
  width: number;
  height: number;
  format: string;
  hasAlpha: boolean;
};

/** Transparent pixels are shown on white, as the encoded output will be. */
const BACKGROUND = "#ffffff";

/**
 * libvips decodes a JPEG at 1/2, 1/4 or 1/8 scale only when the shrink exceeds that factor by a
 * whole step (a 4000 px source at 512 px decodes at 1/4); asking for slightly less than 512 px
 * then buys the next factor.
 */
function proxyEdge(longest: number): number {
  const shrink = Math.floor(longest / PROXY_EDGE);
  return shrink === 2 || shrink === 4 || shrink === 8 ? Math.floor(longest / (shrink + 1)) : PROXY_EDGE;
}

export async function decodeProxy(input: Buffer): Promise<Proxy> {
  const source = sharp(input, { failOn: "none" });
  const meta = await source.metadata();
  const edge = proxyEdge(Math.max(meta.width, meta.height));
  const { data, info } = await source
    .autoOrient()
    .flatten({ background: BACKGROUND })
    .resize(edge, edge, { fit: "inside", withoutEnlargement: true })
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    image: { data, width: info.width, height: info.height, channels: info.channels },
    width: meta.autoOrient.width,
    height: meta.autoOrient.height,
    format: meta.format,
    hasAlpha: meta.hasAlpha,
  };
}

/**
 * The proxy `decodeProxy` gives (the same size, within a pixel where the decoder rounds differently,
 * and the same upright sRGB pixels on white), made from the tier's resized picture instead of a
 * second decode of the original. Only a reduction carries what the proxy needs; for an enlargement
 * (or when the resize failed) this is null and the original is decoded as before. Tones, colour,
 * noise and bands measure the same on it; sharpness reads a little higher, as the original's
 * proxy is softened by the decoder's DCT scaling.
 */
export async function proxyFromResized(resizing: Promise<ResizedSource>): Promise<Proxy | null> {
  const resized = await resizing.catch(() => null);
  if (!resized) return null;
  const { source } = resized;
  const longest = Math.max(source.width, source.height);
  if (Math.max(resized.width, resized.height) >= longest) return null;
  const edge = proxyEdge(longest);
  // The proxy's size is worked out from the original's, as decodeProxy's resize does, with the same kernel.
  const scale = Math.min(1, edge / longest);
  const width = Math.max(1, Math.round(source.width * scale));
  const height = Math.max(1, Math.round(source.height * scale));
  const { data, info } = await sharp(resized.data, { raw: { width: resized.width, height: resized.height, channels: resized.channels } })
    .resize(width, height, { fit: "fill", kernel: "lanczos3" })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    image: { data, width: info.width, height: info.height, channels: info.channels },
    width: source.width,
    height: source.height,
    format: source.format,
    hasAlpha: source.hasAlpha,
  };
}

export async function decodeUpright(input: Buffer): Promise<RawImage> {
  const { data, info } = await sharp(input, { failOn: "none" })
    .autoOrient()
    .flatten({ background: BACKGROUND })
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}
