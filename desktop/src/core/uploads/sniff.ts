/**
 * Tells a photo by its first bytes, not by its name: a folder dropped on the app holds every kind of
 * file, and names lie (a ".jpg" that is really a text file, an iPhone photo renamed to ".jpeg").
 * Recognises the formats the server accepts: JPEG, PNG, WebP, AVIF and HEIC.
 */

export type ImageFormat = "jpeg" | "png" | "webp" | "avif" | "heic";

/** How many bytes of each file to read: enough for every signature and an ftyp box with a dozen brands. */
export const SNIFF_BYTES = 64;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const AVIF_BRANDS = new Set(["avif", "avis"]);
const HEIC_BRANDS = new Set(["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"]);

export function sniffImage(head: Uint8Array): ImageFormat | null {
  if (startsWith(head, 0, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(head, 0, PNG_SIGNATURE)) return "png";
  if (ascii(head, 0, 4) === "RIFF" && ascii(head, 8, 4) === "WEBP") return "webp";
  if (ascii(head, 4, 4) === "ftyp") return heifFormat(head);
  return null;
}

/**
 * AVIF and HEIC share the ISO-BMFF container; the ftyp box names its brands. An AVIF usually lists
 * the generic "mif1" too, so any AV1 brand wins over the HEIF ones.
 */
function heifFormat(head: Uint8Array): ImageFormat | null {
  const boxSize = readUint32(head, 0);
  // Size 0 means "to the end of the file"; either way only what was read can be looked at.
  const end = boxSize === 0 ? head.length : Math.min(boxSize, head.length);
  const brands = [ascii(head, 8, 4)];
  // After the major brand comes a 4-byte minor version, then the compatible brands.
  for (let offset = 16; offset + 4 <= end; offset += 4) brands.push(ascii(head, offset, 4));
  if (brands.some((brand) => AVIF_BRANDS.has(brand))) return "avif";
  if (brands.some((brand) => HEIC_BRANDS.has(brand))) return "heic";
  return null;
}

function startsWith(head: Uint8Array, offset: number, bytes: number[]): boolean {
  if (head.length < offset + bytes.length) return false;
  return bytes.every((byte, i) => head[offset + i] === byte);
}

/** The bytes as Latin-1 text, or "" when the head is too short to hold them. */
function ascii(head: Uint8Array, offset: number, length: number): string {
  if (head.length < offset + length) return "";
  return String.fromCharCode(...head.subarray(offset, offset + length));
}

function readUint32(head: Uint8Array, offset: number): number {
  if (head.length < offset + 4) return 0;
  return ((head[offset]! << 24) | (head[offset + 1]! << 16) | (head[offset + 2]! << 8) | head[offset + 3]!) >>> 0;
}
