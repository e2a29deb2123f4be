/**
 * The mixer's offline edits: applied here at once, queued on disk, sent in order when the server is
 * reachable (local ids mapped to the server's), retried while offline, dropped with the server's
 * message when refused for good, and merged with the server's state (server wins where nothing waits).
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ApiError } from "@spike-land/shared/api/client";
import { ACCEPTED_AUDIO_TEXT } from "@spike-land/shared/audio/formats";
import { encodeWav } from "@spike-land/shared/audio/wav";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AudioSyncStatus } from "../../ipc/contract.ts";
import { createCoreEvents } from "../events.ts";
import { createFakeAudioApi, type FakeAudioApi } from "../testing/fake-audio-api.ts";
import { createAudioService, type AudioService } from "./service.ts";

let dir: string;
let server: FakeAudioApi;
let services: AudioService[];
let statuses: AudioSyncStatus[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "spike-land-audio-"));
  server = createFakeAudioApi();
  services = [];
  statuses = [];
});
afterEach(async () => {
  for (const service of services) service.close();
  await rm(dir, { recursive: true, force: true });
});

function start(retryDelaysMs = [10_000]): AudioService {
  const events = createCoreEvents();
  events.on("audio:status", (status) => statuses.push(status));
  const service = createAudioService({
    userDataDir: join(dir, "app"),
    events,
    client: async () => ({ api: server.api, serverUrl: "http://server.test" }),
    account: async () => ({ serverUrl: "http://server.test", userId: "user-1" }),
    downloadsDir: join(dir, "downloads"),
    retryDelaysMs,
    pollServer: false,
  });
  services.push(service);
  return service;
}

/** A WAV of `seconds` of a tone at 8 kHz, mono. */
async function wav(name: string, seconds: number): Promise<string> {
  const samples = new Float32Array(Math.round(8000 * seconds));
  for (let i = 0; i < samples.length; i++) samples[i] = Math.sin(i / 5) * 0.5;
  const path = join(dir, name);
  await writeFile(path, encodeWav([samples], 8000));
  return path;
}

async function settle(service: AudioService): Promise<void> {
  await (await service.engine()).idle();
}

