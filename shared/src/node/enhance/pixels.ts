/**
 * Measurements on small raw RGB copies (the ≤ 512 px analysis proxy): tone histogram, channel
 * means, Laplacian sharpness and Immerkær noise. Plain loops over typed arrays, a few ms per image.
 */

/** Interleaved 8-bit RGB pixels. */
export type RawImage = { data: Uint8Array; width: number; height: number; channels: number };
export type Region = { left: number; top: number; width: number; height: number };

/** Rec. 709 luma of the pixel at byte offset `i`. */
function lumaAt(img: RawImage, i: number): number {
  const d = img.data;
  return 0.2126 * d[i]! + 0.7152 * d[i + 1]! + 0.0722 * d[i + 2]!;
}

export type ToneStats = {
  mean: number;
  median: number;
  low: number;
  high: number;
  stdev: number;
  /** Channel means over mid-tone pixels (clipped shadows and highlights say nothing about colour). */
  red: number;
  green: number;
  blue: number;
};

function percentile(histogram: Uint32Array, total: number, share: number): number {
  const target = total * share;
  let seen = 0;
  for (let v = 0; v < histogram.length; v++) {
    seen += histogram[v]!;
    if (seen >= target) return v;
  }
  return histogram.length - 1;
}

export function measureTones(img: RawImage, r: Region): ToneStats {
  const histogram = new Uint32Array(256);
  let sum = 0;
  let sumSq = 0;
  const channelSums = [0, 0, 0];
  let midCount = 0;
  for (let y = r.top; y < r.top + r.height; y++) {
    for (let x = r.left; x < r.left + r.width; x++) {
      const i = (y * img.width + x) * img.channels;
      const l = lumaAt(img, i);
      histogram[Math.round(l)]!++;
      sum += l;
      sumSq += l * l;
      const r = img.data[i]!;
      const g = img.data[i + 1]!;
      const b = img.data[i + 2]!;
      if (l >= 16 && l <= 240) {
        channelSums[0]! += r;
        channelSums[1]! += g;
        channelSums[2]! += b;
        midCount++;
      }
    }
  }
  const n = r.width * r.height;
  const mean = sum / n;
  const channel = (c: number) => (midCount > 0 ? channelSums[c]! / midCount : mean);
  return {
    mean,
    median: percentile(histogram, n, 0.5),
    low: percentile(histogram, n, 0.005),
    high: percentile(histogram, n, 0.995),
    stdev: Math.sqrt(Math.max(0, sumSq / n - mean * mean)),
    red: channel(0),
    green: channel(1),
    blue: channel(2),
  };
}

function lumaPlane(img: RawImage, r: Region): Float32Array {
  const plane = new Float32Array(r.width * r.height);
  for (let y = 0; y < r.height; y++) {
    for (let x = 0; x < r.width; x++) plane[y * r.width + x] = lumaAt(img, ((y + r.top) * img.width + x + r.left) * img.channels);
  }
  return plane;
}

/**
 * Sharpness as the variance of the 4-neighbour Laplacian, and noise as Immerkær's estimate made
 * robust with the median: the mask [1 -2 1; -2 4 -2; 1 -2 1] cancels smooth structure, so on noise
 * alone it has standard deviation 6σ, and the median ignores the minority of pixels on edges.
 */
export function measureDetail(img: RawImage, r: Region): { sharpness: number; noise: number } {
  const w = r.width;
  const h = r.height;
  if (w < 3 || h < 3) return { sharpness: 0, noise: 0 };
  const p = lumaPlane(img, r);
  const residuals = new Uint32Array(4096);
  let lapSum = 0;
  let lapSumSq = 0;
  let n = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const c = y * w + x;
      const up = p[c - w]!;
      const down = p[c + w]!;
      const left = p[c - 1]!;
      const right = p[c + 1]!;
      const lap = up + down + left + right - 4 * p[c]!;
      lapSum += lap;
      lapSumSq += lap * lap;
      const corners = p[c - w - 1]! + p[c - w + 1]! + p[c + w - 1]! + p[c + w + 1]!;
      const m = corners - 2 * (up + down + left + right) + 4 * p[c]!;
      residuals[Math.min(4095, Math.round(Math.abs(m)))]!++;
      n++;
    }
  }
  const lapMean = lapSum / n;
  const medianResidual = percentile(residuals, n, 0.5);
  return { sharpness: Math.max(0, lapSumSq / n - lapMean * lapMean), noise: medianResidual / (0.6745 * 6) };
}
