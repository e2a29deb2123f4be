/**
 * Photo-like test pictures made on the fly (for tests and the benchmark, so no fixtures are stored):
 * a sky gradient over ground, a few soft shapes, fine texture and sensor-like noise, then exposure,
 * contrast and colour-cast faults applied on top.
 */
import { sharp } from "./sharp.ts";

export type SyntheticPhoto = {
  width: number;
  height: number;
  /** Multiplies every level (0.4 ≈ a stop and a third under). */
  exposure?: number;
  /** Squeezes levels towards mid-grey (0.4 = 40% of the range). */
  contrast?: number;
  /** Per-channel gains, e.g. [0.8, 0.95, 1.25] for a blue cast. */
  cast?: [number, number, number];
  /** Amplitude of the noise in levels. */
  noise?: number;
  /** Black bars of this share of the height at top and bottom (letterbox). */
  letterbox?: number;
  seed?: number;
};

/** Raw RGB pixels of the synthetic photo. */
function syntheticPixels(spec: SyntheticPhoto): Buffer {
  const { width: w, height: h, exposure = 1, contrast = 1, cast = [1, 1, 1], noise = 6, letterbox = 0 } = spec;
  const data = Buffer.alloc(w * h * 3);
  let state = spec.seed ?? 12345;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const bar = Math.round(h * letterbox);
  const horizon = 0.55 * h;
  const shapes = [
    { x: 0.3 * w, y: 0.62 * h, r: 0.12 * Math.min(w, h) * 1.6, c: [190, 60, 40] },
    { x: 0.72 * w, y: 0.5 * h, r: 0.1 * Math.min(w, h) * 1.6, c: [240, 220, 90] },
    { x: 0.55 * w, y: 0.8 * h, r: 0.08 * Math.min(w, h) * 1.6, c: [60, 90, 200] },
  ];
  const texture = (2 * Math.PI * 40) / w;
  for (let y = 0; y < h; y++) {
    const sky = y < horizon;
    const t = sky ? y / horizon : (y - horizon) / (h - horizon);
    const base = sky ? [120 + 90 * t, 160 + 60 * t, 230 - 10 * t] : [70 + 40 * t, 120 - 30 * t, 50 + 10 * t];
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      if (y < bar || y >= h - bar) continue; // stays black
      let rgb = base;
      for (const s of shapes) {
        const dx = x - s.x;
        const dy = y - s.y;
        if (dx * dx + dy * dy < s.r * s.r) rgb = s.c;
      }
      const grain = sky ? 0 : 18 * Math.sin(x * texture) * Math.sin(y * texture * 1.3);
      const n = (random() + random() - 1) * noise * 1.7;
      for (let c = 0; c < 3; c++) {
        const clean = rgb[c]! + grain;
        const squeezed = 128 + (clean - 128) * contrast;
        data[i + c] = Math.max(0, Math.min(255, Math.round(squeezed * exposure * cast[c]! + n)));
      }
    }
  }
  return data;
}

/** The synthetic photo encoded as a JPEG (quality 92), optionally with an EXIF orientation. */
export async function syntheticJpeg(spec: SyntheticPhoto, orientation?: number): Promise<Buffer> {
  const image = sharp(syntheticPixels(spec), { raw: { width: spec.width, height: spec.height, channels: 3 } });
  if (orientation) image.withMetadata({ orientation });
  return image.jpeg({ quality: 92 }).toBuffer();
}
