/**
 * Pictures an MCP client hands over by URL or as base64. A URL is fetched with a size limit and a
 * time limit, over http or https only, following at most three redirects; every address it leads
 * to is checked as the connection is made (so a name cannot be re-pointed between the check and the
 * fetch), and private, loopback, link-local and other non-public addresses are refused outside the
 * test environment. Refusals are DomainErrors with a sentence the person can act on.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from "node:dns";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP } from "node:net";
import sharp, { type Metadata } from "sharp";
import { DomainError } from "@spike-land/shared/errors";
import { ACCEPTED_FORMATS_TEXT, formatBytes, isAcceptedFormat, MAX_UPLOAD_BYTES, MAX_UPLOAD_PIXELS } from "@spike-land/shared/images/limits";
import { heicToJpeg, isHevcHeif } from "@spike-land/shared/node/images/heic";
import { SECOND_MS } from "@spike-land/shared/time";
import { env } from "../platform/env.server.ts";

const FETCH_TIMEOUT_MS = 20 * SECOND_MS;
const MAX_REDIRECTS = 3;

export class ImageSourceError extends DomainError {
  constructor(message: string, status = 422) {
    super(status, message);
  }
}

/** Addresses a fetch on a person's behalf must never reach: this machine, its networks, and reserved ranges. */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, "ipv6");
}

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  // An IPv4 address written as IPv6 (::ffff:a.b.c.d) is no public DNS answer; it only hides the real one.
  if (family === 6 && /^::ffff:/i.test(address)) return false;
  return !NOT_PUBLIC.check(address, family === 4 ? "ipv4" : "ipv6");
}

const NOT_PUBLIC_MESSAGE = "That URL points to a private or local network address; give a public http or https address.";

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A DNS lookup that fails for names resolving to a non-public address, used by the connection itself. */
export function publicOnlyLookup(hostname: string, options: { all?: boolean; family?: number | string }, callback: LookupCallback): void {
  const all: LookupAllOptions = { all: true, family: typeof options.family === "number" ? options.family : 0 };
  dnsLookup(hostname, all, (error, addresses) => {
    if (error) return callback(error, []);
    if (addresses.length === 0 || addresses.some((entry) => !isPublicAddress(entry.address))) {
      return callback(Object.assign(new Error(NOT_PUBLIC_MESSAGE), { code: "ENOTPUBLIC" }), []);
    }
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

export type FetchOptions = { allowPrivate?: boolean; timeoutMs?: number; maxBytes?: number };
export type FetchedImage = { bytes: Buffer; name: string };

/** The last path segment of a URL, as a file name ("image" when there is none). */
function nameFromUrl(url: URL): string {
  const last = decodeURIComponent(url.pathname.split("/").filter(Boolean).pop() ?? "").trim();
  return last.slice(0, 200) || "image";
}

function checkedUrl(raw: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ImageSourceError("That is not a URL. Give a full http or https address, such as https://example.com/photo.jpg.", 400);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new ImageSourceError("Only http and https URLs can be fetched.", 400);
  if (url.username || url.password) throw new ImageSourceError("Give a URL without a user name or password in it.", 400);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  // A literal address is connected to without a lookup, so it is checked here.
  if (!allowPrivate && isIP(host) !== 0 && !isPublicAddress(host)) throw new ImageSourceError(NOT_PUBLIC_MESSAGE, 400);
  if (!allowPrivate && /^(localhost|.*\.localhost)$/i.test(host)) throw new ImageSourceError(NOT_PUBLIC_MESSAGE, 400);
  return url;
}

type Hop = { redirect: string } | { bytes: Buffer };

function fetchOnce(url: URL, options: Required<FetchOptions>, signal: AbortSignal): Promise<Hop> {
  const client = url.protocol === "https:" ? https : http;
  return new Promise<Hop>((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: "GET",
        headers: { Accept: "image/*", "User-Agent": "SpikeLand-ImageFetch/1.0" },
        signal,
        ...(options.allowPrivate ? {} : { lookup: publicOnlyLookup as unknown as typeof dnsLookup }),
      },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400 && response.headers.location) {
          response.resume();
          resolve({ redirect: new URL(response.headers.location, url).toString() });
          return;
        }
        if (status !== 200) {
          response.resume();
          reject(new ImageSourceError(`The server at that URL answered HTTP ${status}, so there was no image to fetch.`));
          return;
        }
        const declared = Number(response.headers["content-length"] ?? Number.NaN);
        if (declared > options.maxBytes) {
          response.destroy();
          reject(new ImageSourceError(`The image at that URL is ${formatBytes(declared)}; the limit is ${formatBytes(options.maxBytes)}.`, 413));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) {
            response.destroy();
            reject(new ImageSourceError(`The image at that URL is larger than ${formatBytes(options.maxBytes)}, the limit.`, 413));
            return;
          }
          chunks.push(chunk);
        });
        response.on("end", () => resolve({ bytes: Buffer.concat(chunks) }));
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end();
  });
}