describe("mixer sync", () => {
  it("applies offline edits at once, then sends them in order with local ids mapped to the server's", async () => {
    server.offline = true;
    const mixer = start();
    await settle(mixer);
    const project = await mixer["audio:createProject"]({ name: "Demo song" });
    expect(project.id).toMatch(/^local-/);
    const added = await mixer["audio:addFiles"]({ projectId: project.id, paths: [await wav("drums.wav", 1.5), await wav("bass.wav", 2), await wav("keys.wav", 0.5)], storage: "R2" });
    expect(added.refused).toEqual([]);
    const [drums, bass, keys] = added.added as [string, string, string];
    const local = await mixer["audio:addFiles"]({ projectId: project.id, paths: [await wav("vocal take.wav", 1)], storage: "OPFS" });
    const vocal = local.added[0]!;
    await mixer["audio:renameProject"]({ projectId: project.id, name: "Demo song (final)" });
    for (const volume of [0.9, 0.8, 0.7, 0.5]) await mixer["audio:updateTrack"]({ trackId: bass, volume });
    await mixer["audio:updateTrack"]({ trackId: drums, muted: true });
    await mixer["audio:updateTrack"]({ trackId: vocal, solo: true, name: "Vocal" });
    await mixer["audio:reorderTracks"]({ projectId: project.id, trackIds: [vocal, bass, drums, keys] });
    await mixer["audio:deleteTrack"]({ trackId: keys });
    await settle(mixer);

    // All of it is visible here at once, and waits.
    const view = await mixer["audio:getProject"]({ projectId: project.id });
    expect(view).toMatchObject({ name: "Demo song (final)", serverId: null, pending: true, trackCount: 3, duration: 2 });
    expect(view.tracks.map((t) => [t.name, t.volume, t.muted, t.solo, t.storageType, t.duration])).toEqual([
      ["Vocal", 1, false, true, "OPFS", 1],
      ["bass", 0.5, false, false, "R2", 2],
      ["drums", 1, true, false, "R2", 1.5],
    ]);
    const status = await mixer["audio:syncStatus"](undefined);
    expect(status).toMatchObject({ state: "offline", lastError: null });
    // Creation (the new name folded in), three adds (the new name of one folded in), three track changes
    // (the fader's moves folded into one), the order. The deleted track was never sent.
    expect(status.pending).toBe(8);
    expect(server.calls).toEqual([]);

    server.offline = false;
    expect(await mixer["audio:syncNow"](undefined)).toMatchObject({ state: "synced", pending: 0, lastError: null });
    expect(server.calls).toEqual([
      // The creation was tried while offline, so the server is asked first whether it has it.
      "listAudioProjects",
      "createAudioProject",
      "uploadAudioTrack",
      "uploadAudioTrack",
      "registerLocalAudioTrack",
      "updateAudioTrack",
      "updateAudioTrack",
      "updateAudioTrack",
      "getAudioProject",
      "reorderAudioTracks",
      "listAudioProjects",
      "getAudioProject",
    ]);
    const [onServer] = [...server.projects.values()];
    expect(onServer).toMatchObject({ name: "Demo song (final)" });
    expect(onServer!.tracks.map((t) => [t.name, t.volume, t.muted, t.solo, t.storageType])).toEqual([
      ["Vocal", 1, false, true, "OPFS"],
      ["bass", 0.5, false, false, "R2"],
      ["drums", 1, true, false, "R2"],
    ]);
    expect(onServer!.tracks.find((t) => t.name === "Vocal")).toMatchObject({ fileFormat: "wav", duration: 1, fileSizeBytes: 8000 * 2 + 44 });
    const drumsOnServer = onServer!.tracks.find((t) => t.name === "drums")!;
    expect(server.uploads.get(drumsOnServer.id)).toEqual(new Uint8Array(await readFile(join(dir, "drums.wav"))));

    // The window keeps its ids; each now knows the server's.
    const synced = await mixer["audio:getProject"]({ projectId: project.id });
    expect(synced).toMatchObject({ id: project.id, serverId: onServer!.id, pending: false });
    expect(synced.tracks.map((t) => t.id)).toEqual([vocal, bass, drums]);
    expect(synced.tracks.map((t) => t.serverId)).toEqual(onServer!.tracks.map((t) => t.id));
    expect(statuses.some((s) => s.state === "offline")).toBe(true);
    expect(statuses.at(-1)).toMatchObject({ state: "synced", pending: 0 });
  });

  it("keeps changes while the server is unreachable and sends them by itself once it is back", async () => {
    server.offline = true;
    const mixer = start([20, 40]);
    await settle(mixer);
    await mixer["audio:createProject"]({ name: "Offline idea" });
    await settle(mixer);
    const waiting = await mixer["audio:syncStatus"](undefined);
    expect(waiting).toMatchObject({ state: "offline", pending: 1 });
    expect(waiting.retryAt).not.toBeNull();

    server.offline = false;
    await expect.poll(async () => (await mixer["audio:syncStatus"](undefined)).state, { timeout: 5_000, interval: 20 }).toBe("synced");
    expect([...server.projects.values()].map((p) => p.name)).toEqual(["Offline idea"]);
  });

  it("drops a change the server refuses for good, says why, and sends the rest", async () => {
    const mixer = start();
    const project = await mixer["audio:createProject"]({ name: "Songs" });
    const { added } = await mixer["audio:addFiles"]({ projectId: project.id, paths: [await wav("a.wav", 1), await wav("b.wav", 1)], storage: "R2" });
    await mixer["audio:syncNow"](undefined);
    const [a, b] = added as [string, string];

    server.refuse = (method, args) => {
      if (method === "updateAudioProject") throw new ApiError(422, "validation_failed", "That name is taken by another project.");
      if (method === "uploadAudioTrack") throw new ApiError(413, "payload_too_large", "Your audio storage is full.");
      if (method === "updateAudioTrack" && (args[1] as { volume?: number }).volume === 0.25) throw new ApiError(400, "validation_failed", "Volume cannot go below 0 (silent).");
    };
    await mixer["audio:renameProject"]({ projectId: project.id, name: "Taken" });
    await mixer["audio:addFiles"]({ projectId: project.id, paths: [await wav("c.wav", 1)], storage: "R2" });
    await mixer["audio:updateTrack"]({ trackId: a, volume: 0.25 });
    await mixer["audio:updateTrack"]({ trackId: b, muted: true });
    const status = await mixer["audio:syncNow"](undefined);

    expect(status.pending).toBe(0);
    expect(status.lastError).toBe("Changing the track “a” was refused: Volume cannot go below 0 (silent).");
    expect(statuses.map((s) => s.lastError)).toContain("Renaming the project to “Taken” was refused: That name is taken by another project.");
    expect(statuses.map((s) => s.lastError)).toContain("The track “c” could not be added: Your audio storage is full.");
    // What the server refused is undone here by the pull; the change after it went through.
    const view = await mixer["audio:getProject"]({ projectId: project.id });
    expect(view.name).toBe("Songs");
    expect(view.tracks.map((t) => [t.name, t.volume, t.muted])).toEqual([
      ["a", 1, false],
      ["b", 1, true],
    ]);
    expect([...server.projects.values()][0]!.tracks.find((t) => t.name === "b")!.muted).toBe(true);

    expect((await mixer["audio:dismissError"](undefined)).lastError).toBeNull();
  });

  it("keeps the queue on disk: the next launch sends what the last one could not", async () => {
    server.offline = true;
    const first = start();
    const project = await first["audio:createProject"]({ name: "Before quitting" });
    await first["audio:addFiles"]({ projectId: project.id, paths: [await wav("take.wav", 1)], storage: "OPFS" });
    await settle(first);
    first.close();

    server.offline = false;
    const second = start();
    const status = await (await second.engine()).flush();
    expect(status).toMatchObject({ state: "synced", pending: 0 });
    const [onServer] = [...server.projects.values()];
    expect(onServer).toMatchObject({ name: "Before quitting" });
    expect(onServer!.tracks).toEqual([expect.objectContaining({ name: "take", storageType: "OPFS", duration: 1 })]);
    const view = await second["audio:getProject"]({ projectId: project.id });
    expect(view.tracks[0]).toMatchObject({ localPath: join(dir, "take.wav"), playable: true, pending: false });
  });

  it("finds a creation whose answer was lost on the server instead of making it twice, also after a restart", async () => {
    // The project reaches the server, but the answer does not come back; the app is then quit.
    server.loseAnswerOnce.add("createAudioProject");
    const first = start();
    const project = await first["audio:createProject"]({ name: "Lost answer" });
    await settle(first);
    expect(await first["audio:syncStatus"](undefined)).toMatchObject({ state: "offline", pending: 1 });
    // Renamed meanwhile, still unreachable: the server may hold it under the name it was sent with.
    server.offline = true;
    await first["audio:renameProject"]({ projectId: project.id, name: "Lost answer (renamed)" });
    await settle(first);
    first.close();
    server.offline = false;

    const second = start();
    expect(await (await second.engine()).flush()).toMatchObject({ state: "synced", pending: 0 });
    expect(server.calls.filter((call) => call === "createAudioProject")).toHaveLength(1);
    expect([...server.projects.values()].map((p) => p.name)).toEqual(["Lost answer (renamed)"]);
    const [onServer] = [...server.projects.values()];
    expect(await second["audio:getProject"]({ projectId: project.id })).toMatchObject({ serverId: onServer!.id, name: "Lost answer (renamed)" });

    // The same for a track's upload, retried without a restart.
    server.loseAnswerOnce.add("uploadAudioTrack");
    const added = await second["audio:addFiles"]({ projectId: project.id, paths: [await wav("riff.wav", 1)], storage: "R2" });
    await settle(second);
    await second["audio:updateTrack"]({ trackId: added.added[0]!, name: "Riff" });
    expect(await second["audio:syncNow"](undefined)).toMatchObject({ state: "synced", pending: 0 });
    expect(server.calls.filter((call) => call === "uploadAudioTrack")).toHaveLength(1);
    expect(onServer!.tracks.map((t) => t.name)).toEqual(["Riff"]);
    const view = await second["audio:getProject"]({ projectId: project.id });
    expect(view.tracks.map((t) => [t.id, t.serverId])).toEqual([[added.added[0], onServer!.tracks[0]!.id]]);
  });

  it("still makes a project of the same name when the earlier one on the server is someone else's record here", async () => {
    const mixer = start();
    const first = await mixer["audio:createProject"]({ name: "Same name" });
    await settle(mixer);
    server.loseAnswerOnce.add("createAudioProject");
    const second = await mixer["audio:createProject"]({ name: "Same name" });
    await settle(mixer);
    expect(await mixer["audio:syncNow"](undefined)).toMatchObject({ state: "synced", pending: 0 });
    // The lost one was made on the server; the retry finds that one, not the first project.
    expect([...server.projects.values()].map((p) => p.name)).toEqual(["Same name", "Same name"]);
    const views = [await mixer["audio:getProject"]({ projectId: first.id }), await mixer["audio:getProject"]({ projectId: second.id })];
    expect(new Set(views.map((v) => v.serverId)).size).toBe(2);
  });

  it("takes the server's values where nothing waits here, and keeps local ones that do", async () => {
    const mixer = start();
    const project = await mixer["audio:createProject"]({ name: "Shared" });
    const { added } = await mixer["audio:addFiles"]({ projectId: project.id, paths: [await wav("gtr.wav", 1)], storage: "R2" });
    await mixer["audio:syncNow"](undefined);
    const remote = [...server.projects.values()][0]!;

    // Edited on the web meanwhile: the project's name, and the track's volume and mute.
    remote.name = "Shared (web)";
    Object.assign(remote.tracks[0]!, { volume: 0.3, muted: true });
    server.offline = true;
    await mixer["audio:updateTrack"]({ trackId: added[0]!, muted: false });
    server.offline = false;
    // Pulled before the local change is sent: the queued field keeps its local value.
    await (await mixer.engine()).idle();
    const engine = await mixer.engine();
    engine.close();
    const pulled = await mixer["audio:getProject"]({ projectId: project.id });
    expect(pulled.tracks[0]!.muted).toBe(false);

    const fresh = start();
    await (await fresh.engine()).flush();
    const view = await fresh["audio:getProject"]({ projectId: project.id });
    expect(view.name).toBe("Shared (web)");
    expect(view.tracks[0]).toMatchObject({ volume: 0.3, muted: false });
    expect(remote.tracks[0]).toMatchObject({ volume: 0.3, muted: false });

    // Deleted on the web: gone here after the next pull; a project made on the web appears.
    server.projects.delete(remote.id);
    await fresh["audio:syncNow"](undefined);
    await server.api.createAudioProject({ name: "From the web" });
    await fresh["audio:syncNow"](undefined);
    expect((await fresh["audio:list"](undefined)).projects.map((p) => p.name)).toEqual(["From the web"]);
  });

  it("never sends a project made and deleted while offline", async () => {
    server.offline = true;
    const mixer = start();
    const project = await mixer["audio:createProject"]({ name: "Scratch" });
    await mixer["audio:addFiles"]({ projectId: project.id, paths: [await wav("x.wav", 1)], storage: "R2" });
    await mixer["audio:deleteProject"]({ projectId: project.id });
    expect((await mixer["audio:syncStatus"](undefined)).pending).toBe(0);
    server.offline = false;
    await mixer["audio:syncNow"](undefined);
    expect(server.calls.filter((call) => call !== "listAudioProjects")).toEqual([]);
  });

  it("refuses files that are not audio, naming the formats it takes", async () => {
    const mixer = start();
    const project = await mixer["audio:createProject"]({ name: "Checks" });
    const text = join(dir, "notes.wav");
    await writeFile(text, "not audio at all");
    const empty = join(dir, "empty.mp3");
    await writeFile(empty, "");
    const result = await mixer["audio:addFiles"]({ projectId: project.id, paths: [text, empty, join(dir, "missing.wav"), dir], storage: "R2" });
    expect(result.added).toEqual([]);
    expect(result.refused.map((r) => [r.name, r.reason])).toEqual([
      ["notes.wav", `This is not an audio file the mixer can use. Use ${ACCEPTED_AUDIO_TEXT}.`],
      ["empty.mp3", "The file is empty."],
      ["missing.wav", "This file could not be found on this computer."],
      [expect.any(String), "This is a folder, not an audio file."],
    ]);
  });

  it("reads a track's audio from this computer, or downloads it once and keeps it", async () => {
    const mixer = start();
    const project = await mixer["audio:createProject"]({ name: "Play" });
    const path = await wav("loop.wav", 1);
    const { added } = await mixer["audio:addFiles"]({ projectId: project.id, paths: [path], storage: "R2" });
    const chunk = await mixer["audio:readTrack"]({ trackId: added[0]!, offset: 0 });
    expect(chunk).toMatchObject({ mime: "audio/wav", totalBytes: 16044, offset: 0, done: true });
    expect(Buffer.from(chunk.base64, "base64")).toEqual(await readFile(path));
    await mixer["audio:syncNow"](undefined);

    // A track uploaded elsewhere: fetched from its link, then served from the cache.
    const remote = [...server.projects.values()][0]!;
    const bytes = new Uint8Array(await readFile(await wav("web.wav", 0.5)));
    await server.api.uploadAudioTrack(remote.id, { bytes, name: "web.wav", trackName: "From the web" });
    await mixer["audio:syncNow"](undefined);
    const view = await mixer["audio:getProject"]({ projectId: project.id });
    const fromWeb = view.tracks.find((t) => t.name === "From the web")!;
    expect(fromWeb).toMatchObject({ localPath: null, playable: true });
    const first = await mixer["audio:readTrack"]({ trackId: fromWeb.id, offset: 0 });
    expect(Buffer.from(first.base64, "base64")).toEqual(Buffer.from(bytes));
    server.offline = true;
    const again = await mixer["audio:readTrack"]({ trackId: fromWeb.id, offset: 0 });
    expect(again.base64).toBe(first.base64);
    expect(server.calls.filter((call) => call === "downloadFile")).toHaveLength(1);
  });

  it("saves a mix sent in pieces to the downloads folder under a new name each time", async () => {
    const mixer = start();
    const save = async () => {
      const { saveId } = await mixer["audio:saveStart"]({ fileName: "My: mix" });
      await mixer["audio:saveChunk"]({ saveId, base64: Buffer.from("RIFF").toString("base64") });
      await mixer["audio:saveChunk"]({ saveId, base64: Buffer.from("....").toString("base64") });
      return (await mixer["audio:saveFinish"]({ saveId })).path;
    };
    expect(await save()).toBe(join(dir, "downloads", "My mix.wav"));
    expect(await save()).toBe(join(dir, "downloads", "My mix (1).wav"));
    expect(await readFile(join(dir, "downloads", "My mix.wav"), "utf8")).toBe("RIFF....");
  });
});
