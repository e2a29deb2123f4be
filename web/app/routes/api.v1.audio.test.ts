/**
 * The audio mixer's projects and tracks through the JSON API (the shared ApiClient against the
 * routes), with the real database, real ffmpeg and the local object store: uploads checked by
 * content, limits, ownership, order, and tracks kept on the device that are uploaded later.
 */
import { describe, expect, it } from "vitest";
import { ApiError, type ApiClient } from "@spike-land/shared/api/client";
import { ACCEPTED_AUDIO_TEXT, MAX_AUDIO_FILE_BYTES, MAX_AUDIO_STORAGE_BYTES, MAX_PROJECTS_PER_USER, MAX_TRACKS_PER_PROJECT } from "@spike-land/shared/audio/formats";
import { decodeWav } from "@spike-land/shared/audio/wav";
import { prisma } from "../.server/platform/db.server.ts";
import { objectStorage } from "../.server/providers/storage/index.server.ts";
import { createProject, getProject, registerLocalTrack } from "../.server/audio/projects.server.ts";
import { projectPrefix } from "../.server/audio/records.server.ts";
import { makeUser, signIn } from "../../test/fixtures.ts";
import { audioClient, constantWav, encodedTone, longSilenceMp3, type EncodedFormat } from "../../test/audio.ts";
import { getRequest, jsonRequest, routeArgs, run } from "../../test/request.ts";
import { action as tracksAction } from "./api.v1.audio.projects.$id.tracks.tsx";
import { action as projectsAction, loader as projectsLoader } from "./api.v1.audio.projects.tsx";

async function apiUser(): Promise<{ userId: string; api: ApiClient; token: string }> {
  const user = await makeUser();
  const { token } = await signIn(user.id);
  return { userId: user.id, api: audioClient(token), token };
}

/** The ApiError a call fails with (the test fails if it succeeds). */
async function refusal(call: Promise<unknown>): Promise<ApiError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error("The call succeeded but should have been refused");
}

const upload = (api: ApiClient, projectId: string, bytes: Buffer, name: string, trackName?: string) =>
  api.uploadAudioTrack(projectId, { bytes, name, trackName });

const storedKeys = (userId: string, projectId: string) => objectStorage().list(projectPrefix(userId, projectId));

const TONE_SECONDS = 2;

describe("audio endpoints need a session", () => {
  it("answers 401 without a token and 405 with Allow to other methods", async () => {
    const anonymous = audioClient(null);
    expect((await refusal(anonymous.listAudioProjects())).status).toBe(401);
    expect((await refusal(anonymous.createAudioProject({ name: "x" }))).status).toBe(401);
    const { token } = await apiUser();
    const other = await run(() => projectsAction(routeArgs(jsonRequest("/api/v1/audio/projects", {}, { token, method: "PUT" }))));
    expect(other.status).toBe(405);
    expect(other.headers.get("Allow")).toBe("GET, POST");
  });
});

describe("projects", () => {
  it("creates, lists (most recently changed first, with storage use), renames and deletes projects", async () => {
    const { api } = await apiUser();
    const first = (await api.createAudioProject({ name: "  Demo song ", description: "First take" })).project;
    expect(first).toMatchObject({ name: "Demo song", description: "First take", trackCount: 0, duration: 0, tracks: [] });
    const second = (await api.createAudioProject({ name: "Second" })).project;
    expect(second.description).toBeNull();

    let list = await api.listAudioProjects();
    expect(list.projects.map((project) => project.name)).toEqual(["Second", "Demo song"]);
    expect(list.usage).toEqual({ usedBytes: 0, limitBytes: MAX_AUDIO_STORAGE_BYTES, projectCount: 2, projectLimit: MAX_PROJECTS_PER_USER });

    const renamed = (await api.updateAudioProject(first.id, { name: "Final song", description: null })).project;
    expect(renamed).toMatchObject({ name: "Final song", description: null });
    list = await api.listAudioProjects();
    expect(list.projects.map((project) => project.name)).toEqual(["Final song", "Second"]);

    const invalid = await refusal(api.createAudioProject({ name: " " }));
    expect(invalid).toMatchObject({ status: 422, code: "validation_failed", message: "name: Give the project a name." });
    expect((await refusal(api.updateAudioProject(first.id, {}))).status).toBe(422);

    await api.deleteAudioProject(first.id);
    expect((await refusal(api.getAudioProject(first.id))).message).toBe("We could not find that project.");
    expect((await api.listAudioProjects()).projects.map((project) => project.id)).toEqual([second.id]);
  });

  it(`keeps at most ${MAX_PROJECTS_PER_USER} projects per person`, async () => {
    const { userId, api } = await apiUser();
    await prisma.audioMixerProject.createMany({ data: Array.from({ length: MAX_PROJECTS_PER_USER }, (_, i) => ({ userId, name: `P${i}` })) });
    const full = await refusal(api.createAudioProject({ name: "One more" }));
    expect(full.status).toBe(409);
    expect(full.message).toBe(`You have ${MAX_PROJECTS_PER_USER} projects, the most you can keep. Delete a project to start another.`);
  });
});

