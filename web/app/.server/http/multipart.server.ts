/**
 * Reads a multipart/form-data body into FormData, with limits per file and per text field. It exists
 * because the parser Remix ships splits Content-Disposition on every `;` and `=`, so one file named
 * `a=b;c.jpg` failed the whole form. Here the header is read as RFC 7578 / HTML describe it: quoted
 * file names may hold `;`, `=`, spaces and any Unicode; RFC 5987 `filename*` wins over `filename`.
 * Text (values, field names, file names) may not contain NUL characters, which PostgreSQL cannot store.
 */
import { formatBytes } from "@spike-land/shared/images/limits";
import { DomainError } from "@spike-land/shared/errors";

export type MultipartProblem = "file_too_large" | "field_too_large" | "invalid";

export class MultipartError extends DomainError {
  constructor(
    readonly problem: MultipartProblem,
    message: string,
  ) {
    super(problem === "invalid" ? 400 : 413, message);
  }
}

export type MultipartLimits = {
  /** Bytes per file part; one byte more fails the form with `file_too_large`. */
  maxFileBytes: number;
  /** Bytes per text field. */
  maxFieldBytes?: number;
};

export const NUL_IN_TEXT = "Text can't contain NUL characters. Remove them and send the form again.";
export const NUL_IN_FILE_NAME = "File names can't contain NUL characters. Rename the file and upload it again.";
const UNREADABLE = "The form could not be read. Send it again as multipart/form-data.";
const DEFAULT_MAX_FIELD_BYTES = 100 * 1024;
const MAX_HEADER_BYTES = 16 * 1024;
const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
/** What may follow the end of a parameter value: another `name=` or the end of the header. */
const PARAMETER_END = new RegExp(`^\\s*(?:;\\s*${TOKEN}\\s*=|;?\\s*$)`);

/** The boundary of a `multipart/form-data` Content-Type, or null when it is another type or has none. */
export function multipartBoundary(contentType: string | null): string | null {
  if (!contentType) return null;
  const [type, ...rest] = splitParameters(contentType);
  if (type?.trim().toLowerCase() !== "multipart/form-data") return null;
  const boundary = rest.find(([key]) => key === "boundary")?.[1];
  return boundary && boundary.length <= 200 ? boundary : null;
}

/**
 * `type; a=1; b="x;y"` as ["type", [["a","1"], ["b","x;y"]]]. Names are lower-cased. Lenient about
 * what browsers and older clients actually send: a quote or `;` inside a value only ends it when what
 * follows looks like the next parameter or the end.
 */
function splitParameters(header: string): [string | undefined, ...Array<[string, string]>] {
  const firstSemicolon = header.indexOf(";");
  const type = firstSemicolon === -1 ? header : header.slice(0, firstSemicolon);
  const parameters: Array<[string, string]> = [];
  let at = firstSemicolon === -1 ? header.length : firstSemicolon;
  while (at < header.length) {
    while (at < header.length && (header[at] === ";" || header[at] === " " || header[at] === "\t")) at += 1;
    const equals = header.indexOf("=", at);
    const nextSemicolon = header.indexOf(";", at);
    if (equals === -1 || (nextSemicolon !== -1 && nextSemicolon < equals)) {
      // A bare word without a value: skip it.
      at = nextSemicolon === -1 ? header.length : nextSemicolon;
      continue;
    }
    const key = header.slice(at, equals).trim().toLowerCase();
    at = equals + 1;
    while (header[at] === " " || header[at] === "\t") at += 1;
    let value = "";
    if (header[at] === '"') {
      at += 1;
      let closed = false;
      while (at < header.length) {
        const char = header[at]!;
        if (char === "\\" && (header[at + 1] === '"' || header[at + 1] === "\\")) {
          value += header[at + 1];
          at += 2;
          continue;
        }
        if (char === '"' && PARAMETER_END.test(header.slice(at + 1))) {
          at += 1;
          closed = true;
          break;
        }
        value += char;
        at += 1;
      }
      if (!closed) at = header.length;
    } else {
      let end = at;
      while (end < header.length && !(header[end] === ";" && PARAMETER_END.test(header.slice(end)))) end += 1;
      value = header.slice(at, end).trim();
      at = end;
    }
    if (key && !parameters.some(([existing]) => existing === key)) parameters.push([key, value]);
  }
  return [type, ...parameters];
}

