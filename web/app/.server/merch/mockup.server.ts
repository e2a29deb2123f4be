/**
 * Product mockups composed with sharp: the product drawn as SVG (a lustre print on a wall, a wrapped
 * canvas, a t-shirt in the variant's colour) and the photo fitted into its print area — cropped to fill
 * a print or canvas, whole inside a shirt's chest area — returned as WebP. A drawn demo landscape
 * stands in for the photo when nobody is signed in.
 */
import sharp, { type OverlayOptions } from "sharp";
import { MAX_UPLOAD_PIXELS } from "@spike-land/shared/images/limits";

export type MockupKind = "print" | "canvas" | "tshirt";

export const MOCKUP_SIZE = 800;

const KIND_OF_CATEGORY: Record<string, MockupKind> = { prints: "print", canvas: "canvas", apparel: "tshirt" };

/** The drawing for a product: its `mockupTemplate` when it names one, else by category. */
export function mockupKind(product: { categorySlug: string; mockupTemplate?: string | null }): MockupKind {
  const template = product.mockupTemplate?.trim().toLowerCase();
  if (template === "print" || template === "canvas" || template === "tshirt") return template;
  return KIND_OF_CATEGORY[product.categorySlug] ?? "print";
}

/** Width ÷ height of the printed piece: a "30x40" size attribute, else the product's print area, else 3:4. */
export function printAspect(product: { printAreaWidth?: number | null; printAreaHeight?: number | null }, attributes: Record<string, string> = {}): number {
  const size = /^(\d+)x(\d+)$/.exec(attributes.size ?? "");
  if (size) return Number(size[1]) / Number(size[2]);
  if (product.printAreaWidth && product.printAreaHeight) return product.printAreaWidth / product.printAreaHeight;
  return 3 / 4;
}

const SHIRT_COLOURS: Record<string, { fill: string; stroke: string }> = {
  black: { fill: "#1e293b", stroke: "#0f172a" },
  white: { fill: "#f8fafc", stroke: "#cbd5e1" },
};

type Box = { left: number; top: number; width: number; height: number };

/** The largest box of `aspect` inside `max` × `max`, centred on the canvas (nudged up by `lift`). */
function centredBox(aspect: number, max: number, lift = 0): Box {
  const width = Math.round(aspect >= 1 ? max : max * aspect);
  const height = Math.round(aspect >= 1 ? max / aspect : max);
  return { left: Math.round((MOCKUP_SIZE - width) / 2), top: Math.round((MOCKUP_SIZE - height) / 2) - lift, width, height };
}

