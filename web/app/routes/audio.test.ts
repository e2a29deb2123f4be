/** The audio pages' loaders and forms (/audio and /audio/:id), called as the server calls them, with the real database, ffmpeg and the local object store. */
import { describe, expect, it } from "vitest";
import { MAX_AUDIO_STORAGE_BYTES, MAX_PROJECTS_PER_USER } from "@spike-land/shared/audio/formats";
import { encodeWav } from "@spike-land/shared/audio/wav";
import { prisma } from "../.server/platform/db.server.ts";
import { addUploadedTrack, createProject, getProject } from "../.server/audio/projects.server.ts";
import { action as indexAction, loader as indexLoader } from "./audio._index.tsx";
import { action as projectAction, loader as projectLoader } from "./audio.$id.tsx";
import { formRequest, getRequest, routeArgs, run } from "../../test/request.ts";
import { makeUser, signIn } from "../../test/fixtures.ts";

async function signedInUser() {
  const user = await makeUser();
  const { cookie } = await signIn(user.id);
  return { user, cookie };
}

/** A mono 16-bit WAV of one constant value. */
function wav(seconds: number, value: number): Buffer {
  return Buffer.from(encodeWav([new Float32Array(Math.round(seconds * 44_100)).fill(value)], 44_100));
}

/** The same as a file's contents for a form. */
const wavBlob = (seconds: number, value: number, type?: string) => new Blob([new Uint8Array(wav(seconds, value))], type ? { type } : {});

const post = (projectId: string, fields: Record<string, string>, cookie: string) =>
  run(() => projectAction(routeArgs(formRequest(`/audio/${projectId}`, fields, { cookie }), { id: projectId })));

function uploadForm(file: Blob | null, fileName: string, name?: string): FormData {
  const form = new FormData();
  form.append("intent", "upload");
  if (file) form.append("file", file, fileName);
  if (name !== undefined) form.append("name", name);
  return form;
}

const upload = (projectId: string, form: FormData, cookie: string) =>
  run(() => projectAction(routeArgs(formRequest(`/audio/${projectId}`, form, { cookie }), { id: projectId })));

async function withTracks(userId: string, names: string[]) {
  const project = await createProject(userId, { name: "Band" });
  for (const name of names) await addUploadedTrack(userId, project.id, { bytes: wav(0.5, 0.25), fileName: `${name}.wav`, name });
  return getProject(userId, project.id);
}

describe("signed out", () => {
  it("sends visitors to sign in, for reading and for every form", async () => {
    expect((await run(() => indexLoader(routeArgs(getRequest("/audio"))))).location).toBe("/login?redirectTo=%2Faudio");
    expect((await run(() => indexAction(routeArgs(formRequest("/audio", { intent: "create", name: "X" }))))).location).toMatch(/^\/login/);
    expect((await run(() => projectLoader(routeArgs(getRequest("/audio/x"), { id: "x" })))).location).toMatch(/^\/login/);
    expect((await run(() => projectAction(routeArgs(formRequest("/audio/x", { intent: "delete" }), { id: "x" })))).location).toMatch(/^\/login/);
  });
});