describe("uploading tracks", () => {
  const formats: EncodedFormat[] = ["wav", "mp3", "ogg", "flac", "webm", "m4a"];

  it("accepts each format by content, with its length read by ffmpeg, at the end of the project", async () => {
    const { userId, api } = await apiUser();
    const { project } = await api.createAudioProject({ name: "Formats" });
    for (const [index, format] of formats.entries()) {
      const bytes = await encodedTone(format, TONE_SECONDS);
      // The file name's extension does not matter: the content decides.
      const { track } = await upload(api, project.id, bytes, `take ${index + 1}.bin`);
      expect(track).toMatchObject({ name: `take ${index + 1}`, fileFormat: format, storageType: "R2", sortOrder: index, fileSizeBytes: bytes.length, muted: false, volume: 1 });
      // Encoders pad or trim a few milliseconds; what decodes is within 60 ms of the tone.
      expect(Math.abs(track.duration - TONE_SECONDS)).toBeLessThan(0.06);
      expect(track.fileUrl).toMatch(/^http:\/\/localhost:3999\/files\/audio\//);
      expect(Buffer.from(await api.downloadFile(track.fileUrl!)).equals(bytes)).toBe(true);
    }
    const detail = (await api.getAudioProject(project.id)).project;
    expect(detail.tracks.map((track) => track.fileFormat)).toEqual(formats);
    expect(detail.trackCount).toBe(formats.length);
    expect(Math.abs(detail.duration - TONE_SECONDS)).toBeLessThan(0.06);
    const list = await api.listAudioProjects();
    expect(list.usage.usedBytes).toBe(detail.tracks.reduce((sum, track) => sum + track.fileSizeBytes, 0));
    const keys = await storedKeys(userId, project.id);
    expect(keys).toHaveLength(formats.length);
    for (const track of detail.tracks) expect(keys).toContain(`audio/${userId}/${project.id}/${track.id}.${track.fileFormat}`);
  }, 60_000);

  it("names the track from the name field when given, and WAV from a constant-value file reads back exactly", async () => {
    const { api } = await apiUser();
    const { project } = await api.createAudioProject({ name: "Names" });
    const bytes = constantWav(0.5, 0.25, -0.5);
    const { track } = await upload(api, project.id, bytes, "ignored.wav", "Bass DI");
    expect(track.name).toBe("Bass DI");
    expect(track.duration).toBeCloseTo(0.5, 3);
    const back = decodeWav(await api.downloadFile(track.fileUrl!));
    expect(back.channels[0]![100]).toBeCloseTo(0.25, 4);
    expect(back.channels[1]![100]).toBeCloseTo(-0.5, 4);
    const tooLong = await refusal(upload(api, project.id, bytes, "x.wav", "n".repeat(121)));
    expect(tooLong).toMatchObject({ status: 422, message: "Keep the track name under 120 characters." });
  });

  it("refuses a text file named .wav, and corrupt or cut-short audio, storing nothing", async () => {
    const { userId, api } = await apiUser();
    const { project } = await api.createAudioProject({ name: "Refusals" });
    const text = await refusal(upload(api, project.id, Buffer.from("this is not audio at all, just words\n".repeat(50)), "song.wav"));
    expect(text.status).toBe(422);
    expect(text.message).toBe(`This file is not an audio file we can use. Upload ${ACCEPTED_AUDIO_TEXT}.`);

    const flac = await encodedTone("flac", 1);
    const cutShort = await refusal(upload(api, project.id, flac.subarray(0, 200), "cut.flac"));
    expect(cutShort.status).toBe(422);
    expect(cutShort.message).toMatch(/^We could not read this audio file: /);

    // A real FLAC header followed by noise: ffprobe opens it, but nothing decodes.
    const garbage = Buffer.concat([flac.subarray(0, 100), Buffer.alloc(30_000, 0x5a)]);
    const damaged = await refusal(upload(api, project.id, garbage, "damaged.flac"));
    expect(damaged.status).toBe(422);
    expect(damaged.message).toMatch(/^We could not read this audio file: /);

    const m4a = await encodedTone("m4a", 1);
    const noIndex = await refusal(upload(api, project.id, m4a.subarray(0, 300), "cut.m4a"));
    expect(noIndex.status).toBe(422);
    expect(noIndex.message).toMatch(/^We could not read this audio file: /);

    const empty = await refusal(upload(api, project.id, Buffer.alloc(0), "empty.wav"));
    expect(empty.status).toBe(422);

    expect((await api.getAudioProject(project.id)).project.tracks).toEqual([]);
    expect(await storedKeys(userId, project.id)).toEqual([]);
  }, 30_000);

  it("refuses a track longer than 20 minutes", async () => {
    const { api } = await apiUser();
    const { project } = await api.createAudioProject({ name: "Long" });
    const error = await refusal(upload(api, project.id, await longSilenceMp3(21 * 60), "long.mp3"));
    expect(error.status).toBe(422);
    expect(error.message).toBe("This track is 21 minutes long; a track can be at most 20 minutes.");
  }, 60_000);

  it("refuses a file over the size limit with 413", async () => {
    const { token } = await apiUser();
    const { project } = await audioClient(token).createAudioProject({ name: "Big" });
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(MAX_AUDIO_FILE_BYTES + 1)]), "huge.wav");
    const request = new Request(`http://localhost:3999/api/v1/audio/projects/${project.id}/tracks`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}` },
      body: form,
    });
    const result = await run(() => tracksAction(routeArgs(request, { id: project.id })));
    expect(result.status).toBe(413);
    expect(result.body.error).toMatchObject({ code: "payload_too_large", message: "This file is larger than 120.0 MB, the limit for an audio file." });
  }, 60_000);

  it(`holds at most ${MAX_TRACKS_PER_PROJECT} tracks per project, and keeps each person within their storage`, async () => {
    const { userId, api } = await apiUser();
    const { project } = await api.createAudioProject({ name: "Full" });
    for (let i = 0; i < MAX_TRACKS_PER_PROJECT; i++) {
      await api.registerLocalAudioTrack(project.id, { name: `Local ${i}`, fileFormat: "wav", duration: 1, fileSizeBytes: 1000 });
    }
    const wav = constantWav(0.2, 0.1);
    const full = await refusal(upload(api, project.id, wav, "one-more.wav"));
    expect(full).toMatchObject({ status: 409, message: `This project already has ${MAX_TRACKS_PER_PROJECT} tracks, the most a project can hold. Delete a track to add another.` });
    expect((await refusal(api.registerLocalAudioTrack(project.id, { name: "x", fileFormat: "mp3", duration: 1, fileSizeBytes: 1 }))).status).toBe(409);

    // Nearly all of the person's storage used by a stored track elsewhere (only its size counts here).
    const { project: other } = await api.createAudioProject({ name: "Archive" });
    await prisma.audioTrack.create({
      data: { projectId: other.id, name: "Huge", fileFormat: "wav", duration: 600, fileSizeBytes: MAX_AUDIO_STORAGE_BYTES - 1000, storageType: "R2", fileR2Key: `audio/${userId}/${other.id}/huge.wav` },
    });
    const noRoom = await refusal(upload(api, other.id, wav, "small.wav"));
    expect(noRoom.status).toBe(413);
    expect(noRoom.message).toMatch(/^This audio would take your storage past its 2 GB limit \(2 GB used\)\. Delete tracks or projects to make room\.$/);
    expect((await api.listAudioProjects()).usage.usedBytes).toBe(MAX_AUDIO_STORAGE_BYTES - 1000);
    // Tracks kept on the device do not use server storage.
    expect((await api.registerLocalAudioTrack(other.id, { name: "Phone take", fileFormat: "webm", duration: 3, fileSizeBytes: 5000 })).track.storageType).toBe("OPFS");
  }, 30_000);

  it("answers 400 for a body that is neither multipart nor JSON, and 422 for a form without a file", async () => {
    const { token } = await apiUser();
    const { project } = await audioClient(token).createAudioProject({ name: "Forms" });
    const text = new Request(`http://localhost:3999/api/v1/audio/projects/${project.id}/tracks`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "text/plain" },
      body: "hello",
    });
    expect((await run(() => tracksAction(routeArgs(text, { id: project.id })))).status).toBe(400);
    const form = new FormData();
    form.append("name", "No file");
    const noFile = new Request(`http://localhost:3999/api/v1/audio/projects/${project.id}/tracks`, { method: "POST", headers: { Authorization: `Bearer ${token}` }, body: form });
    const result = await run(() => tracksAction(routeArgs(noFile, { id: project.id })));
    expect(result.status).toBe(422);
    expect(result.body.error.message).toBe("Choose an audio file to upload (send it in a part named file).");
  });
});

