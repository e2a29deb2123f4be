/**
 * The desktop mixer against the real Spike Land server (built web app, embedded PostgreSQL, local
 * object store, ffmpeg, job worker): a project made and edited while the server cannot be reached
 * (the app's requests go to a closed port), synced once it can, edits made on the web pulled back,
 * a damaged file refused and dropped with the server's words, and a mixdown rendered by the server.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ApiClient } from "@spike-land/shared/api/client";
import { encodeWav } from "@spike-land/shared/audio/wav";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../../../web/server/embedded-postgres.ts";
import { ensureBuilt, startAppServer, type AppServer } from "../../../../web/test/app-server.ts";
import type { AudioSyncStatus } from "../../ipc/contract.ts";
import { createCore, type Core } from "../index.ts";

const demo = { email: "demo@spike.land", password: "spike-demo-2026" };

let server: AppServer;
let work: string;
let closedPort: number;

beforeAll(async () => {
  ensureBuilt();
  work = await mkdtemp(join(tmpdir(), "spike-land-audio-"));
  closedPort = await freePort();
  server = await startAppServer(
    { DATA_DIR: join(work, "server"), APP_ENV: "development", DATABASE_URL: undefined, RATE_LIMIT_OVERRIDES: "upload=2000,generalApi=5000,audioMixdown=100" },
    { worker: true },
  );
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await rm(work, { recursive: true, force: true });
});

/** Two seconds or so of a tone, mono at 22.05 kHz. */
async function wav(name: string, seconds: number, hz: number): Promise<string> {
  const rate = 22_050;
  const samples = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < samples.length; i++) samples[i] = Math.sin((2 * Math.PI * hz * i) / rate) * 0.4;
  const path = join(work, name);
  await writeFile(path, encodeWav([samples], rate));
  return path;
}

async function webClient(): Promise<ApiClient> {
  const client = new ApiClient({ baseUrl: server.url });
  client.token = (await client.createSession(demo)).token;
  return client;
}

/**
 * The app's own network: while `offline`, every request goes to a port nothing listens on, so it
 * fails the way an unreachable server does.
 */
function network() {
  const state = { offline: false };
  const fetchThrough: typeof fetch = (input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    if (state.offline) url.port = String(closedPort);
    return fetch(url, init);
  };
  return { state, fetch: fetchThrough };
}

