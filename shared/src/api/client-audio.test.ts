import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ApiClient, ApiError } from "./client.ts";
import { registerLocalTrackRequest, updateAudioTrackRequest } from "./audio.ts";

type Seen = { method: string; url: string; auth: string | undefined; type: string; body: Buffer };
let server: Server;
let baseUrl = "";
let seen: Seen[] = [];
let reply: { status: number; body: unknown } = { status: 200, body: {} };

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void readBody(req).then((body) => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", auth: req.headers.authorization, type: req.headers["content-type"] ?? "", body });
      res.statusCode = reply.status;
      if (reply.body instanceof Uint8Array) {
        res.end(reply.body);
        return;
      }
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  seen = [];
});

const NOW = "2026-12-03T12:00:00.000Z";
const track = {
  id: "t1",
  projectId: "p1",
  name: "Drums",
  fileFormat: "wav",
  duration: 2,
  fileSizeBytes: 176_444,
  volume: 1,
  muted: false,
  solo: false,
  sortOrder: 0,
  storageType: "R2",
  fileUrl: "/files/audio/t1.wav?sig=x",
  createdAt: NOW,
  updatedAt: NOW,
};

describe("audio API client", () => {
  it("uploads a track as a multipart file with its name", async () => {
    reply = { status: 201, body: { track } };
    const client = new ApiClient({ baseUrl, token: "tok" });
    const answer = await client.uploadAudioTrack("p 1", { bytes: Uint8Array.of(1, 2, 3), name: "drums.wav", trackName: "Drums", contentType: "audio/wav" });
    expect(answer.track.name).toBe("Drums");
    const call = seen[0]!;
    expect(call.method).toBe("POST");
    expect(call.url).toBe("/api/v1/audio/projects/p%201/tracks");
    expect(call.auth).toBe("Bearer tok");
    const form = await new Request("http://localhost/", { method: "POST", headers: { "content-type": call.type }, body: new Uint8Array(call.body) }).formData();
    const file = form.get("file") as File;
    expect(file.name).toBe("drums.wav");
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(Uint8Array.of(1, 2, 3));
    expect(form.get("name")).toBe("Drums");
  });

  it("sends mix changes as JSON and reads the server's error messages", async () => {
    reply = { status: 422, body: { error: { code: "validation_failed", message: "Volume cannot go above 2 (+6 dB).", fields: { volume: ["Volume cannot go above 2 (+6 dB)."] } } } };
    const client = new ApiClient({ baseUrl, token: "tok" });
    const failure = await client.updateAudioTrack("t1", { volume: 3 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).fields?.volume).toEqual(["Volume cannot go above 2 (+6 dB)."]);
    expect(seen[0]!.method).toBe("PATCH");
    expect(JSON.parse(seen[0]!.body.toString())).toEqual({ volume: 3 });
  });

  it("downloads relative links with the session, and never sends it to another host", async () => {
    reply = { status: 200, body: Uint8Array.of(9, 8, 7) };
    const client = new ApiClient({ baseUrl, token: "tok" });
    expect(await client.downloadFile("/files/audio/t1.wav?sig=x")).toEqual(Uint8Array.of(9, 8, 7));
    expect(seen[0]!.url).toBe("/files/audio/t1.wav?sig=x");
    expect(seen[0]!.auth).toBe("Bearer tok");
    // The same server under another name stands in for a storage host in a signed link.
    const other = new ApiClient({ baseUrl: baseUrl.replace("127.0.0.1", "localhost"), token: "tok" });
    await other.downloadFile(`${baseUrl}/bucket/t1.wav`);
    expect(seen[1]!.auth).toBeUndefined();
  });
});

describe("audio request rules", () => {
  it("keeps volume between silent and +6 dB and wants something to change", () => {
    expect(updateAudioTrackRequest.safeParse({ volume: 2.5 }).error?.issues[0]?.message).toBe("Volume cannot go above 2 (+6 dB).");
    expect(updateAudioTrackRequest.safeParse({}).error?.issues[0]?.message).toBe("Send at least one of name, volume, muted or solo.");
    expect(updateAudioTrackRequest.parse({ muted: true, name: "  Bass " })).toEqual({ muted: true, name: "Bass" });
  });

  it("takes a client-only track's description and refuses formats the mixer cannot play", () => {
    expect(registerLocalTrackRequest.safeParse({ name: "Vox", fileFormat: "wav", duration: 12.5, fileSizeBytes: 1000 }).success).toBe(true);
    expect(registerLocalTrackRequest.safeParse({ name: "Vox", fileFormat: "aiff", duration: 12.5, fileSizeBytes: 1000 }).success).toBe(false);
    expect(registerLocalTrackRequest.safeParse({ name: "Vox", fileFormat: "wav", duration: 0, fileSizeBytes: 1000 }).error?.issues[0]?.message).toBe(
      "The duration must be more than 0 seconds.",
    );
  });
});