/** RFC 5987 `charset'language'percent-encoded`; null for a charset we do not know. */
function decodeExtendedValue(value: string): string | null {
  const match = /^([^']*)'[^']*'(.*)$/s.exec(value);
  if (!match) return null;
  const charset = match[1]!.toLowerCase();
  const encoding = charset === "utf-8" || charset === "utf8" ? "utf-8" : charset === "iso-8859-1" || charset === "latin1" ? "latin1" : null;
  if (!encoding) return null;
  const bytes: number[] = [];
  const text = match[2]!;
  for (let at = 0; at < text.length; at += 1) {
    const hex = text.slice(at + 1, at + 3);
    if (text[at] === "%" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      at += 2;
    } else {
      bytes.push(...Buffer.from(text[at]!, "utf8"));
    }
  }
  return Buffer.from(bytes).toString(encoding);
}

type PartHeaders = { name: string; filename: string | null; contentType: string };

function parsePartHeaders(block: string): PartHeaders {
  // Folded lines (a continuation starts with white space) belong to the header above.
  const lines = block.split("\r\n").reduce<string[]>((joined, line) => {
    if (/^[ \t]/.test(line) && joined.length > 0) joined[joined.length - 1] += ` ${line.trim()}`;
    else if (line) joined.push(line);
    return joined;
  }, []);
  let disposition: string | null = null;
  let contentType = "application/octet-stream";
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon === -1) throw new MultipartError("invalid", UNREADABLE);
    const header = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (header === "content-disposition") disposition = value;
    else if (header === "content-type" && value) contentType = value;
  }
  if (!disposition) throw new MultipartError("invalid", UNREADABLE);
  const [type, ...parameters] = splitParameters(disposition);
  if (type?.trim().toLowerCase() !== "form-data") throw new MultipartError("invalid", UNREADABLE);
  const get = (key: string) => parameters.find(([existing]) => existing === key)?.[1];
  const name = get("name");
  if (name === undefined) throw new MultipartError("invalid", UNREADABLE);
  if (name.includes("\0")) throw new MultipartError("invalid", NUL_IN_TEXT);
  const extended = get("filename*");
  const plain = get("filename");
  let filename = (extended !== undefined ? decodeExtendedValue(extended) : null) ?? (plain !== undefined ? plain.replace(/%22/g, '"') : null);
  if (filename !== null) {
    if (filename.includes("\0")) throw new MultipartError("invalid", NUL_IN_FILE_NAME);
    // Only the last path segment is the file's name (RFC 7578 §4.2); macOS sends decomposed accents.
    filename = (filename.split(/[/\\]/).pop() ?? "")
      .normalize("NFC")
      .replace(/[\u0001-\u001f\u007f]/g, "")
      .trim();
  }
  return { name, filename, contentType };
}

/** Reads the request body as multipart/form-data; throws MultipartError for anything it refuses. */
export async function readMultipartForm(request: Request, limits: MultipartLimits): Promise<FormData> {
  const boundary = multipartBoundary(request.headers.get("Content-Type"));
  if (!boundary || !request.body) throw new MultipartError("invalid", UNREADABLE);
  const maxFieldBytes = limits.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES;
  // A CRLF in front lets the first boundary be found the same way as the others.
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const reader = request.body.getReader();
  const form = new FormData();
  let buffer: Buffer = Buffer.from(CRLF);
  let ended = false;

  const more = async (): Promise<void> => {
    if (ended) throw new MultipartError("invalid", UNREADABLE);
    const { done, value } = await reader.read();
    if (done) ended = true;
    else buffer = Buffer.concat([buffer, value]);
  };

  try {
    // Anything before the first boundary is a preamble to ignore.
    for (;;) {
      const at = buffer.indexOf(delimiter);
      if (at !== -1) {
        buffer = buffer.subarray(at + delimiter.length);
        break;
      }
      buffer = buffer.subarray(Math.max(0, buffer.length - delimiter.length));
      await more();
    }
    for (;;) {
      while (buffer.length < 2) await more();
      if (buffer[0] === 0x2d && buffer[1] === 0x2d) break; // "--": the closing boundary.
      // Transport padding may sit between the boundary and its line end.
      let start = 0;
      for (;;) {
        while (start < buffer.length && (buffer[start] === 0x20 || buffer[start] === 0x09)) start += 1;
        if (start < buffer.length || buffer.length > MAX_HEADER_BYTES) break;
        await more();
      }
      buffer = buffer.subarray(start);
      let headerEnd = buffer.indexOf(HEADER_END);
      while (headerEnd === -1) {
        if (buffer.length > MAX_HEADER_BYTES) throw new MultipartError("invalid", UNREADABLE);
        await more();
        headerEnd = buffer.indexOf(HEADER_END);
      }
      if (buffer.indexOf(CRLF) !== 0) throw new MultipartError("invalid", UNREADABLE);
      const headers = parsePartHeaders(buffer.subarray(2, headerEnd).toString("utf8"));
      buffer = buffer.subarray(headerEnd + HEADER_END.length);

      const isFile = headers.filename !== null;
      const limit = isFile ? limits.maxFileBytes : maxFieldBytes;
      const chunks: Buffer[] = [];
      let size = 0;
      const keep = (bytes: Buffer) => {
        size += bytes.length;
        if (size > limit) {
          throw isFile
            ? new MultipartError("file_too_large", `A file is larger than ${formatBytes(limit)}, the limit per file.`)
            : new MultipartError("field_too_large", "A form field is too long. Shorten the text and send the form again.");
        }
        if (bytes.length > 0) chunks.push(bytes);
      };
      for (;;) {
        const at = buffer.indexOf(delimiter);
        if (at !== -1) {
          keep(buffer.subarray(0, at));
          buffer = buffer.subarray(at + delimiter.length);
          break;
        }
        // The tail might be the start of the boundary: keep it until the next chunk tells.
        const safe = buffer.length - (delimiter.length - 1);
        if (safe > 0) {
          keep(buffer.subarray(0, safe));
          buffer = buffer.subarray(safe);
        }
        await more();
      }
      const body = Buffer.concat(chunks);
      if (isFile) {
        form.append(headers.name, new File([body], headers.filename ?? "", { type: headers.contentType }));
      } else {
        const text = body.toString("utf8");
        if (text.includes("\0")) throw new MultipartError("invalid", NUL_IN_TEXT);
        form.append(headers.name, text);
      }
    }
  } finally {
    // Whatever follows the closing boundary (or a refused part) is not read.
    await reader.cancel().catch(() => undefined);
  }
  return form;
}
