/**
 * Mixdowns end to end: asked for through the API, rendered by the queue's worker with real ffmpeg,
 * stored in the local object store and downloaded through its signed link. Tracks hold constant
 * sample values, so the mix's samples are known exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError, type ApiClient } from "@spike-land/shared/api/client";
import type { Mixdown } from "@spike-land/shared/api/audio";
import { MIX_SAMPLE_RATE } from "@spike-land/shared/audio/formats";
import { decodeWav } from "@spike-land/shared/audio/wav";
import { env } from "../.server/platform/env.server.ts";
import { prisma } from "../.server/platform/db.server.ts";
import { startQueue, stopQueue } from "../.server/platform/queue.server.ts";
import { objectStorage } from "../.server/providers/storage/index.server.ts";
import { startAudioMixdownWorker } from "../.server/audio/mixdown.server.ts";
import { mixdownFolder, mixdownKey } from "../.server/audio/records.server.ts";
import { makeUser, signIn } from "../../test/fixtures.ts";
import { appFetch, audioClient, constantWav } from "../../test/audio.ts";

beforeAll(async () => {
  const boss = await startQueue(env.DATABASE_URL, { maintenance: false });
  await startAudioMixdownWorker(boss, { pollingIntervalSeconds: 0.5 });
});
afterAll(() => stopQueue());

async function apiUser(): Promise<{ userId: string; api: ApiClient }> {
  const user = await makeUser();
  const { token } = await signIn(user.id);
  return { userId: user.id, api: audioClient(token) };
}

async function refusal(call: Promise<unknown>): Promise<ApiError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error("The call succeeded but should have been refused");
}

/** Polls the mixdown until it is done or failed. */
async function finished(api: ApiClient, id: string): Promise<Mixdown> {
  const deadline = Date.now() + 25_000;
  for (;;) {
    const { mixdown } = await api.getMixdown(id);
    if (mixdown.status === "done" || mixdown.status === "failed") return mixdown;
    if (Date.now() > deadline) throw new Error(`The mixdown is still ${mixdown.status}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

type TrackSpec = { seconds: number; left: number; right?: number; volume?: number; muted?: boolean; solo?: boolean };

/** A project whose tracks are constant-value WAVs with the given mix settings. */
async function projectWith(api: ApiClient, name: string, specs: TrackSpec[]) {
  const { project } = await api.createAudioProject({ name });
  const ids: string[] = [];
  for (const [index, spec] of specs.entries()) {
    const { track } = await api.uploadAudioTrack(project.id, { bytes: constantWav(spec.seconds, spec.left, spec.right ?? spec.left), name: `track ${index}.wav` });
    if (spec.volume !== undefined || spec.muted !== undefined || spec.solo !== undefined) {
      await api.updateAudioTrack(track.id, { volume: spec.volume, muted: spec.muted, solo: spec.solo });
    }
    ids.push(track.id);
  }
  return { project, ids };
}

/** Every frame of the mix in [from, to) equals the expected left/right values within one 16-bit step. */
function expectFrames(channels: Float32Array[], from: number, to: number, left: number, right: number) {
  let worst = 0;
  for (let i = from; i < to; i++) worst = Math.max(worst, Math.abs(channels[0]![i]! - left), Math.abs(channels[1]![i]! - right));
  expect(worst).toBeLessThanOrEqual(1 / 32768);
}

describe("mixdowns", () => {
  it("renders the heard tracks at their volumes (muted left out, shorter tracks ending) into a WAV to download", async () => {
    const { api } = await apiUser();
    const { project } = await projectWith(api, "Song", [
      { seconds: 1, left: 0.25, right: -0.25 },
      { seconds: 0.6, left: 0.5, right: 0.5, volume: 0.5 },
      { seconds: 1, left: 0.125, muted: true },
    ]);
    const { mixdown: queued } = await api.requestMixdown(project.id, { target: "download" });
    expect(queued).toMatchObject({ projectId: project.id, target: "download", status: "queued", error: null, downloadUrl: null, trackId: null });

    const done = await finished(api, queued.id);
    expect(done).toMatchObject({ status: "done", error: null, trackId: null, clippedSamples: 0 });
    expect(done.duration).toBeCloseTo(1, 3);
    expect(done.peak).toBeCloseTo(0.5, 3);
    expect(done.downloadUrl).toMatch(/^http:\/\/localhost:3999\/files\/audio\/.+\/mixdowns\/.+\.wav\?/);

    const response = await appFetch(done.downloadUrl!);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toContain('filename="Song mix.wav"');
    const wav = decodeWav(new Uint8Array(await response.arrayBuffer()));
    expect(wav.sampleRate).toBe(MIX_SAMPLE_RATE);
    expect(wav.channels).toHaveLength(2);
    expect(wav.channels[0]).toHaveLength(MIX_SAMPLE_RATE);
    const split = Math.round(0.6 * MIX_SAMPLE_RATE);
    // 0.25 + 0.5 × 0.5 on the left, -0.25 + 0.25 on the right while both play; then the first track alone.
    expectFrames(wav.channels, 0, split, 0.5, 0);
    expectFrames(wav.channels, split, MIX_SAMPLE_RATE, 0.25, -0.25);

    // The project is unchanged: no track was added.
    expect((await api.getAudioProject(project.id)).project.tracks).toHaveLength(3);
  }, 30_000);

  it("plays only soloed tracks while one is soloed, and counts clipped samples", async () => {
    const { api } = await apiUser();
    const solo = await projectWith(api, "Solo", [
      { seconds: 0.5, left: 0.25 },
      { seconds: 0.5, left: 0.5, volume: 0.5, solo: true },
      { seconds: 0.5, left: 0.125, solo: true, muted: true },
    ]);
    const soloDone = await finished(api, (await api.requestMixdown(solo.project.id)).mixdown.id);
    const soloWav = decodeWav(await api.downloadFile(soloDone.downloadUrl!));
    expectFrames(soloWav.channels, 0, soloWav.channels[0]!.length, 0.25, 0.25);

    const loud = await projectWith(api, "Loud", [
      { seconds: 0.5, left: 0.75, right: 0.25 },
      { seconds: 0.5, left: 0.75, right: 0.25 },
    ]);
    const loudDone = await finished(api, (await api.requestMixdown(loud.project.id)).mixdown.id);
    const frames = 0.5 * MIX_SAMPLE_RATE;
    // Only the left side (1.5) is past full scale, in every frame.
    expect(loudDone.clippedSamples).toBe(frames);
    expect(loudDone.peak).toBeCloseTo(1.5, 3);
    const loudWav = decodeWav(await api.downloadFile(loudDone.downloadUrl!));
    expectFrames(loudWav.channels, 0, frames, 32767 / 32768, 0.5);
  }, 30_000);

  it("makes a mixdown into a new muted track at the end of the project", async () => {
    const { api } = await apiUser();
    const { project } = await projectWith(api, "Bounce", [
      { seconds: 0.5, left: 0.25 },
      { seconds: 0.5, left: 0.25, volume: 0.5 },
    ]);
    const { mixdown } = await api.requestMixdown(project.id, { target: "track" });
    const done = await finished(api, mixdown.id);
    expect(done).toMatchObject({ status: "done", target: "track", downloadUrl: null });
    expect(done.trackId).toEqual(expect.any(String));

    const tracks = (await api.getAudioProject(project.id)).project.tracks;
    expect(tracks).toHaveLength(3);
    const bounced = tracks[2]!;
    expect(bounced).toMatchObject({ id: done.trackId, muted: true, solo: false, volume: 1, storageType: "R2", fileFormat: "wav", sortOrder: 2 });
    expect(bounced.name).toMatch(/^Mixdown \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
    expect(bounced.duration).toBeCloseTo(0.5, 3);
    const wav = decodeWav(await api.downloadFile(bounced.fileUrl!));
    expectFrames(wav.channels, 0, wav.channels[0]!.length, 0.375, 0.375);

    // Mixing again leaves the muted mixdown track out, so the mix does not double.
    const again = await finished(api, (await api.requestMixdown(project.id)).mixdown.id);
    expect(again.peak).toBeCloseTo(0.375, 3);
  }, 30_000);

  it("skips tracks whose audio is only on the device, and refuses a mix with nothing to hear", async () => {
    const { api } = await apiUser();
    const { project } = await api.createAudioProject({ name: "Mixed storage" });
    expect(await refusal(api.requestMixdown(project.id))).toMatchObject({ status: 422, message: "This project has no tracks yet. Add a track, then make a mixdown." });

    const { track: local } = await api.registerLocalAudioTrack(project.id, { name: "On my phone", fileFormat: "webm", duration: 2, fileSizeBytes: 900 });
    const onlyLocal = await refusal(api.requestMixdown(project.id));
    expect(onlyLocal.status).toBe(422);
    expect(onlyLocal.message).toMatch(/^None of this project's tracks has its audio on the server/);

    const { track } = await api.uploadAudioTrack(project.id, { bytes: constantWav(0.3, 0.2), name: "stored.wav" });
    const done = await finished(api, (await api.requestMixdown(project.id)).mixdown.id);
    expect(done.status).toBe("done");
    expect(done.duration).toBeCloseTo(0.3, 3);
    expect(done.peak).toBeCloseTo(0.2, 3);

    await api.updateAudioTrack(track.id, { muted: true });
    const silent = await refusal(api.requestMixdown(project.id));
    expect(silent.message).toMatch(/^Every track with audio on the server is muted or silenced by a solo/);
    // A soloed track kept on the device silences the stored ones, and cannot itself be mixed here.
    await api.updateAudioTrack(track.id, { muted: false });
    await api.updateAudioTrack(local.id, { solo: true });
    expect((await refusal(api.requestMixdown(project.id))).status).toBe(422);
  }, 30_000);

  it("reports a failure in words when a track's audio went missing before the render", async () => {
    const { userId, api } = await apiUser();
    const { project, ids } = await projectWith(api, "Broken", [{ seconds: 0.3, left: 0.1 }]);
    const row = await prisma.audioTrack.findFirstOrThrow({ where: { id: ids[0], project: { userId } } });
    await objectStorage().delete(row.fileR2Key!);
    const failed = await finished(api, (await api.requestMixdown(project.id)).mixdown.id);
    expect(failed).toMatchObject({
      status: "failed",
      error: 'The audio of "track 0" is missing from storage. Upload its file again, then make the mixdown again.',
      downloadUrl: null,
      duration: null,
    });
  }, 30_000);

  it("keeps mixdowns private, validates the target, limits requests to 5 a minute and keeps the newest three downloads", async () => {
    const owner = await apiUser();
    const { project } = await projectWith(owner.api, "Private", [{ seconds: 0.2, left: 0.1 }]);
    const { mixdown } = await owner.api.requestMixdown(project.id);
    const { api } = await apiUser();
    const missing = { status: 404, code: "not_found", message: "We could not find that mixdown." };
    expect(await refusal(api.getMixdown(mixdown.id))).toMatchObject(missing);
    expect(await refusal(api.getMixdown("not-a-mixdown"))).toMatchObject(missing);
    expect(await refusal(api.getMixdown("00000000-0000-4000-8000-000000000000"))).toMatchObject(missing);
    expect(await refusal(api.requestMixdown(project.id))).toMatchObject({ status: 404, message: "We could not find that project." });
    await finished(owner.api, mixdown.id);

    const target = await refusal(owner.api.requestMixdown(project.id, { target: "cd" as "track" }));
    expect(target).toMatchObject({ status: 422, message: "target: Choose where the mixdown goes: download or track." });

    // One asked above; four more fit in the minute.
    const ids = [mixdown.id];
    for (let i = 0; i < 4; i++) {
      const { mixdown: next } = await owner.api.requestMixdown(project.id);
      ids.push(next.id);
      // One after another, so "newest" is well defined.
      await finished(owner.api, next.id);
    }
    const limited = await refusal(owner.api.requestMixdown(project.id));
    expect(limited.status).toBe(429);
    expect(limited.message).toMatch(/^Too many mixdowns: the limit is 5 a minute\. Try again in \d+ (seconds?|minutes?)\.$/);
    expect(limited.retryAfterSeconds).toBeGreaterThan(0);

    // Only the newest three downloads are kept; an older one says its file is gone.
    expect(await objectStorage().list(mixdownFolder(owner.userId, project.id))).toEqual(ids.slice(2).map((id) => mixdownKey(owner.userId, project.id, id)).sort());
    expect((await owner.api.getMixdown(ids[0]!)).mixdown).toMatchObject({ status: "failed", downloadUrl: null, error: expect.stringMatching(/^This mixdown's file is gone/) });
    expect((await owner.api.getMixdown(ids[4]!)).mixdown).toMatchObject({ status: "done", downloadUrl: expect.any(String) });
  }, 40_000);
});
