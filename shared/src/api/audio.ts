/**
 * API contract for the audio mixer: projects, their tracks (uploaded to the object store, or kept on
 * the client only), mix settings, and server-side mixdowns. Used by the web app's mixer, the desktop
 * app and API clients.
 */
import { z } from "zod";
import { AUDIO_FORMAT_NAMES, MAX_AUDIO_FILE_BYTES, MAX_TRACK_SECONDS, MAX_TRACKS_PER_PROJECT } from "../audio/formats.ts";
import { MAX_VOLUME, MIN_VOLUME } from "../audio/mix.ts";

export const AUDIO_STORAGE_TYPES = ["R2", "OPFS"] as const;
export type AudioStorageType = (typeof AUDIO_STORAGE_TYPES)[number];
export const MIXDOWN_STATUSES = ["queued", "rendering", "done", "failed"] as const;
export type MixdownStatus = (typeof MIXDOWN_STATUSES)[number];
/** Where a finished mixdown goes: a WAV to download, or a new (muted) track at the end of the project. */
export const MIXDOWN_TARGETS = ["download", "track"] as const;
export type MixdownTarget = (typeof MIXDOWN_TARGETS)[number];

const projectName = z
  .string({ error: "Give the project a name." })
  .trim()
  .min(1, "Give the project a name.")
  .max(80, "Keep the project name under 80 characters.");
const projectDescription = z.string({ error: "The description must be text." }).trim().max(2000, "Keep the description under 2000 characters.");
export const trackName = z
  .string({ error: "Give the track a name." })
  .trim()
  .min(1, "Give the track a name.")
  .max(120, "Keep the track name under 120 characters.");
const volume = z
  .number({ error: `Volume is a number from ${MIN_VOLUME} to ${MAX_VOLUME} (1 leaves the track as recorded).` })
  .min(MIN_VOLUME, `Volume cannot go below ${MIN_VOLUME} (silent).`)
  .max(MAX_VOLUME, `Volume cannot go above ${MAX_VOLUME} (+6 dB).`);
const id = (message: string) => z.string({ error: message }).trim().min(1, message).max(64, "That id is not valid.");

// ---- Requests ----------------------------------------------------------------------------------

export const createAudioProjectRequest = z.object({
  name: projectName,
  description: projectDescription.nullish(),
});
export type CreateAudioProjectRequest = z.input<typeof createAudioProjectRequest>;

export const updateAudioProjectRequest = z
  .object({ name: projectName.optional(), description: projectDescription.nullable().optional() })
  .refine((input) => input.name !== undefined || input.description !== undefined, { message: "Send a name or a description to change." });
export type UpdateAudioProjectRequest = z.input<typeof updateAudioProjectRequest>;

export const updateAudioTrackRequest = z
  .object({
    name: trackName.optional(),
    volume: volume.optional(),
    muted: z.boolean({ error: "muted is true or false." }).optional(),
    solo: z.boolean({ error: "solo is true or false." }).optional(),
  })
  .refine((input) => Object.values(input).some((value) => value !== undefined), {
    message: "Send at least one of name, volume, muted or solo.",
  });
export type UpdateAudioTrackRequest = z.input<typeof updateAudioTrackRequest>;

export const reorderAudioTracksRequest = z.object({
  trackIds: z
    .array(id("Each track id must be a non-empty string."), { error: "Send trackIds as a list of track ids, in the new order." })
    .min(1, "Send at least one track id.")
    .max(MAX_TRACKS_PER_PROJECT, `A project holds at most ${MAX_TRACKS_PER_PROJECT} tracks.`),
});
export type ReorderAudioTracksRequest = z.input<typeof reorderAudioTracksRequest>;

/**
 * A track whose audio stays on the client (storageType OPFS): only its description is stored. Its
 * file can be uploaded later with PUT /audio/tracks/:id/file, which moves it to the object store.
 */
