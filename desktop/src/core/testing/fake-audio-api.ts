/**
 * An in-memory stand-in for the audio part of the API client, for the mixer's sync tests: it keeps
 * projects and tracks as the server would, logs every call, can be taken offline (every call fails
 * as unreachable), can be told to refuse particular calls, and can lose a call's answer after doing it.
 */
import { ApiError, type ApiClient, type UploadAudioInput } from "@spike-land/shared/api/client";
import type { AudioProjectDetail, AudioTrack, RegisterLocalTrackRequest, UpdateAudioProjectRequest, UpdateAudioTrackRequest } from "@spike-land/shared/api/audio";

export type FakeAudioApi = {
  api: ApiClient;
  projects: Map<string, AudioProjectDetail>;
  calls: string[];
  offline: boolean;
  /** Called before each method; throw to refuse it. */
  refuse: ((method: string, args: unknown[]) => void) | null;
  uploads: Map<string, Uint8Array>;
  /** Methods whose next call is carried out but whose answer is lost on the way back (a dropped connection). */
  loseAnswerOnce: Set<string>;
};

export function createFakeAudioApi(): FakeAudioApi {
  let next = 1;
  const now = () => new Date().toISOString();
  const state: FakeAudioApi = { api: null as unknown as ApiClient, projects: new Map(), calls: [], offline: false, refuse: null, uploads: new Map(), loseAnswerOnce: new Set() };

  const project = (id: string) => {
    const found = state.projects.get(id);
    if (!found) throw new ApiError(404, "not_found", "That project does not exist.");
    return found;
  };
  const track = (id: string) => {
    for (const candidate of state.projects.values()) {
      const found = candidate.tracks.find((t) => t.id === id);
      if (found) return { project: candidate, track: found };
    }
    throw new ApiError(404, "not_found", "That track does not exist.");
  };
  const summarise = (p: AudioProjectDetail) => {
    p.trackCount = p.tracks.length;
    p.duration = Math.max(0, ...p.tracks.map((t) => t.duration));
    return p;
  };
  const newTrack = (p: AudioProjectDetail, fields: Partial<AudioTrack>): AudioTrack => {
    const t: AudioTrack = {
      id: `srv-t${next++}`,
      projectId: p.id,
      name: "Track",
      fileFormat: "wav",
      duration: 1,
      fileSizeBytes: 1,
      volume: 1,
      muted: false,
      solo: false,
      sortOrder: p.tracks.length,
      storageType: "R2",
      fileUrl: null,
      createdAt: now(),
      updatedAt: now(),
      ...fields,
    };
    p.tracks.push(t);
    summarise(p);
    return t;
  };

  const methods = {
    async listAudioProjects() {
      return {
        projects: [...state.projects.values()].map(({ tracks: _tracks, ...summary }) => summary),
        usage: { usedBytes: 0, limitBytes: 1000, projectCount: state.projects.size, projectLimit: 50 },
      };
    },
    async getAudioProject(id: string) {
      return { project: structuredClone(project(id)) };
    },
    async createAudioProject(input: { name: string; description?: string | null }) {
      const p: AudioProjectDetail = { id: `srv-p${next++}`, name: input.name, description: input.description ?? null, trackCount: 0, duration: 0, createdAt: now(), updatedAt: now(), tracks: [] };
      state.projects.set(p.id, p);
      return { project: structuredClone(p) };
    },
    async updateAudioProject(id: string, input: UpdateAudioProjectRequest) {
      const p = project(id);
      if (input.name !== undefined) p.name = input.name;
      if (input.description !== undefined) p.description = input.description;
      return { project: structuredClone(p) };
    },
    async deleteAudioProject(id: string) {
      project(id);
      state.projects.delete(id);
    },
    async uploadAudioTrack(projectId: string, input: UploadAudioInput) {
      const t = newTrack(project(projectId), { name: input.trackName ?? input.name, fileSizeBytes: input.bytes.length, storageType: "R2" });
      t.fileUrl = `/files/${t.id}`;
      state.uploads.set(t.id, input.bytes);
      return { track: structuredClone(t) };
    },
    async registerLocalAudioTrack(projectId: string, input: RegisterLocalTrackRequest) {
      const t = newTrack(project(projectId), { ...input, storageType: "OPFS" });
      return { track: structuredClone(t) };
    },
    async reorderAudioTracks(projectId: string, trackIds: string[]) {
      const p = project(projectId);
      if (trackIds.length !== p.tracks.length || !p.tracks.every((t) => trackIds.includes(t.id))) {
        throw new ApiError(400, "validation_failed", "Send every track of the project once.");
      }
      for (const t of p.tracks) t.sortOrder = trackIds.indexOf(t.id);
      p.tracks.sort((a, b) => a.sortOrder - b.sortOrder);
      return { trackIds };
    },
    async getAudioTrack(id: string) {
      return { track: structuredClone(track(id).track) };
    },
    async updateAudioTrack(id: string, input: UpdateAudioTrackRequest) {
      const { track: t } = track(id);
      Object.assign(t, Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)));
      return { track: structuredClone(t) };
    },
    async deleteAudioTrack(id: string) {
      const found = track(id);
      found.project.tracks = found.project.tracks.filter((t) => t.id !== id);
      found.project.tracks.forEach((t, index) => (t.sortOrder = index));
      summarise(found.project);
    },
    async uploadAudioTrackFile(id: string, input: UploadAudioInput) {
      const { track: t } = track(id);
      Object.assign(t, { storageType: "R2", fileUrl: `/files/${t.id}`, fileSizeBytes: input.bytes.length });
      state.uploads.set(t.id, input.bytes);
      return { track: structuredClone(t) };
    },
    async downloadFile(url: string) {
      const bytes = state.uploads.get(url.replace("/files/", ""));
      if (!bytes) throw new ApiError(404, "not_found", "The download failed (404).");
      return bytes;
    },
  };

  state.api = new Proxy(methods, {
    get(target, name: string) {
      const method = target[name as keyof typeof methods] as ((...args: unknown[]) => Promise<unknown>) | undefined;
      if (!method) return undefined;
      return async (...args: unknown[]) => {
        if (state.offline) throw new ApiError(0, "network", "Could not reach the server. Check the address and your connection.");
        state.calls.push(name);
        state.refuse?.(name, args);
        const answer = await method(...args);
        if (state.loseAnswerOnce.delete(name)) throw new ApiError(0, "network", "The connection dropped before the server answered.");
        return answer;
      };
    },
  }) as unknown as ApiClient;
  return state;
}
