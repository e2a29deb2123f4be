/**
 * Signed file URLs of the embedded object storage: GET serves an object (with Range support) and PUT
 * stores an upload, each only with a valid, unexpired signature. With S3 configured this route is
 * unused (signed URLs point at the bucket) and answers 404.
 */
import { createReadableStreamFromReadable, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { localObjectStorage } from "../.server/providers/storage/index.server.ts";
import { limitedBody, MAX_LOCAL_UPLOAD_BYTES, type SignatureCheck, UploadTooLargeError } from "../.server/providers/storage/local.server.ts";
import { attachmentDisposition, isValidObjectKey, ObjectRangeError, type ByteRange } from "../.server/providers/storage/types.ts";

const TEXT = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" };

function problem(status: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(message, { status, headers: { ...TEXT, ...headers } });
}

function refused(check: Exclude<SignatureCheck, { ok: true }>, action: "download" | "upload"): Response {
  if (check.reason === "expired") return problem(403, `This ${action} link has expired. Go back to the page you came from to get a fresh link.`);
  return problem(403, `This ${action} link is not valid. Check that you copied the whole link, or go back to get a fresh one.`);
}

function storageAndKey(params: LoaderFunctionArgs["params"]) {
  const storage = localObjectStorage();
  if (!storage) throw problem(404, "Not found");
  const key = params["*"] ?? "";
  if (!isValidObjectKey(key)) throw problem(400, "That file address is not valid.");
  return { storage, key };
}

/** A single `bytes=` range; null means "send the whole file" (no header, or a form we do not serve). */
function parseRange(header: string | null): ByteRange | "unsatisfiable" | null {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match) return null;
  const [, start, end] = match;
  if (start === "" && end === "") return null;
  if (start === "") return Number(end) === 0 ? "unsatisfiable" : { start: -Number(end) }; // suffix: the last N bytes
  if (end !== "" && Number(end) < Number(start)) return "unsatisfiable";
  return end === "" ? { start: Number(start) } : { start: Number(start), end: Number(end) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { storage, key } = storageAndKey(params);
  const check = storage.verifySignedGet(key, new URL(request.url).searchParams);
  if (!check.ok) return refused(check, "download");

  let range = parseRange(request.headers.get("Range"));
  if (range !== null && range !== "unsatisfiable" && range.start < 0) {
    const info = await storage.head(key);
    if (!info) return problem(404, "This file no longer exists.");
    range = info.size === 0 ? "unsatisfiable" : { start: Math.max(0, info.size + range.start) };
  }
  let object;
  try {
    if (range === "unsatisfiable") {
      const info = await storage.head(key);
      throw new ObjectRangeError(info?.size ?? 0);
    }
    object = await storage.getStream(key, range ?? undefined);
  } catch (error) {
    if (error instanceof ObjectRangeError) return problem(416, "The requested range is outside the file.", { "Content-Range": `bytes */${error.size}` });
    throw error;
  }
  if (!object) return problem(404, "This file no longer exists.");

  const headers = new Headers({
    "Content-Type": object.contentType,
    "Content-Length": String(object.range ? object.range.end - object.range.start + 1 : object.size),
    "Cache-Control": "private",
    "Accept-Ranges": "bytes",
    "X-Content-Type-Options": "nosniff",
    // Uploaded files are served from the app's own origin: never let one run as a page (HTML, SVG).
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox",
  });
  if (check.downloadName) headers.set("Content-Disposition", attachmentDisposition(check.downloadName));
  if (object.range) headers.set("Content-Range", `bytes ${object.range.start}-${object.range.end}/${object.size}`);
  if (request.method === "HEAD") {
    object.body.destroy();
    return new Response(null, { status: object.range ? 206 : 200, headers });
  }
  return new Response(createReadableStreamFromReadable(object.body), { status: object.range ? 206 : 200, headers });
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "PUT") return problem(405, "Use PUT to upload a file.", { Allow: "GET, HEAD, PUT" });
  const { storage, key } = storageAndKey(params);
  const contentType = request.headers.get("Content-Type") ?? "";
  const check = storage.verifySignedPut(key, new URL(request.url).searchParams, contentType);
  if (!check.ok) return refused(check, "upload");
  const tooLarge = problem(413, `This file is larger than ${MAX_LOCAL_UPLOAD_BYTES / 1024 / 1024} MB. Choose a smaller file.`);
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_LOCAL_UPLOAD_BYTES) return tooLarge;
  if (!request.body) return problem(400, "The upload has no body.");
  try {
    await storage.put(key, limitedBody(request.body, MAX_LOCAL_UPLOAD_BYTES), { contentType });
  } catch (error) {
    if (error instanceof UploadTooLargeError) return tooLarge;
    throw error;
  }
  return new Response(null, { status: 200, headers: { "Cache-Control": "no-store" } });
}