describe("tracks", () => {
  it("changes name and mix settings, bumping the project; deletes a track with its file", async () => {
    const { userId, api } = await apiUser();
    const { project } = await api.createAudioProject({ name: "Mix" });
    const { track } = await upload(api, project.id, constantWav(0.3, 0.2), "Drums.wav");
    const before = (await api.getAudioProject(project.id)).project.updatedAt;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const changed = (await api.updateAudioTrack(track.id, { name: "Kit", volume: 0.5, muted: true, solo: true })).track;
    expect(changed).toMatchObject({ name: "Kit", volume: 0.5, muted: true, solo: true });
    expect((await api.getAudioTrack(track.id)).track).toMatchObject({ name: "Kit", volume: 0.5 });
    expect((await api.getAudioProject(project.id)).project.updatedAt > before).toBe(true);

    const loud = await refusal(api.updateAudioTrack(track.id, { volume: 3 }));
    expect(loud).toMatchObject({ status: 422, message: "volume: Volume cannot go above 2 (+6 dB)." });
    expect((await refusal(api.updateAudioTrack(track.id, {}))).status).toBe(422);

    expect(await storedKeys(userId, project.id)).toHaveLength(1);
    await api.deleteAudioTrack(track.id);
    expect(await storedKeys(userId, project.id)).toEqual([]);
    expect((await refusal(api.getAudioTrack(track.id))).message).toBe("We could not find that track.");
  });

  it("reorders only with every track of the project, each once", async () => {
    const { userId, api } = await apiUser();
    const { project } = await api.createAudioProject({ name: "Order" });
    const ids: string[] = [];
    for (const name of ["A", "B", "C"]) ids.push((await registerLocalTrack(userId, project.id, { name, fileFormat: "wav", duration: 1, fileSizeBytes: 10 })).id);
    const { project: elsewhere } = await api.createAudioProject({ name: "Elsewhere" });
    const foreign = (await registerLocalTrack(userId, elsewhere.id, { name: "Z", fileFormat: "wav", duration: 1, fileSizeBytes: 10 })).id;
    const [a, b, c] = ids as [string, string, string];

    expect(await refusal(api.reorderAudioTracks(project.id, [c, b]))).toMatchObject({
      status: 422,
      message: "List every track of the project: 1 of its 3 tracks is missing from the order.",
    });
    expect(await refusal(api.reorderAudioTracks(project.id, [c, b, b]))).toMatchObject({
      status: 422,
      message: `Track ${b} is listed more than once; list each track of the project once.`,
    });
    expect(await refusal(api.reorderAudioTracks(project.id, [c, b, foreign]))).toMatchObject({ status: 422, message: `Track ${foreign} is not a track of this project.` });
    expect((await refusal(api.reorderAudioTracks(project.id, []))).status).toBe(422);

    expect((await api.reorderAudioTracks(project.id, [c, a, b])).trackIds).toEqual([c, a, b]);
    const tracks = (await api.getAudioProject(project.id)).project.tracks;
    expect(tracks.map((track) => [track.name, track.sortOrder])).toEqual([["C", 0], ["A", 1], ["B", 2]]);
    // A new track goes after the last one.
    const { track } = await upload(api, project.id, constantWav(0.1, 0.1), "D.wav");
    expect(track.sortOrder).toBe(3);
  });
});

