/** Reading multipart bodies as browsers and other clients really send them, byte for byte. */
import { describe, expect, it } from "vitest";
import { MultipartError, multipartBoundary, NUL_IN_FILE_NAME, NUL_IN_TEXT, readMultipartForm } from "./multipart.server.ts";

const BOUNDARY = "----formboundary7MA4YWxkTrZu0gW";

/** A raw body: each part is its header lines and its content. */
function rawBody(parts: Array<{ headers: string[]; content: string | Buffer }>, boundary = BOUNDARY): Buffer {
  const pieces: Buffer[] = [Buffer.from("preamble to ignore\r\n")];
  for (const part of parts) {
    pieces.push(Buffer.from(`--${boundary}\r\n${part.headers.join("\r\n")}\r\n\r\n`), Buffer.from(part.content), Buffer.from("\r\n"));
  }
  pieces.push(Buffer.from(`--${boundary}--\r\nepilogue`));
  return Buffer.concat(pieces);
}

/** Sends the body in small pieces so that boundaries fall across chunks. */
function request(body: Buffer, contentType = `multipart/form-data; boundary=${BOUNDARY}`, chunkSize = 7): Request {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let at = 0; at < body.length; at += chunkSize) controller.enqueue(new Uint8Array(body.subarray(at, at + chunkSize)));
      controller.close();
    },
  });
  return new Request("http://localhost/upload", { method: "POST", headers: { "Content-Type": contentType }, body: stream, duplex: "half" } as RequestInit);
}

const filePart = (disposition: string, content: string | Buffer = "bytes") => ({ headers: [`Content-Disposition: ${disposition}`, "Content-Type: image/jpeg"], content });

async function refusal(promise: Promise<unknown>): Promise<MultipartError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(MultipartError);
  return error as MultipartError;
}

describe("file names", () => {
  it.each([
    ['form-data; name="file"; filename="a=b;c.jpg"', "a=b;c.jpg"],
    ['form-data; name="file"; filename="  summer; at the lake = best .jpg"', "summer; at the lake = best .jpg"],
    ['form-data; name="file"; filename="Zoë in Köln — 東京.jpg"', "Zoë in Köln — 東京.jpg"],
    ['form-data; name="file"; filename="say %22cheese%22.jpg"', 'say "cheese".jpg'],
    ['form-data; name="file"; filename="say \\"cheese\\".jpg"', 'say "cheese".jpg'],
    ['form-data; name="file"; filename="C:\\\\Users\\\\me\\\\holiday.jpg"', "holiday.jpg"],
    ['form-data; name="file"; filename="../../etc/passwd.jpg"', "passwd.jpg"],
    ["form-data; name=file; filename=plain name.jpg", "plain name.jpg"],
    ["form-data; name=file; filename=a=b;c.jpg", "a=b;c.jpg"],
    ['form-data; name="file"; filename="fallback.jpg"; filename*=UTF-8\'\'%E2%82%AC%20rates%3B%20q%3D1.jpg', "€ rates; q=1.jpg"],
    ["form-data; filename*=iso-8859-1'en'caf%E9.jpg; name=\"file\"", "café.jpg"],
    ['form-data; name="file"; filename="e\u0301te\u0301.jpg"', "été.jpg"],
    ['form-data; name="file"; filename="tab\there.jpg"', "tabhere.jpg"],
  ])("reads %s as %s", async (disposition, expected) => {
    const form = await readMultipartForm(request(rawBody([filePart(disposition)])), { maxFileBytes: 100 });
    const file = form.get("file");
    expect(file).toBeInstanceOf(File);
    expect((file as File).name).toBe(expected);
    expect((file as File).type).toBe("image/jpeg");
    expect(await (file as File).text()).toBe("bytes");
  });

  it("keeps text fields and several files in order, with binary content intact", async () => {
    const binary = Buffer.from([0, 13, 10, 45, 45, 255, 0, 13, 10]);
    const body = rawBody([
      { headers: ['Content-Disposition: form-data; name="note"'], content: "Grüße; a=b\r\nsecond line" },
      filePart('form-data; name="file"; filename="one;1.jpg"', binary),
      filePart('form-data; name="file"; filename="two=2.jpg"'),
      filePart('form-data; name="empty"; filename=""', ""),
    ]);
    const form = await readMultipartForm(request(body, `multipart/form-data; charset=utf-8; boundary="${BOUNDARY}"`, 3), { maxFileBytes: 100 });
    expect(form.get("note")).toBe("Grüße; a=b\r\nsecond line");
    const files = form.getAll("file") as File[];
    expect(files.map((file) => file.name)).toEqual(["one;1.jpg", "two=2.jpg"]);
    expect(Buffer.from(await files[0]!.arrayBuffer())).toEqual(binary);
    expect(form.get("empty")).toMatchObject({ name: "", size: 0 });
  });

  it("reads what Node's own FormData sends", async () => {
    const sent = new FormData();
    sent.append("caption", "x=1; y=2");
    sent.append("file", new File(["bytes"], 'my "best" a=b;c.jpg', { type: "image/png" }));
    const form = await readMultipartForm(new Request("http://localhost/upload", { method: "POST", body: sent }), { maxFileBytes: 100 });
    expect(form.get("caption")).toBe("x=1; y=2");
    expect((form.get("file") as File).name).toBe('my "best" a=b;c.jpg');
  });
});