/** Fetches a picture from a public URL; see the module comment for the limits. */
export async function fetchImageUrl(raw: string, options: FetchOptions = {}): Promise<FetchedImage> {
  const settings: Required<FetchOptions> = {
    allowPrivate: options.allowPrivate ?? env.APP_ENV === "test",
    timeoutMs: options.timeoutMs ?? FETCH_TIMEOUT_MS,
    maxBytes: options.maxBytes ?? MAX_UPLOAD_BYTES,
  };
  const signal = AbortSignal.timeout(settings.timeoutMs);
  let url = checkedUrl(raw, settings.allowPrivate);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    let answer: Hop;
    try {
      answer = await fetchOnce(url, settings, signal);
    } catch (error) {
      if (error instanceof DomainError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOTPUBLIC") throw new ImageSourceError(NOT_PUBLIC_MESSAGE, 400);
      if (signal.aborted) {
        const seconds = Math.max(1, Math.round(settings.timeoutMs / SECOND_MS));
        throw new ImageSourceError(`The server at that URL did not send the image within ${seconds} second${seconds === 1 ? "" : "s"}.`);
      }
      if (code === "ENOTFOUND" || code === "EAI_AGAIN") throw new ImageSourceError(`The host ${url.hostname} was not found; check the URL.`);
      throw new ImageSourceError(`The image could not be fetched from that URL (${code ?? "connection failed"}).`);
    }
    if ("bytes" in answer) return { bytes: answer.bytes, name: nameFromUrl(url) };
    url = checkedUrl(answer.redirect, settings.allowPrivate);
  }
  throw new ImageSourceError(`That URL redirected more than ${MAX_REDIRECTS} times; give the image's own address.`);
}

/** A picture sent as base64, with or without a `data:image/...;base64,` prefix. */
export function decodeBase64Image(text: string, maxBytes = MAX_UPLOAD_BYTES): Buffer {
  const payload = text.trim().replace(/^data:[\w/+.-]+;base64,/i, "").replace(/\s+/g, "");
  if (payload === "" || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(payload)) throw new ImageSourceError("imageBase64 is not valid base64.", 400);
  // Four characters carry three bytes: refuse before decoding anything that large.
  if (Math.floor((payload.length * 3) / 4) > maxBytes + 2) throw new ImageSourceError(`The image is larger than ${formatBytes(maxBytes)}, the limit.`, 413);
  return Buffer.from(payload, "base64");
}

/**
 * The picture to modify, checked by content as uploads are (an accepted format, within the size
 * and pixel limits); an iPhone HEIC becomes a JPEG, since the engine cannot read it.
 */
export async function checkedPicture(bytes: Buffer, label = "The image"): Promise<{ bytes: Buffer; format: string }> {
  if (bytes.length === 0) throw new ImageSourceError(`${label} is empty.`);
  if (bytes.length > MAX_UPLOAD_BYTES) throw new ImageSourceError(`${label} is ${formatBytes(bytes.length)}; the limit is ${formatBytes(MAX_UPLOAD_BYTES)}.`, 413);
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new ImageSourceError(`${label} is not an image we can read; send ${ACCEPTED_FORMATS_TEXT}.`);
  }
  const format = metadata.format === "heif" && metadata.compression === "av1" ? "avif" : metadata.format;
  if (!isAcceptedFormat(format)) throw new ImageSourceError(`${label} is a ${String(format ?? "unknown").toUpperCase()} file; send ${ACCEPTED_FORMATS_TEXT}.`);
  const pixels = (metadata.width ?? 0) * (metadata.height ?? 0);
  if (pixels === 0) throw new ImageSourceError(`${label} is not an image we can read; send ${ACCEPTED_FORMATS_TEXT}.`);
  if (pixels > MAX_UPLOAD_PIXELS) throw new ImageSourceError(`${label} is ${metadata.width}×${metadata.height}; the limit is ${(MAX_UPLOAD_PIXELS / 1_000_000).toFixed(0)} megapixels.`);
  if (isHevcHeif(metadata)) {
    try {
      return { bytes: await heicToJpeg(bytes), format: "jpeg" };
    } catch {
      throw new ImageSourceError(`${label} is a HEIC photo we could not decode; send it as JPEG.`);
    }
  }
  return { bytes, format: format! };
}