describe("projects page", () => {
  it("starts empty with the storage allowance, creates a project from the form and opens it", async () => {
    const { user, cookie } = await signedInUser();
    const empty = await run(() => indexLoader(routeArgs(getRequest("/audio", { cookie }))));
    expect(empty.body).toEqual({ projects: [], usage: { usedBytes: 0, limitBytes: MAX_AUDIO_STORAGE_BYTES, projectCount: 0, projectLimit: MAX_PROJECTS_PER_USER } });

    const created = await run(() => indexAction(routeArgs(formRequest("/audio", { intent: "create", name: "  Demo  ", description: "" }, { cookie }))));
    const project = await prisma.audioMixerProject.findFirstOrThrow({ where: { userId: user.id } });
    expect(created.location).toBe(`/audio/${project.id}`);
    expect(project).toMatchObject({ name: "Demo", description: null });

    await addUploadedTrack(user.id, project.id, { bytes: wav(1.5, 0.1), fileName: "take.wav" });
    const listed = await run(() => indexLoader(routeArgs(getRequest("/audio", { cookie }))));
    expect(listed.body.projects).toMatchObject([{ id: project.id, name: "Demo", trackCount: 1 }]);
    expect(listed.body.projects[0].duration).toBeCloseTo(1.5, 2);
    expect(listed.body.usage.usedBytes).toBeGreaterThan(1.5 * 44_100 * 2);
    expect(listed.body.usage.projectCount).toBe(1);
  });

  it("answers invalid names on the name field", async () => {
    const { user, cookie } = await signedInUser();
    const blank = await run(() => indexAction(routeArgs(formRequest("/audio", { intent: "create", name: "   " }, { cookie }))));
    expect(blank.status).toBe(400);
    expect(blank.fieldErrors.name).toEqual(["Give the project a name."]);
    const long = await run(() => indexAction(routeArgs(formRequest("/audio", { intent: "create", name: "x".repeat(81) }, { cookie }))));
    expect(long.status).toBe(400);
    expect(long.fieldErrors.name).toEqual(["Keep the project name under 80 characters."]);
    const unknown = await run(() => indexAction(routeArgs(formRequest("/audio", { intent: "export" }, { cookie }))));
    expect(unknown.status).toBe(400);
    expect(unknown.message).toBe("That action is not one this page offers.");
    expect(await prisma.audioMixerProject.count({ where: { userId: user.id } })).toBe(0);
  });

  it("deletes the person's own project, and no one else's", async () => {
    const { user, cookie } = await signedInUser();
    const { user: stranger, cookie: strangerCookie } = await signedInUser();
    const mine = await createProject(user.id, { name: "Mine" });
    const theirs = await createProject(stranger.id, { name: "Theirs" });

    const refused = await run(() => indexAction(routeArgs(formRequest("/audio", { intent: "delete", projectId: theirs.id }, { cookie }))));
    expect(refused.status).toBe(404);
    expect(refused.message).toBe("We could not find that project.");
    expect(await prisma.audioMixerProject.count({ where: { id: theirs.id } })).toBe(1);

    const deleted = await run(() => indexAction(routeArgs(formRequest("/audio", { intent: "delete", projectId: mine.id }, { cookie }))));
    expect(deleted.status).toBe(200);
    expect(deleted.message).toBe("Project deleted, with its tracks.");
    expect(await prisma.audioMixerProject.count({ where: { id: mine.id } })).toBe(0);
    const page = await run(() => indexLoader(routeArgs(getRequest("/audio", { cookie: strangerCookie }))));
    expect(page.body.projects.map((project: { name: string }) => project.name)).toEqual(["Theirs"]);
  });
});