describe("refusals", () => {
  it("refuses NUL characters in text, field names and file names with a clear message", async () => {
    const text = await refusal(readMultipartForm(request(rawBody([{ headers: ['Content-Disposition: form-data; name="note"'], content: "a\0b" }])), { maxFileBytes: 100 }));
    expect(text).toMatchObject({ status: 400, message: NUL_IN_TEXT });
    const field = await refusal(readMultipartForm(request(rawBody([{ headers: ['Content-Disposition: form-data; name="no\0te"'], content: "ab" }])), { maxFileBytes: 100 }));
    expect(field).toMatchObject({ status: 400, message: NUL_IN_TEXT });
    const name = await refusal(readMultipartForm(request(rawBody([filePart('form-data; name="file"; filename="a\0b.jpg"')])), { maxFileBytes: 100 }));
    expect(name).toMatchObject({ status: 400, message: NUL_IN_FILE_NAME });
    const encoded = await refusal(readMultipartForm(request(rawBody([filePart("form-data; name=\"file\"; filename*=UTF-8''a%00b.jpg")])), { maxFileBytes: 100 }));
    expect(encoded).toMatchObject({ status: 400, message: NUL_IN_FILE_NAME });
    expect(NUL_IN_TEXT).toBe("Text can't contain NUL characters. Remove them and send the form again.");
  });

  it("stops a file one byte over the limit with 413, and a text field over its own limit", async () => {
    const file = await refusal(readMultipartForm(request(rawBody([filePart('form-data; name="file"; filename="big.jpg"', Buffer.alloc(101))])), { maxFileBytes: 100 }));
    expect(file).toMatchObject({ status: 413, problem: "file_too_large" });
    const fits = await readMultipartForm(request(rawBody([filePart('form-data; name="file"; filename="big.jpg"', Buffer.alloc(100))])), { maxFileBytes: 100 });
    expect((fits.get("file") as File).size).toBe(100);
    const field = await refusal(
      readMultipartForm(request(rawBody([{ headers: ['Content-Disposition: form-data; name="note"'], content: "x".repeat(11) }])), { maxFileBytes: 100, maxFieldBytes: 10 }),
    );
    expect(field).toMatchObject({ status: 413, problem: "field_too_large" });
  });

  it("refuses a body cut short, a part without a name and a missing boundary as unreadable", async () => {
    const whole = rawBody([filePart('form-data; name="file"; filename="a.jpg"')]);
    expect(await refusal(readMultipartForm(request(whole.subarray(0, whole.length - 20)), { maxFileBytes: 100 }))).toMatchObject({ status: 400 });
    expect(await refusal(readMultipartForm(request(rawBody([filePart('form-data; filename="a.jpg"')])), { maxFileBytes: 100 }))).toMatchObject({ status: 400 });
    expect(await refusal(readMultipartForm(request(whole, "multipart/form-data"), { maxFileBytes: 100 }))).toMatchObject({
      status: 400,
      message: "The form could not be read. Send it again as multipart/form-data.",
    });
  });

  it("finds the boundary however the Content-Type is written", () => {
    expect(multipartBoundary("multipart/form-data; boundary=abc")).toBe("abc");
    expect(multipartBoundary('Multipart/Form-Data;charset=utf-8;BOUNDARY="a b;c"')).toBe("a b;c");
    expect(multipartBoundary("application/x-www-form-urlencoded")).toBeNull();
    expect(multipartBoundary(null)).toBeNull();
  });
});