describe("tracks kept on the device (OPFS)", () => {
  it("registers a track without a file, then its upload moves it to the object store; a replacement deletes the old file", async () => {
    const { userId, api } = await apiUser();
    const { project } = await api.createAudioProject({ name: "Phone" });
    const { track } = await api.registerLocalAudioTrack(project.id, { name: "Voice memo", fileFormat: "webm", duration: 12.5, fileSizeBytes: 48_000 });
    expect(track).toMatchObject({ name: "Voice memo", storageType: "OPFS", fileUrl: null, fileFormat: "webm", duration: 12.5, fileSizeBytes: 48_000, sortOrder: 0 });
    expect((await api.listAudioProjects()).usage.usedBytes).toBe(0);
    const invalid = await refusal(api.registerLocalAudioTrack(project.id, { name: "x", fileFormat: "aiff" as "wav", duration: 1, fileSizeBytes: 1 }));
    expect(invalid.status).toBe(422);

    await api.updateAudioTrack(track.id, { volume: 0.8 });
    const webm = await encodedTone("webm", 1.5);
    const uploaded = (await api.uploadAudioTrackFile(track.id, { bytes: webm, name: "memo.webm" })).track;
    expect(uploaded).toMatchObject({ id: track.id, name: "Voice memo", storageType: "R2", fileFormat: "webm", fileSizeBytes: webm.length, volume: 0.8, sortOrder: 0 });
    expect(Math.abs(uploaded.duration - 1.5)).toBeLessThan(0.06);
    expect(Buffer.from(await api.downloadFile(uploaded.fileUrl!)).equals(webm)).toBe(true);
    expect((await api.listAudioProjects()).usage.usedBytes).toBe(webm.length);
    const [firstKey] = await storedKeys(userId, project.id);

    const wav = constantWav(0.4, 0.3);
    const replaced = (await api.uploadAudioTrackFile(track.id, { bytes: wav, name: "better.wav", trackName: "Voice memo 2" })).track;
    expect(replaced).toMatchObject({ name: "Voice memo 2", fileFormat: "wav", fileSizeBytes: wav.length });
    const keys = await storedKeys(userId, project.id);
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toBe(firstKey);
    expect((await api.listAudioProjects()).usage.usedBytes).toBe(wav.length);

    const refused = await refusal(api.uploadAudioTrackFile(track.id, { bytes: Buffer.from("not audio"), name: "x.wav" }));
    expect(refused.status).toBe(422);
    expect((await api.getAudioTrack(track.id)).track.fileFormat).toBe("wav");
  }, 30_000);
});