describe("mixer page", () => {
  it("is not found for anyone but the owner, for reading and for every form", async () => {
    const { user } = await signedInUser();
    const { cookie: strangerCookie } = await signedInUser();
    const project = await withTracks(user.id, ["Drums"]);
    const trackId = project.tracks[0]!.id;
    expect((await run(() => projectLoader(routeArgs(getRequest(`/audio/${project.id}`, { cookie: strangerCookie }), { id: project.id })))).status).toBe(404);
    const forms: Array<Record<string, string>> = [
      { intent: "rename", name: "Mine now" },
      { intent: "delete" },
      { intent: "renameTrack", trackId, name: "Mine" },
      { intent: "mixTrack", trackId, muted: "true" },
      { intent: "moveTrack", trackId, direction: "down" },
      { intent: "deleteTrack", trackId },
    ];
    for (const fields of forms) {
      expect((await post(project.id, fields, strangerCookie)).status).toBe(404);
    }
    expect((await upload(project.id, uploadForm(wavBlob(0.2, 0.1), "x.wav"), strangerCookie)).status).toBe(404);
    expect(await getProject(user.id, project.id)).toMatchObject({ name: "Band", tracks: [{ name: "Drums", muted: false }] });
  });

  it("changes only tracks of this project: a track of the person's other project is not found here", async () => {
    const { user, cookie } = await signedInUser();
    const project = await withTracks(user.id, ["Bass"]);
    const other = await withTracks(user.id, ["Keys"]);
    const outcome = await post(project.id, { intent: "mixTrack", trackId: other.tracks[0]!.id, muted: "true" }, cookie);
    expect(outcome.status).toBe(404);
    expect((await getProject(user.id, other.id)).tracks[0]!.muted).toBe(false);
  });

  it("shows the tracks in order with links to their audio", async () => {
    const { user, cookie } = await signedInUser();
    const project = await withTracks(user.id, ["Drums", "Bass"]);
    const page = await run(() => projectLoader(routeArgs(getRequest(`/audio/${project.id}`, { cookie }), { id: project.id })));
    expect(page.status).toBe(200);
    expect(page.body.project).toMatchObject({ id: project.id, name: "Band", trackCount: 2 });
    expect(page.body.project.tracks.map((track: { name: string; fileUrl: string | null; volume: number }) => [track.name, Boolean(track.fileUrl), track.volume])).toEqual([
      ["Drums", true, 1],
      ["Bass", true, 1],
    ]);
  });

  it("renames the project and answers an invalid name on its field", async () => {
    const { user, cookie } = await signedInUser();
    const project = await createProject(user.id, { name: "Old" });
    const saved = await post(project.id, { intent: "rename", name: " New name ", description: "Live set" }, cookie);
    expect(saved.status).toBe(200);
    expect(saved.message).toBe("Project details saved.");
    expect(await getProject(user.id, project.id)).toMatchObject({ name: "New name", description: "Live set" });
    const cleared = await post(project.id, { intent: "rename", name: "New name", description: "" }, cookie);
    expect(cleared.status).toBe(200);
    expect((await getProject(user.id, project.id)).description).toBeNull();
    const blank = await post(project.id, { intent: "rename", name: "" }, cookie);
    expect(blank.status).toBe(400);
    expect(blank.fieldErrors.name).toEqual(["Give the project a name."]);
  });

  it("adds an uploaded file as a track, and says why a file is refused", async () => {
    const { user, cookie } = await signedInUser();
    const project = await createProject(user.id, { name: "Uploads" });
    const added = await upload(project.id, uploadForm(wavBlob(1, 0.2, "audio/wav"), "guitar take.wav"), cookie);
    expect(added.status).toBe(200);
    expect(added.message).toBe('Added the track "guitar take".');
    const named = await upload(project.id, uploadForm(wavBlob(0.5, 0.2), "x.wav", "Vocals"), cookie);
    expect(named.message).toBe('Added the track "Vocals".');
    const tracks = (await getProject(user.id, project.id)).tracks;
    expect(tracks.map((track) => [track.name, track.fileFormat])).toEqual([
      ["guitar take", "wav"],
      ["Vocals", "wav"],
    ]);
    expect(tracks[0]!.duration).toBeCloseTo(1, 2);

    const notAudio = await upload(project.id, uploadForm(new Blob(["just some text, not sound"]), "notes.wav"), cookie);
    expect(notAudio.status).toBe(422);
    expect(notAudio.message).toBe("This file is not an audio file we can use. Upload WAV, MP3, OGG, WebM, FLAC or M4A.");
    const none = await upload(project.id, uploadForm(null, ""), cookie);
    expect(none.status).toBe(400);
    expect(none.fieldErrors.file).toEqual(["Choose an audio file to upload."]);
    expect((await getProject(user.id, project.id)).tracks).toHaveLength(2);
  });

  it("renames, mixes, moves and deletes tracks from the row forms", async () => {
    const { user, cookie } = await signedInUser();
    const project = await withTracks(user.id, ["Drums", "Bass", "Keys"]);
    const [drums, bass, keys] = project.tracks;

    expect((await post(project.id, { intent: "renameTrack", trackId: drums!.id, name: " Kit " }, cookie)).message).toBe("Track name saved.");
    const blank = await post(project.id, { intent: "renameTrack", trackId: drums!.id, name: " " }, cookie);
    expect(blank.status).toBe(400);
    expect(blank.fieldErrors.name).toEqual(["Give the track a name."]);

    expect((await post(project.id, { intent: "mixTrack", trackId: bass!.id, volume: "0.5", muted: "true" }, cookie)).message).toBe("Mix saved.");
    expect((await post(project.id, { intent: "mixTrack", trackId: keys!.id, solo: "true" }, cookie)).status).toBe(200);
    const loud = await post(project.id, { intent: "mixTrack", trackId: bass!.id, volume: "2.5" }, cookie);
    expect(loud.status).toBe(400);
    expect(loud.message).toBe("Volume cannot go above 2 (+6 dB).");
    const odd = await post(project.id, { intent: "mixTrack", trackId: bass!.id, muted: "maybe" }, cookie);
    expect(odd.status).toBe(400);
    expect(odd.message).toBe("Mute is on or off.");

    expect((await post(project.id, { intent: "moveTrack", trackId: keys!.id, direction: "up" }, cookie)).message).toBe("New order saved.");
    expect((await post(project.id, { intent: "moveTrack", trackId: drums!.id, direction: "up" }, cookie)).message).toBe("The track is already there.");
    let tracks = (await getProject(user.id, project.id)).tracks;
    expect(tracks.map((track) => [track.name, track.volume, track.muted, track.solo])).toEqual([
      ["Kit", 1, false, false],
      ["Keys", 1, false, true],
      ["Bass", 0.5, true, false],
    ]);

    expect((await post(project.id, { intent: "deleteTrack", trackId: bass!.id }, cookie)).message).toBe("Track deleted.");
    tracks = (await getProject(user.id, project.id)).tracks;
    expect(tracks.map((track) => track.name)).toEqual(["Kit", "Keys"]);
  });

  it("deletes the project and goes back to the list", async () => {
    const { user, cookie } = await signedInUser();
    const project = await withTracks(user.id, ["Drums"]);
    const deleted = await post(project.id, { intent: "delete" }, cookie);
    expect(deleted.location).toBe("/audio");
    expect(await prisma.audioMixerProject.count({ where: { id: project.id } })).toBe(0);
    expect(await prisma.audioTrack.count({ where: { projectId: project.id } })).toBe(0);
  });
});