async function until(core: Core, state: AudioSyncStatus["state"], timeout = 30_000): Promise<AudioSyncStatus> {
  const started = Date.now();
  for (;;) {
    const status = await core.handlers["audio:syncStatus"](undefined);
    if (status.state === state) return status;
    if (Date.now() - started > timeout) throw new Error(`The mixer stayed ${status.state} (${JSON.stringify(status)})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("the desktop mixer with the real server", () => {
  it("keeps a project made offline, syncs it when the server is back, and pulls the web's edits", async () => {
    const net = network();
    const core = createCore({ userDataDir: join(work, "app-1"), fetch: net.fetch, audioRetryDelaysMs: [200, 400, 800], audioPolling: false });
    await core.handlers["session:signIn"]({ serverUrl: server.url, ...demo });
    const web = await webClient();
    const before = (await web.listAudioProjects()).projects.length;

    net.state.offline = true;
    const project = await core.handlers["audio:createProject"]({ name: "Offline session" });
    const drums = await wav("drums.wav", 2, 110);
    const bass = await wav("bass.wav", 3, 55);
    const keys = await wav("keys.wav", 1.5, 440);
    const sketch = await wav("sketch.wav", 1, 660);
    const uploaded = await core.handlers["audio:addFiles"]({ projectId: project.id, paths: [drums, bass, keys], storage: "R2" });
    const kept = await core.handlers["audio:addFiles"]({ projectId: project.id, paths: [sketch], storage: "OPFS" });
    const [drumsId, bassId, keysId] = uploaded.added as [string, string, string];
    const sketchId = kept.added[0]!;
    await core.handlers["audio:renameProject"]({ projectId: project.id, name: "Offline session (v2)" });
    await core.handlers["audio:updateTrack"]({ trackId: bassId, volume: 0.5 });
    await core.handlers["audio:updateTrack"]({ trackId: drumsId, muted: true });
    await core.handlers["audio:updateTrack"]({ trackId: sketchId, solo: true, name: "Idea" });
    await core.handlers["audio:reorderTracks"]({ projectId: project.id, trackIds: [sketchId, bassId, keysId, drumsId] });
    await core.handlers["audio:deleteTrack"]({ trackId: keysId });

    const offline = await until(core, "offline");
    expect(offline.pending).toBeGreaterThan(0);
    const local = await core.handlers["audio:getProject"]({ projectId: project.id });
    expect(local.tracks.map((track) => track.name)).toEqual(["Idea", "bass", "drums"]);
    expect((await web.listAudioProjects()).projects).toHaveLength(before);

    // Back online: the next retry sends everything in order, then pulls.
    net.state.offline = false;
    const synced = await until(core, "synced");
    expect(synced).toMatchObject({ pending: 0, lastError: null });

    const view = await core.handlers["audio:getProject"]({ projectId: project.id });
    expect(view.serverId).not.toBeNull();
    const { project: remote } = await web.getAudioProject(view.serverId!);
    expect(remote.name).toBe("Offline session (v2)");
    const ordered = [...remote.tracks].sort((a, b) => a.sortOrder - b.sortOrder);
    expect(ordered.map((track) => [track.name, track.volume, track.muted, track.solo, track.storageType])).toEqual([
      ["Idea", 1, false, true, "OPFS"],
      ["bass", 0.5, false, false, "R2"],
      ["drums", 1, true, false, "R2"],
    ]);
    expect(ordered[0]).toMatchObject({ fileFormat: "wav", fileUrl: null });
    expect(ordered[0]!.duration).toBeCloseTo(1, 2);
    expect(ordered[1]!.duration).toBeCloseTo(3, 1);
    // The uploaded audio is on the server, byte for byte.
    expect(Buffer.from(await web.downloadFile(ordered[1]!.fileUrl!))).toEqual(await readFile(bass));
    expect(view.tracks.map((track) => track.serverId)).toEqual(ordered.map((track) => track.id));

    // Edited on the web: the project renamed, a fader moved, a track added. The next pull shows it.
    await web.updateAudioProject(remote.id, { name: "Session (web)" });
    await web.updateAudioTrack(ordered[2]!.id, { volume: 0.8, muted: false });
    const fromWeb = await wav("from-web.wav", 1, 330);
    await web.uploadAudioTrack(remote.id, { bytes: new Uint8Array(await readFile(fromWeb)), name: "from-web.wav", trackName: "Pad from the web" });
    await core.handlers["audio:syncNow"](undefined);
    const pulled = await core.handlers["audio:getProject"]({ projectId: project.id });
    expect(pulled.name).toBe("Session (web)");
    expect(pulled.tracks.map((track) => [track.name, track.volume, track.muted])).toEqual([
      ["Idea", 1, false],
      ["bass", 0.5, false],
      ["drums", 0.8, false],
      ["Pad from the web", 1, false],
    ]);
    // Its audio is downloaded once from its link, then kept here.
    const pad = pulled.tracks[3]!;
    expect(pad).toMatchObject({ localPath: null, playable: true, storageType: "R2" });
    const chunk = await core.handlers["audio:readTrack"]({ trackId: pad.id, offset: 0 });
    expect(Buffer.from(chunk.base64, "base64")).toEqual(await readFile(fromWeb));

    // The track kept on this computer is uploaded later: the server then has its audio.
    await core.handlers["audio:uploadTrack"]({ trackId: sketchId });
    await core.handlers["audio:syncNow"](undefined);
    const idea = (await web.getAudioTrack(ordered[0]!.id)).track;
    expect(idea.storageType).toBe("R2");
    expect(Buffer.from(await web.downloadFile(idea.fileUrl!))).toEqual(await readFile(sketch));
    core.audio.close();
  }, 120_000);

  it("drops a file the server cannot decode with the server's reason, sends the rest, and survives a restart", async () => {
    const net = network();
    const userDataDir = join(work, "app-2");
    const first = createCore({ userDataDir, fetch: net.fetch, audioRetryDelaysMs: [60_000], audioPolling: false });
    await first.handlers["session:signIn"]({ serverUrl: server.url, ...demo });
    net.state.offline = true;
    const project = await first.handlers["audio:createProject"]({ name: "Restarted" });
    // A WAV header that promises audio, with none after it.
    const damaged = join(work, "damaged.wav");
    await writeFile(damaged, encodeWav([new Float32Array(0)], 22_050));
    const good = await wav("good.wav", 1, 220);
    const added = await first.handlers["audio:addFiles"]({ projectId: project.id, paths: [damaged, good], storage: "R2" });
    expect(added.refused).toEqual([]);
    await first.handlers["audio:updateTrack"]({ trackId: added.added[1]!, volume: 1.5 });
    await until(first, "offline");
    first.audio.close();

    // The next launch, online: the queue on disk goes out.
    net.state.offline = false;
    const second = createCore({ userDataDir, fetch: net.fetch, audioRetryDelaysMs: [200], audioPolling: false });
    const status = await (await second.audio.engine()).flush();
    expect(status.pending).toBe(0);
    expect(status.lastError).toMatch(/^The track “damaged” could not be added: .*(decode|damaged)/i);
    const view = await second.handlers["audio:getProject"]({ projectId: project.id });
    expect(view.tracks.map((track) => [track.name, track.volume, track.pending])).toEqual([["good", 1.5, false]]);
    const remote = (await (await webClient()).getAudioProject(view.serverId!)).project;
    expect(remote.tracks.map((track) => [track.name, track.volume])).toEqual([["good", 1.5]]);

    // A mixdown rendered by the server, saved where the app saves (no dialog here: the downloads folder).
    second.audio.close();
    const downloads = join(work, "downloads");
    const third = createCore({ userDataDir, fetch: net.fetch, audioPolling: false, downloadsDir: downloads });
    let mixdown = await third.handlers["audio:requestMixdown"]({ projectId: project.id, target: "download" });
    const started = Date.now();
    while (mixdown.status !== "done" && mixdown.status !== "failed" && Date.now() - started < 60_000) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      mixdown = await third.handlers["audio:getMixdown"]({ mixdownId: mixdown.id });
    }
    expect(mixdown).toMatchObject({ status: "done", error: null });
    const saved = await third.handlers["audio:saveMixdown"]({ mixdownId: mixdown.id, fileName: "Restarted" });
    expect(saved.path).toBe(join(downloads, "Restarted.wav"));
    const wavBytes = await readFile(saved.path!);
    expect(wavBytes.subarray(0, 4).toString("ascii")).toBe("RIFF");
    expect((await stat(saved.path!)).size).toBeGreaterThan(44_100 * 2 * 2 * 0.9);
    third.audio.close();
  }, 120_000);
});
