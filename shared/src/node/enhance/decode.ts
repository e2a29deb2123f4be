/** Decoding sources for measurement: a ≤ 512 px upright proxy for analysis, full size only when needed. */
import { sharp } from "./sharp.ts";
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

export async function decodeUpright(input: Buffer): Promise<RawImage> {
  const { data, info } = await sharp(input, { failOn: "none" })
    .autoOrient()
    .flatten({ background: BACKGROUND })
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}