function wall(extra: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${MOCKUP_SIZE}" height="${MOCKUP_SIZE}">
  <defs>
    <linearGradient id="wall" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#f1f5f9"/><stop offset="1" stop-color="#e2e8f0"/></linearGradient>
    <filter id="shadow" x="-20%" y="-20%" width="140%" height="140%"><feDropShadow dx="0" dy="14" stdDeviation="14" flood-color="#0f172a" flood-opacity="0.28"/></filter>
  </defs>
  <rect width="100%" height="100%" fill="url(#wall)"/>
  ${extra}
</svg>`;
}

/** The layers of one mockup: the drawing under the photo, where the photo goes and how it fits, and any drawing over it. */
function layout(kind: MockupKind, aspect: number, colour: string | undefined): { base: string; area: Box; fit: "cover" | "contain"; overlay?: string } {
  if (kind === "tshirt") {
    const shirt = SHIRT_COLOURS[colour ?? ""] ?? { fill: "#94a3b8", stroke: "#64748b" };
    const area: Box = { left: 290, top: 215, width: 220, height: 290 };
    const base = `<svg xmlns="http://www.w3.org/2000/svg" width="${MOCKUP_SIZE}" height="${MOCKUP_SIZE}">
  <defs><filter id="shadow" x="-20%" y="-20%" width="140%" height="140%"><feDropShadow dx="0" dy="10" stdDeviation="12" flood-color="#0f172a" flood-opacity="0.25"/></filter></defs>
  <rect width="100%" height="100%" fill="#e2e8f0"/>
  <path filter="url(#shadow)" d="M 262 110 L 335 86 Q 400 150 465 86 L 538 110 L 700 212 L 640 330 L 576 298 L 576 730 L 224 730 L 224 298 L 160 330 L 100 212 Z" fill="${shirt.fill}" stroke="${shirt.stroke}" stroke-width="3" stroke-linejoin="round"/>
  <path d="M 335 86 Q 400 150 465 86" fill="none" stroke="${shirt.stroke}" stroke-width="8" stroke-linecap="round"/>
</svg>`;
    return { base, area, fit: "contain" };
  }
  if (kind === "canvas") {
    const area = centredBox(aspect, 540, 10);
    const depth = 16;
    const base = wall(`<g filter="url(#shadow)">
    <rect x="${area.left}" y="${area.top}" width="${area.width + depth}" height="${area.height + depth}" fill="#334155"/>
  </g>
  <polygon points="${area.left + area.width},${area.top} ${area.left + area.width + depth},${area.top + depth} ${area.left + area.width + depth},${area.top + area.height + depth} ${area.left + area.width},${area.top + area.height}" fill="#475569"/>
  <polygon points="${area.left},${area.top + area.height} ${area.left + area.width},${area.top + area.height} ${area.left + area.width + depth},${area.top + area.height + depth} ${area.left + depth},${area.top + area.height + depth}" fill="#1e293b"/>`);
    return { base, area, fit: "cover" };
  }
  const paper = centredBox(aspect, 560);
  const margin = Math.round(Math.min(paper.width, paper.height) * 0.05);
  const area: Box = { left: paper.left + margin, top: paper.top + margin, width: paper.width - 2 * margin, height: paper.height - 2 * margin };
  const base = wall(`<rect filter="url(#shadow)" x="${paper.left}" y="${paper.top}" width="${paper.width}" height="${paper.height}" fill="#ffffff"/>`);
  // The lustre sheen: a faint diagonal light across the photo.
  const overlay = `<svg xmlns="http://www.w3.org/2000/svg" width="${area.width}" height="${area.height}">
  <defs><linearGradient id="sheen" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#ffffff" stop-opacity="0.18"/><stop offset="0.45" stop-color="#ffffff" stop-opacity="0"/></linearGradient></defs>
  <rect width="100%" height="100%" fill="url(#sheen)"/>
</svg>`;
  return { base, area, fit: "cover", overlay };
}

/** The photo's upright size (EXIF orientations 5–8 swap width and height). */
async function uprightSize(photo: Buffer): Promise<{ width: number; height: number }> {
  const metadata = await sharp(photo, { limitInputPixels: MAX_UPLOAD_PIXELS }).metadata();
  const swapped = (metadata.orientation ?? 1) >= 5;
  const width = metadata.width ?? 1;
  const height = metadata.height ?? 1;
  return swapped ? { width: height, height: width } : { width, height };
}

export type MockupOptions = {
  kind: MockupKind;
  /** Width ÷ height of the product in portrait; prints and canvases turn to match a landscape photo. */
  aspect: number;
  /** The variant's colour attribute, for apparel. */
  colour?: string | undefined;
};

/** The photo on the product, as an 800 × 800 WebP. */
export async function composeMockup(photo: Buffer, options: MockupOptions): Promise<Buffer> {
  const size = await uprightSize(photo);
  const portrait = options.aspect <= 1 ? options.aspect : 1 / options.aspect;
  const aspect = options.kind !== "tshirt" && size.width > size.height ? 1 / portrait : portrait;
  const { base, area, fit, overlay } = layout(options.kind, aspect, options.colour);
  const fitted = await sharp(photo, { limitInputPixels: MAX_UPLOAD_PIXELS })
    .rotate()
    // "contain" pads with transparency, so the whole photo sits at the top of a shirt's chest area.
    .resize(area.width, area.height, { fit, position: fit === "contain" ? "north" : "centre", background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .png()
    .toBuffer();
  const layers: OverlayOptions[] = [{ input: fitted, left: area.left, top: area.top }];
  if (overlay) layers.push({ input: Buffer.from(overlay), left: area.left, top: area.top });
  return sharp(Buffer.from(base)).composite(layers).webp({ quality: 82 }).toBuffer();
}

let demoPicture: Promise<Buffer> | null = null;

/** A drawn landscape (sky, sun, hills, lake) standing in for a photo on pages seen signed out. */
export function samplePhoto(): Promise<Buffer> {
  demoPicture ??= sharp(
    Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="900">
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#1e3a8a"/><stop offset="0.55" stop-color="#f97316"/><stop offset="1" stop-color="#fde68a"/></linearGradient>
    <linearGradient id="lake" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#fb923c"/><stop offset="1" stop-color="#1e3a8a"/></linearGradient>
  </defs>
  <rect width="1200" height="900" fill="url(#sky)"/>
  <circle cx="820" cy="470" r="90" fill="#fef3c7" opacity="0.95"/>
  <path d="M0 560 L180 380 L330 520 L520 300 L760 560 L940 420 L1200 590 L1200 900 L0 900 Z" fill="#312e81"/>
  <path d="M0 640 L260 500 L480 620 L700 520 L1000 650 L1200 600 L1200 900 L0 900 Z" fill="#1e1b4b"/>
  <rect y="700" width="1200" height="200" fill="url(#lake)" opacity="0.85"/>
  <rect x="700" y="720" width="240" height="6" fill="#fef3c7" opacity="0.7"/>
  <rect x="740" y="745" width="160" height="5" fill="#fef3c7" opacity="0.5"/>
</svg>`),
  )
    .jpeg({ quality: 88 })
    .toBuffer();
  return demoPicture;
}
