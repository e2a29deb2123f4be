/**
 * HEIC photos as iPhones take them: HEVC-coded HEIF, which the prebuilt sharp can read the header of
 * but cannot decode (libvips ships without an HEVC decoder). These are decoded here with libheif
 * compiled to WebAssembly (heic-decode) and handed on as a JPEG, so every later step — thumbnails,
 * enhancement, mockups, prints, downloads in any browser — works on a format sharp handles. Used by
 * the server's uploads and by the desktop app, which prepares photos before sending them.
 */
import sharp, { type Metadata } from "sharp";

/** Quality of the JPEG that stands in for the HEIC: high, since it becomes the stored original. */
const JPEG_QUALITY = 95;

/** Whether sharp saw an HEVC-coded HEIF (an AVIF is HEIF too, coded with AV1, and sharp decodes it). */
export function isHevcHeif(metadata: Pick<Metadata, "format" | "compression">): boolean {
  return metadata.format === "heif" && metadata.compression === "hevc";
}

/** heic-decode's one function; the package ships no types. */
type HeicDecode = (input: { buffer: ArrayBufferView | ArrayBuffer }) => Promise<{ width: number; height: number; data: Uint8ClampedArray }>;

let decoder: Promise<HeicDecode> | null = null;

/** The WebAssembly decoder is several megabytes; it is loaded on the first HEIC, not at start-up. */
function loadDecoder(): Promise<HeicDecode> {
  // Widened to string so the type checker does not look for the declarations the package lacks.
  decoder ??= import("heic-decode" as string).then((module: { default: HeicDecode }) => module.default);
  return decoder;
}

/** Raw RGBA pixels of an HEVC HEIC's primary image, turned upright as its transforms say. */
export type DecodedHeic = { data: Buffer; width: number; height: number; channels: 4 };

/** Decodes an HEVC HEIC's primary image to raw RGBA. Throws when the file cannot be decoded. */
export async function decodeHeicPixels(bytes: Buffer): Promise<DecodedHeic> {
  const decode = await loadDecoder();
  const image = await decode({ buffer: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
  return { data: Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), width: image.width, height: image.height, channels: 4 };
}

/**
 * Decodes an HEVC HEIC's primary image (turned upright as its transforms say) to a JPEG without
 * metadata. Throws when the file cannot be decoded.
 */
export async function heicToJpeg(bytes: Buffer): Promise<Buffer> {
  const { data, width, height, channels } = await decodeHeicPixels(bytes);
  return sharp(data, { raw: { width, height, channels } })
    .flatten({ background: "#ffffff" })
    .jpeg({ quality: JPEG_QUALITY })
    .toBuffer();
}