describe("ownership", () => {
  it("answers 404 for everything of someone else's", async () => {
    const owner = await apiUser();
    const { project } = await owner.api.createAudioProject({ name: "Mine" });
    const { track } = await upload(owner.api, project.id, constantWav(0.2, 0.1), "mine.wav");
    const { api } = await apiUser();
    const projectMissing = { status: 404, code: "not_found", message: "We could not find that project." };
    const trackMissing = { status: 404, code: "not_found", message: "We could not find that track." };
    expect(await refusal(api.getAudioProject(project.id))).toMatchObject(projectMissing);
    expect(await refusal(api.updateAudioProject(project.id, { name: "Taken" }))).toMatchObject(projectMissing);
    // Even with a body that is not valid, someone else's project is not found.
    expect(await refusal(api.updateAudioProject(project.id, { name: "" }))).toMatchObject(projectMissing);
    expect(await refusal(api.deleteAudioProject(project.id))).toMatchObject(projectMissing);
    expect(await refusal(upload(api, project.id, constantWav(0.2, 0.1), "theirs.wav"))).toMatchObject(projectMissing);
    expect(await refusal(api.registerLocalAudioTrack(project.id, { name: "x", fileFormat: "wav", duration: 1, fileSizeBytes: 1 }))).toMatchObject(projectMissing);
    expect(await refusal(api.reorderAudioTracks(project.id, [track.id]))).toMatchObject(projectMissing);
    expect(await refusal(api.requestMixdown(project.id))).toMatchObject(projectMissing);
    expect(await refusal(api.getAudioTrack(track.id))).toMatchObject(trackMissing);
    expect(await refusal(api.updateAudioTrack(track.id, { muted: true }))).toMatchObject(trackMissing);
    expect(await refusal(api.uploadAudioTrackFile(track.id, { bytes: constantWav(0.2, 0.1), name: "x.wav" }))).toMatchObject(trackMissing);
    expect(await refusal(api.deleteAudioTrack(track.id))).toMatchObject(trackMissing);
    expect((await api.listAudioProjects()).projects).toEqual([]);

    // Nothing changed for the owner.
    const still = await getProject(owner.userId, project.id);
    expect(still.name).toBe("Mine");
    expect(still.tracks.map((t) => [t.id, t.muted])).toEqual([[track.id, false]]);
  });

  it("the service functions are scoped by owner too", async () => {
    const owner = await makeUser();
    const project = await createProject(owner.id, { name: "Service" });
    const stranger = await makeUser();
    await expect(getProject(stranger.id, project.id)).rejects.toMatchObject({ status: 404, message: "We could not find that project." });
    await expect(registerLocalTrack(stranger.id, project.id, { name: "x", fileFormat: "wav", duration: 1, fileSizeBytes: 1 })).rejects.toMatchObject({ status: 404 });
    const result = await run(() => projectsLoader(routeArgs(getRequest("/api/v1/audio/projects"))));
    expect(result.status).toBe(401);
  });
});
