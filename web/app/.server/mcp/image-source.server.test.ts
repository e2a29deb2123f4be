/**
 * Pictures handed over by URL or base64: only public http(s) addresses (checked for literal
 * addresses, names and every redirect), within the size and time limits, and checked by content.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatBytes } from "@spike-land/shared/images/limits";
import { checkedPicture, decodeBase64Image, fetchImageUrl, type ImageSourceError, isPublicAddress, publicOnlyLookup } from "./image-source.server.ts";

let server: Server;
let base: string;
let jpeg: Buffer;

beforeAll(async () => {
  jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#336699" } }).jpeg().toBuffer();
  server = createServer((request, response) => {
    const path = request.url ?? "/";
    if (path === "/photo.jpg") return void response.writeHead(200, { "Content-Type": "image/jpeg" }).end(jpeg);
    if (path === "/moved") return void response.writeHead(302, { Location: "/photo.jpg" }).end();
    if (path === "/loop") return void response.writeHead(302, { Location: "/loop" }).end();
    if (path === "/big") return void response.writeHead(200, { "Content-Length": String(2048) }).end(Buffer.alloc(2048));
    if (path === "/big-chunked") {
      response.writeHead(200);
      response.write(Buffer.alloc(700));
      response.write(Buffer.alloc(700));
      return void response.end();
    }
    if (path === "/slow") return void setTimeout(() => response.writeHead(200).end(jpeg), 2000);
    response.writeHead(404).end("missing");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const refusal = (work: Promise<unknown>) => work.then(() => null, (error: unknown) => error as ImageSourceError);

describe("fetching a picture by URL", () => {
  it("fetches a picture and follows a redirect (private addresses allowed in the test environment)", async () => {
    const fetched = await fetchImageUrl(`${base}/photo.jpg`);
    expect(fetched.bytes.equals(jpeg)).toBe(true);
    expect(fetched.name).toBe("photo.jpg");
    expect((await fetchImageUrl(`${base}/moved`)).bytes.equals(jpeg)).toBe(true);
  });

  it("refuses private, loopback and link-local addresses, by literal, by name and after a redirect", async () => {
    const strict = { allowPrivate: false };
    for (const url of [`${base}/photo.jpg`, "http://10.1.2.3/x.jpg", "http://[::1]/x.jpg", "http://169.254.169.254/latest", "http://localhost/x.jpg", "http://0.0.0.0/x.jpg"]) {
      const error = await refusal(fetchImageUrl(url, strict));
      expect(error?.message, url).toBe("That URL points to a private or local network address; give a public http or https address.");
      expect(error?.status, url).toBe(400);
    }
    // A name is checked when the connection looks it up, so it cannot be re-pointed after a check.
    const looked = await new Promise<{ error: NodeJS.ErrnoException | null }>((resolve) => publicOnlyLookup("localhost", {}, (error) => resolve({ error })));
    expect(looked.error?.code).toBe("ENOTPUBLIC");
  });

  it("takes only http and https, without credentials", async () => {
    expect((await refusal(fetchImageUrl("ftp://example.com/x.jpg")))?.message).toBe("Only http and https URLs can be fetched.");
    expect((await refusal(fetchImageUrl("file:///etc/passwd")))?.message).toBe("Only http and https URLs can be fetched.");
    expect((await refusal(fetchImageUrl("not a url")))?.message).toMatch(/^That is not a URL/);
    expect((await refusal(fetchImageUrl("http://user:pw@example.com/x.jpg")))?.message).toBe("Give a URL without a user name or password in it.");
  });

  it("stops at the size limit, declared or not, at the time limit, and after three redirects", async () => {
    const big = await refusal(fetchImageUrl(`${base}/big`, { maxBytes: 1024 }));
    expect([big?.status, big?.message]).toEqual([413, `The image at that URL is ${formatBytes(2048)}; the limit is ${formatBytes(1024)}.`]);
    const chunked = await refusal(fetchImageUrl(`${base}/big-chunked`, { maxBytes: 1024 }));
    expect([chunked?.status, chunked?.message]).toEqual([413, `The image at that URL is larger than ${formatBytes(1024)}, the limit.`]);
    const slow = await refusal(fetchImageUrl(`${base}/slow`, { timeoutMs: 300 }));
    expect(slow?.message).toBe("The server at that URL did not send the image within 1 second.");
    expect((await refusal(fetchImageUrl(`${base}/loop`)))?.message).toBe("That URL redirected more than 3 times; give the image's own address.");
    expect((await refusal(fetchImageUrl(`${base}/nothing`)))?.message).toBe("The server at that URL answered HTTP 404, so there was no image to fetch.");
  });

  it("knows public addresses from the rest", () => {
    for (const address of ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"]) expect(isPublicAddress(address), address).toBe(true);
    for (const address of ["127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.1.1", "100.64.0.1", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "not-an-ip"]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
  });
});

describe("base64 and content checks", () => {
  it("decodes plain base64 and data URLs, and refuses what is not base64 or too large", () => {
    expect(decodeBase64Image(jpeg.toString("base64")).equals(jpeg)).toBe(true);
    expect(decodeBase64Image(`data:image/jpeg;base64,${jpeg.toString("base64")}`).equals(jpeg)).toBe(true);
    expect(() => decodeBase64Image("not base64 !!")).toThrow("imageBase64 is not valid base64.");
    expect(() => decodeBase64Image(Buffer.alloc(3000).toString("base64"), 1024)).toThrow(`The image is larger than ${formatBytes(1024)}, the limit.`);
  });

  it("accepts pictures by content and refuses other files with the accepted formats", async () => {
    expect(await checkedPicture(jpeg)).toEqual({ bytes: jpeg, format: "jpeg" });
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#000" } }).gif().toBuffer();
    await expect(checkedPicture(gif)).rejects.toThrow(/^The image is a GIF file; send JPEG/);
    await expect(checkedPicture(Buffer.from("hello"))).rejects.toThrow(/^The image is not an image we can read/);
    await expect(checkedPicture(Buffer.alloc(0))).rejects.toThrow("The image is empty.");
  });
});