export const registerLocalTrackRequest = z.object({
  name: trackName,
  fileFormat: z.enum(AUDIO_FORMAT_NAMES, { error: `The format must be one of ${AUDIO_FORMAT_NAMES.join(", ")}.` }),
  duration: z
    .number({ error: "Send the duration in seconds." })
    .positive("The duration must be more than 0 seconds.")
    .max(MAX_TRACK_SECONDS, `A track can be at most ${MAX_TRACK_SECONDS / 60} minutes long.`),
  fileSizeBytes: z
    .number({ error: "Send the file's size in bytes." })
    .int("The size is a whole number of bytes.")
    .positive("The file is empty.")
    .max(MAX_AUDIO_FILE_BYTES, `A file can be at most ${MAX_AUDIO_FILE_BYTES / (1024 * 1024)} MB.`),
});
export type RegisterLocalTrackRequest = z.input<typeof registerLocalTrackRequest>;

export const mixdownRequest = z.object({
  target: z.enum(MIXDOWN_TARGETS, { error: "Choose where the mixdown goes: download or track." }).default("download"),
});
export type MixdownRequest = z.input<typeof mixdownRequest>;

// ---- Responses ---------------------------------------------------------------------------------

export const audioTrack = z.object({
  id: z.string(),
  projectId: z.string(),
  name: z.string(),
  fileFormat: z.string(),
  duration: z.number(),
  fileSizeBytes: z.number().int(),
  volume: z.number(),
  muted: z.boolean(),
  solo: z.boolean(),
  sortOrder: z.number().int(),
  storageType: z.enum(AUDIO_STORAGE_TYPES),
  /** A link anyone holding it can GET for a few hours (the audio file); null while the audio is client-only. */
  fileUrl: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type AudioTrack = z.infer<typeof audioTrack>;

export const audioProjectSummary = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  trackCount: z.number().int(),
  /** The longest track's duration: how long the mix runs. */
  duration: z.number(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type AudioProjectSummary = z.infer<typeof audioProjectSummary>;

export const audioStorageUsage = z.object({
  usedBytes: z.number().int(),
  limitBytes: z.number().int(),
  projectCount: z.number().int(),
  projectLimit: z.number().int(),
});
export type AudioStorageUsage = z.infer<typeof audioStorageUsage>;

export const audioProjectListResponse = z.object({ projects: z.array(audioProjectSummary), usage: audioStorageUsage });
export type AudioProjectListResponse = z.infer<typeof audioProjectListResponse>;

export const audioProjectDetail = audioProjectSummary.extend({ tracks: z.array(audioTrack) });
export type AudioProjectDetail = z.infer<typeof audioProjectDetail>;

export const audioProjectResponse = z.object({ project: audioProjectDetail });
export type AudioProjectResponse = z.infer<typeof audioProjectResponse>;

export const audioTrackResponse = z.object({ track: audioTrack });
export type AudioTrackResponse = z.infer<typeof audioTrackResponse>;

export const reorderAudioTracksResponse = z.object({ trackIds: z.array(z.string()) });
export type ReorderAudioTracksResponse = z.infer<typeof reorderAudioTracksResponse>;

export const mixdown = z.object({
  id: z.string(),
  projectId: z.string(),
  status: z.enum(MIXDOWN_STATUSES),
  target: z.enum(MIXDOWN_TARGETS),
  /** What went wrong, in words a person can act on, when the status is failed. */
  error: z.string().nullable(),
  /** The new track, for target "track" once done. */
  trackId: z.string().nullable(),
  /** A link to the WAV (download) once done. */
  downloadUrl: z.string().nullable(),
  duration: z.number().nullable(),
  /** The loudest sample before clipping (1 = full scale), and how many samples were clipped. */
  peak: z.number().nullable(),
  clippedSamples: z.number().int().nullable(),
  createdAt: z.iso.datetime(),
});
export type Mixdown = z.infer<typeof mixdown>;

export const mixdownResponse = z.object({ mixdown });
export type MixdownResponse = z.infer<typeof mixdownResponse>;
