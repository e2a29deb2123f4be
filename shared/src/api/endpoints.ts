/**
 * Every /api/v1 endpoint in one list: method, path, what it is for, who may call it, what it takes
 * and what it answers, with the zod schemas the server validates and the typed client checks. The
 * OpenAPI document (./openapi.ts), GET /api/v1 and the docs page at /docs/api are all made from it,
 * and a test compares it with the route files, so a new route without an entry here fails there.
 */
import { z } from "zod";
import { createSessionRequest, createSessionResponse, meResponse } from "./sessions.ts";
import {
  addAlbumImagesResponse,
  albumImageIdsRequest,
  albumListResponse,
  albumResponse,
  batchResponse,
  createAlbumRequest,
  enhanceAlbumRequest,
  enhanceAlbumResponse,
  enhanceImageRequest,
  pipelineListResponse,
  pipelineResponse,
  removeAlbumImagesResponse,
  reorderAlbumImagesResponse,
  updateAlbumRequest,
} from "./albums.ts";
import { checksumsRequest, checksumsResponse, MAX_CHECKSUMS_PER_REQUEST, sha256Hex, uploadResponse } from "./uploads.ts";
import { imageListQuery, imageListResponse, imageResponse, jobResponse } from "./images.ts";
import {
  agentTaskListResponse,
  agentTaskResponse,
  boxActionResponse,
  boxListResponse,
  boxMessageListResponse,
  boxResponse,
  boxTiersResponse,
  createBoxResponse,
  postBoxMessageResponse,
  vncTicketResponse,
} from "./boxes.ts";
import {
  audioProjectListResponse,
  audioProjectResponse,
  audioTrackResponse,
  createAudioProjectRequest,
  mixdownRequest,
  mixdownResponse,
  registerLocalTrackRequest,
  reorderAudioTracksRequest,
  reorderAudioTracksResponse,
  updateAudioProjectRequest,
  updateAudioTrackRequest,
} from "./audio.ts";
import { clientErrorReport, clientErrorResponse } from "./client-errors.ts";
import { boxActionSchema, createBoxSchema } from "../boxes.ts";
import { agentTaskInput, boxMessageInput } from "../boxes-agent.ts";
import { pipelineJsonSchema } from "../images/pipelines.ts";
import { ACCEPTED_FORMATS_TEXT, MAX_UPLOAD_BYTES } from "../images/limits.ts";
import { ACCEPTED_AUDIO_TEXT, MAX_AUDIO_FILE_BYTES, MAX_PROJECTS_PER_USER, MAX_TRACKS_PER_PROJECT } from "../audio/formats.ts";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** The groups endpoints are listed in, in this order, with what each group is about. */
export const API_TAGS = [
  { name: "Overview", description: "What this API offers: the list of endpoints and this document." },
  { name: "Sessions", description: "Signing in for a bearer token, signing out, and who you are." },
  { name: "Images", description: "Your photo library: uploading (with duplicate checks by checksum), listing and deleting photos." },
  { name: "Enhancement", description: "Enhancing photos for tokens, one at a time or a whole album as a batch, and the pipelines that shape the result." },
  { name: "Albums", description: "Albums of your photos: their order, privacy, share links and enhancement defaults." },
  { name: "Boxes", description: "Boxes are cloud desktops with a browser you can drive by tasks or in words, charged by the hour." },
  { name: "Audio", description: "The audio mixer: projects, their tracks and mix settings, and mixdowns rendered on the server." },
  { name: "Diagnostics", description: "Reports from the browser for the error log." },
] as const;
export type ApiTag = (typeof API_TAGS)[number]["name"];

/** A zod schema with the name it has in the OpenAPI document's components. */
export type NamedSchema = { readonly name: string; readonly schema: z.ZodType };

function named(name: string, schema: z.ZodType): NamedSchema {
  return { name, schema };
}

/** One part of a multipart/form-data body. */
export type MultipartField = {
  readonly name: string;
  readonly kind: "file" | "text";
  readonly description: string;
  readonly required?: boolean;
  /** The part may be sent more than once (one per file, in order). */
  readonly repeated?: boolean;
  /** For a file: the media types it may have (the server checks the content, not the type sent). */
  readonly accept?: string;
  /** For a text part: the value's schema. */
  readonly schema?: z.ZodType;
};

export type RequestBody = {
  /** A JSON body (Content-Type: application/json). */
  readonly json?: NamedSchema;
  /** A multipart/form-data body, named for the document's components. */
  readonly multipart?: { readonly name: string; readonly fields: readonly MultipartField[] };
  /** False when the body may be left out altogether. */
  readonly required?: boolean;
  readonly description?: string;
  /** A JSON body that works, shown in the docs and checked against `json` by a test. */
  readonly example?: unknown;
};

export type SuccessResponse = {
  readonly status: 200 | 201 | 202 | 204 | 207;
  readonly description: string;
  /** The JSON body; none for 204. */
  readonly schema?: NamedSchema;
  /** What the Location header points at, when the answer has one. */
  readonly location?: string;
  /** A body this endpoint may answer, shown in the docs and checked against `schema` by a test. */
  readonly example?: unknown;
};

/** The error statuses an endpoint can answer, each with the error shape and a code (see ./errors.ts). */
export const ERROR_STATUSES = [400, 401, 402, 403, 404, 409, 413, 422, 429, 500] as const;
export type ErrorStatus = (typeof ERROR_STATUSES)[number];

/**
 * Who may call: `required` needs a session (bearer token or the site's cookie), `optional` uses one
 * when it is sent, `none` ignores it.
 */
export type EndpointAuth = "required" | "optional" | "none";

export type Endpoint = {
  /** Unique; the typed client's method of the same name makes this call, where there is one. */
  readonly operationId: string;
  readonly method: HttpMethod;
  /** In OpenAPI form: `/api/v1/albums/{id}`. */
  readonly path: string;
  readonly tag: ApiTag;
  /** A few words, as a heading. */
  readonly summary: string;
  /** One sentence: GET /api/v1 lists it. */
  readonly description: string;
  /** More that a caller should know (limits, what happens next), in plain sentences. */
  readonly notes?: string;
  readonly auth: EndpointAuth;
  /** A description of each `{param}` in the path. */
  readonly params?: Readonly<Record<string, string>>;
  readonly query?: z.ZodObject;
  readonly request?: RequestBody;
  readonly responses: readonly [SuccessResponse, ...SuccessResponse[]];
  /**
   * The errors particular to this endpoint, with when they happen. 401 and 429 (the general limit) for
   * endpoints that need a session, 400 and 422 for bodies and queries, and 500 are added to every
   * endpoint they apply to unless given here.
   */
  readonly errors?: Partial<Record<ErrorStatus, string>>;
};

// ---- Schemas shared by several endpoints ------------------------------------------------------

const ALBUM = named("AlbumResponse", albumResponse);
const JOB = named("JobResponse", jobResponse);
const BOX = named("BoxResponse", boxResponse);
const AUDIO_PROJECT = named("AudioProjectResponse", audioProjectResponse);
const AUDIO_TRACK = named("AudioTrackResponse", audioTrackResponse);
const MIXDOWN = named("MixdownResponse", mixdownResponse);
const IMAGE_IDS = named("AlbumImageIdsRequest", albumImageIdsRequest);

const apiIndexResponse = z.object({
  endpoints: z.array(z.object({ method: z.enum(HTTP_METHODS), path: z.string(), description: z.string() })),
});
export type ApiIndexResponse = z.infer<typeof apiIndexResponse>;

/** The parts of an OpenAPI document a client looks at first; the rest is as the specification says. */
const openApiDocumentResponse = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});

const MB = 1024 * 1024;
const audioFileField = (description: string): MultipartField => ({
  name: "file",
  kind: "file",
  required: true,
  accept: "audio/wav, audio/mpeg, audio/ogg, audio/webm, audio/flac, audio/mp4",
  description: `${description} ${ACCEPTED_AUDIO_TEXT}, recognised by its content; at most ${MAX_AUDIO_FILE_BYTES / MB} MB and 20 minutes.`,
});
const trackNameField: MultipartField = {
  name: "name",
  kind: "text",
  description: "The track's name; without it, the file name without its extension.",
  schema: z.string().max(120),
};

const ALBUM_ID = "The album's id.";
const IMAGE_ID = "The photo's id.";
const BOX_ID = "The box's id.";
const PROJECT_ID = "The mixer project's id.";
const TRACK_ID = "The track's id.";

// ---- The endpoints ----------------------------------------------------------------------------

export const ENDPOINTS: readonly Endpoint[] = [
  {
    operationId: "listEndpoints",
    method: "GET",
    path: "/api/v1",
    tag: "Overview",
    summary: "List the endpoints",
    description: "This list of endpoints.",
    auth: "none",
    responses: [{ status: 200, description: "Every endpoint with its method, path and what it does.", schema: named("ApiIndexResponse", apiIndexResponse) }],
  },
  {
    operationId: "getOpenApiDocument",
    method: "GET",
    path: "/api/v1/openapi.json",
    tag: "Overview",
    summary: "Get the OpenAPI document",
    description: "This API described as an OpenAPI 3.1 document, made from the schemas the server checks requests with.",
    notes: "Tools such as code generators and API explorers read it. It may be cached for five minutes.",
    auth: "none",
    responses: [{ status: 200, description: "The OpenAPI 3.1 document.", schema: named("OpenApiDocument", openApiDocumentResponse) }],
  },
  {
    operationId: "createSession",
    method: "POST",
    path: "/api/v1/sessions",
    tag: "Sessions",
    summary: "Sign in",
    description: "Sign in with email and password; answers a bearer token.",
    notes: "Send the token as `Authorization: Bearer <token>` on every other call. It lasts 30 days unless you sign out.",
    auth: "none",
    request: { json: named("CreateSessionRequest", createSessionRequest), example: { email: "ada@example.com", password: "correct horse battery staple" } },
    responses: [
      {
        status: 201,
        description: "Signed in: the token and when it expires.",
        schema: named("CreateSessionResponse", createSessionResponse),
        example: { token: "3q2-7wAAABm9Lb7bX8sB9A", expiresAt: "2025-07-01T12:00:00.000Z" },
      },
    ],
    errors: {
      401: "The email or password is wrong.",
      403: "The email address is not confirmed yet.",
      429: "Too many sign-in attempts for this account or address; wait as long as Retry-After says.",
    },
  },
  {
    operationId: "deleteCurrentSession",
    method: "DELETE",
    path: "/api/v1/sessions/current",
    tag: "Sessions",
    summary: "Sign out",
    description: "Sign out: ends the session or token used for the request.",
    auth: "required",
    responses: [{ status: 204, description: "Signed out; the token no longer works." }],
  },
  {
    operationId: "me",
    method: "GET",
    path: "/api/v1/me",
    tag: "Sessions",
    summary: "Who am I",
    description: "The signed-in user, their role and token balance.",
    auth: "required",
    responses: [
      {
        status: 200,
        description: "You and your token balance.",
        schema: named("MeResponse", meResponse),
        example: {
          user: { id: "usr_1", name: "Ada", email: "ada@example.com", image: null, role: "USER", emailVerified: true },
          tokens: { balance: 42, tier: "FREE" },
        },
      },
    ],
  },
  {
    operationId: "listImages",
    method: "GET",
    path: "/api/v1/images",
    tag: "Images",
    summary: "List your photos",
    description: "Your photos, newest first, with signed URLs (page, pageSize).",
    notes: "The URLs are signed and short-lived: ask again for fresh ones.",
    auth: "required",
    query: imageListQuery,
    responses: [{ status: 200, description: "One page of your photos and how many there are.", schema: named("ImageListResponse", imageListResponse) }],
  },
  {
    operationId: "uploadImage",
    method: "POST",
    path: "/api/v1/images",
    tag: "Images",
    summary: "Upload photos",
    description: "Upload photos as multipart file fields, optionally with each source file's sha256 and an albumId; one result per file.",
    notes:
      "Each file is checked by its content and stored on its own; the answer has one result per file, in the order sent. A file whose sha256 your library already holds is not stored again: its result is the existing photo with `duplicate: true`. Uploads count against a limit of 30 stored files a minute.",
    auth: "required",
    request: {
      multipart: {
        name: "UploadImagesForm",
        fields: [
          {
            name: "file",
            kind: "file",
            required: true,
            repeated: true,
            accept: "image/jpeg, image/png, image/webp, image/avif, image/heic",
            description: `One part per photo (any part name works; the file name becomes the photo's name). ${ACCEPTED_FORMATS_TEXT}, at most ${MAX_UPLOAD_BYTES / MB} MB each.`,
          },
          {
            name: "sha256",
            kind: "text",
            repeated: true,
            schema: sha256Hex,
            description: "The SHA-256 in hex of the original file the i-th file part was made from; an empty one declares nothing for its file.",
          },
          { name: "albumId", kind: "text", schema: z.string().max(64), description: "One of your albums: every photo of the request is added to its end." },
        ],
      },
    },
    responses: [
      { status: 201, description: "Every file was stored (or was already in your library).", schema: named("UploadResponse", uploadResponse) },
      { status: 207, description: "Some files were stored and some refused; each result says which.", schema: named("UploadResponse", uploadResponse) },
    ],
    errors: {
      400: "The body is not multipart/form-data, holds no file, or could not be read.",
      404: "The albumId is not one of your albums.",
      413: `A file is larger than ${MAX_UPLOAD_BYTES / MB} MB.`,
      422: "No file could be stored (the messages per file are in fields as files.0, files.1, …), or a sha256 or albumId field is malformed.",
      429: "The upload limit stopped the files; wait as long as Retry-After says.",
    },
  },
  {
    operationId: "checkChecksums",
    method: "POST",
    path: "/api/v1/images/checksums",
    tag: "Images",
    summary: "Find photos you already have",
    description: `Which of up to ${MAX_CHECKSUMS_PER_REQUEST} source-file SHA-256 checksums your library already holds.`,
    notes: "Hash each file before uploading a folder, ask here, then upload only the files not in `known`, each with its sha256.",
    auth: "required",
    request: { json: named("ChecksumsRequest", checksumsRequest), example: { sha256: ["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"] } },
    responses: [
      {
        status: 200,
        description: "The checksums your library holds, in the order asked, each with its photo; the others are left out.",
        schema: named("ChecksumsResponse", checksumsResponse),
      },
    ],
  },
  {
    operationId: "getImage",
    method: "GET",
    path: "/api/v1/images/{id}",
    tag: "Images",
    summary: "Get a photo",
    description: "One of your photos.",
    auth: "required",
    params: { id: IMAGE_ID },
    responses: [{ status: 200, description: "The photo with signed, short-lived URLs.", schema: named("ImageResponse", imageResponse) }],
    errors: { 404: "No photo of yours has that id." },
  },
  {
    operationId: "deleteImage",
    method: "DELETE",
    path: "/api/v1/images/{id}",
    tag: "Images",
    summary: "Delete a photo",
    description: "Delete one of your photos with its files.",
    auth: "required",
    params: { id: IMAGE_ID },
    responses: [{ status: 204, description: "The photo and its files are gone." }],
    errors: { 404: "No photo of yours has that id." },
  },
  {
    operationId: "enhanceImage",
    method: "POST",
    path: "/api/v1/images/{id}/enhance",
    tag: "Enhancement",
    summary: "Enhance a photo",
    description: "Enhance a photo at a tier, optionally with a pipeline or a second photo to blend.",
    notes: "The tier's tokens are charged when the job is queued and refunded if it fails. Follow the job at GET /api/v1/jobs/{id}. 10 requests a minute.",
    auth: "required",
    params: { id: IMAGE_ID },
    request: { json: named("EnhanceImageRequest", enhanceImageRequest), example: { tier: "TIER_2K" } },
    responses: [{ status: 202, description: "The job is queued.", schema: JOB, location: "/api/v1/jobs/{jobId}" }],
    errors: {
      400: "The second photo is the same photo, or the body is not JSON.",
      402: "Your token balance is short of the tier's price.",
      404: "No photo of yours has that id (or the pipeline or second photo is not one you can use).",
      429: "More than 10 enhancement requests a minute, or no free enhancements left today; wait as long as Retry-After says.",
    },
  },
  {
    operationId: "getJob",
    method: "GET",
    path: "/api/v1/jobs/{id}",
    tag: "Enhancement",
    summary: "Get an enhancement job",
    description: "An enhancement job's status, stage, sizes and result URL.",
    notes: "Poll every few seconds until the status is COMPLETED, FAILED, REFUNDED or CANCELLED.",
    auth: "required",
    params: { id: "The job's id." },
    responses: [{ status: 200, description: "The job.", schema: JOB }],
    errors: { 404: "No job of yours has that id." },
  },
  {
    operationId: "listAlbums",
    method: "GET",
    path: "/api/v1/albums",
    tag: "Albums",
    summary: "List your albums",
    description: "Your albums with counts, covers and share URLs.",
    auth: "required",
    responses: [{ status: 200, description: "Your albums, the default ones first.", schema: named("AlbumListResponse", albumListResponse) }],
  },
  {
    operationId: "createAlbum",
    method: "POST",
    path: "/api/v1/albums",
    tag: "Albums",
    summary: "Create an album",
    description: "Create an album.",
    auth: "required",
    request: { json: named("CreateAlbumRequest", createAlbumRequest), example: { name: "Lisbon 2025", privacy: "UNLISTED" } },
    responses: [{ status: 201, description: "The new album.", schema: ALBUM, location: "/api/v1/albums/{id}" }],
    errors: { 409: "You already have an album of that name, or it is the name of a default album." },
  },
  {
    operationId: "getAlbum",
    method: "GET",
    path: "/api/v1/albums/{id}",
    tag: "Albums",
    summary: "Get an album",
    description: "One album with its images in order.",
    auth: "required",
    params: { id: ALBUM_ID },
    responses: [{ status: 200, description: "The album with its photos in order.", schema: ALBUM }],
    errors: { 404: "No album of yours has that id." },
  },
  {
    operationId: "updateAlbum",
    method: "PATCH",
    path: "/api/v1/albums/{id}",
    tag: "Albums",
    summary: "Change an album",
    description: "Rename an album or change its privacy, default tier, pipeline or cover.",
    notes: "Send only what changes; null clears the pipeline (back to the default) or the cover (back to the first photo).",
    auth: "required",
    params: { id: ALBUM_ID },
    request: { json: named("UpdateAlbumRequest", updateAlbumRequest), example: { name: "Lisbon, spring 2025", privacy: "PUBLIC" } },
    responses: [{ status: 200, description: "The album as it is now.", schema: ALBUM }],
    errors: {
      400: "The cover is not one of the album's photos, or the body is not JSON.",
      404: "No album of yours has that id, or the pipeline is not one you can use.",
      409: "A default album keeps its name and privacy, or you already have an album of that name.",
    },
  },
  {
    operationId: "deleteAlbum",
    method: "DELETE",
    path: "/api/v1/albums/{id}",
    tag: "Albums",
    summary: "Delete an album",
    description: "Delete an album (its photos stay in your library).",
    auth: "required",
    params: { id: ALBUM_ID },
    responses: [{ status: 204, description: "The album is gone; its photos are still in your library." }],
    errors: { 404: "No album of yours has that id.", 409: "A default album cannot be deleted." },
  },
  {
    operationId: "addAlbumImages",
    method: "POST",
    path: "/api/v1/albums/{id}/images",
    tag: "Albums",
    summary: "Add photos to an album",
    description: "Add photos to the end of an album.",
    auth: "required",
    params: { id: ALBUM_ID },
    request: { json: IMAGE_IDS, example: { imageIds: ["img_1", "img_2"] } },
    responses: [{ status: 200, description: "How many were added, and how many skipped (already in it).", schema: named("AddAlbumImagesResponse", addAlbumImagesResponse) }],
    errors: { 404: "No album of yours has that id, or some of the photos are not in your library." },
  },
  {
    operationId: "reorderAlbumImages",
    method: "PUT",
    path: "/api/v1/albums/{id}/images",
    tag: "Albums",
    summary: "Reorder an album",
    description: "Reorder an album's photos.",
    notes: "The photos listed come first, in this order; the album's other photos follow.",
    auth: "required",
    params: { id: ALBUM_ID },
    request: { json: IMAGE_IDS, example: { imageIds: ["img_2", "img_1"] } },
    responses: [{ status: 200, description: "The album's photo ids in their new order.", schema: named("ReorderAlbumImagesResponse", reorderAlbumImagesResponse) }],
    errors: { 400: "A photo is listed twice or is not in the album, or the body is not JSON.", 404: "No album of yours has that id." },
  },
  {
    operationId: "removeAlbumImages",
    method: "DELETE",
    path: "/api/v1/albums/{id}/images",
    tag: "Albums",
    summary: "Take photos out of an album",
    description: "Take photos out of an album.",
    notes: "The photos stay in your library.",
    auth: "required",
    params: { id: ALBUM_ID },
    request: { json: IMAGE_IDS, example: { imageIds: ["img_1"] } },
    responses: [{ status: 200, description: "How many were taken out.", schema: named("RemoveAlbumImagesResponse", removeAlbumImagesResponse) }],
    errors: { 404: "No album of yours has that id." },
  },
  {
    operationId: "enhanceAlbum",
    method: "POST",
    path: "/api/v1/albums/{id}/enhance",
    tag: "Enhancement",
    summary: "Enhance an album",
    description: "Enhance every photo of an album as one batch.",
    notes: "One job per photo under one batch id, at the album's default tier and pipeline unless you name others. Follow it at GET /api/v1/batches/{id}. 5 batches a minute.",
    auth: "required",
    params: { id: ALBUM_ID },
    request: { json: named("EnhanceAlbumRequest", enhanceAlbumRequest), example: { tier: "TIER_1K" } },
    responses: [{ status: 202, description: "The batch is queued.", schema: named("EnhanceAlbumResponse", enhanceAlbumResponse), location: "/api/v1/batches/{batchId}" }],
    errors: {
      400: "The album has no photos to enhance yet, or the body is not JSON.",
      402: "Your token balance cannot pay for the whole batch.",
      404: "No album of yours has that id (or the pipeline is not one you can use).",
      429: "More than 5 album batches a minute, or more free enhancements than are left today; wait as long as Retry-After says.",
    },
  },
  {
    operationId: "getBatch",
    method: "GET",
    path: "/api/v1/batches/{id}",
    tag: "Enhancement",
    summary: "Get a batch",
    description: "A batch's per-photo status and totals.",
    auth: "required",
    params: { id: "The batch's id." },
    responses: [{ status: 200, description: "Each photo's job and the totals.", schema: named("BatchResponse", batchResponse) }],
    errors: { 404: "No batch of yours has that id." },
  },
  {
    operationId: "listPipelines",
    method: "GET",
    path: "/api/v1/pipelines",
    tag: "Enhancement",
    summary: "List pipelines",
    description: "The enhancement pipelines you can use.",
    auth: "required",
    responses: [{ status: 200, description: "Your pipelines first, then public ones.", schema: named("PipelineListResponse", pipelineListResponse) }],
  },
  {
    operationId: "createPipeline",
    method: "POST",
    path: "/api/v1/pipelines",
    tag: "Enhancement",
    summary: "Create a pipeline",
    description: "Create a private pipeline.",
    auth: "required",
    request: { json: named("CreatePipelineRequest", pipelineJsonSchema), example: { name: "Soft portraits", tier: "TIER_2K", instructions: "Keep skin tones natural." } },
    responses: [{ status: 201, description: "The new pipeline.", schema: named("PipelineResponse", pipelineResponse) }],
  },
  {
    operationId: "listBoxes",
    method: "GET",
    path: "/api/v1/boxes",
    tag: "Boxes",
    summary: "List your boxes",
    description: "Your boxes (cloud desktops) with their status and the actions each allows.",
    auth: "required",
    responses: [{ status: 200, description: "Your boxes.", schema: named("BoxListResponse", boxListResponse) }],
  },
  {
    operationId: "createBox",
    method: "POST",
    path: "/api/v1/boxes",
    tag: "Boxes",
    summary: "Create a box",
    description: "Create a box of a size; its first hour is charged as it starts.",
    notes: "The box starts as CREATING; poll GET /api/v1/boxes/{id} until it is RUNNING.",
    auth: "required",
    request: { json: named("CreateBoxRequest", createBoxSchema), example: { name: "Research", tierId: "tier_small" } },
    responses: [{ status: 202, description: "The new box and the action that creates it.", schema: named("CreateBoxResponse", createBoxResponse), location: "/api/v1/boxes/{id}" }],
    errors: { 400: "The size is not one on offer, or the body is not JSON.", 402: "Your token balance cannot pay the first hour." },
  },
  {
    operationId: "boxTiers",
    method: "GET",
    path: "/api/v1/boxes/tiers",
    tag: "Boxes",
    summary: "List box sizes",
    description: "The box sizes on offer with their price per hour.",
    auth: "required",
    responses: [{ status: 200, description: "The sizes with vCPUs, memory, storage and tokens per hour.", schema: named("BoxTiersResponse", boxTiersResponse) }],
  },
  {
    operationId: "getBox",
    method: "GET",
    path: "/api/v1/boxes/{id}",
    tag: "Boxes",
    summary: "Get a box",
    description: "One of your boxes.",
    auth: "required",
    params: { id: BOX_ID },
    responses: [{ status: 200, description: "The box with its status, paid-until and the actions it allows now.", schema: BOX }],
    errors: { 404: "No box of yours has that id." },
  },
  {
    operationId: "boxAction",
    method: "POST",
    path: "/api/v1/boxes/{id}/actions",
    tag: "Boxes",
    summary: "Start, stop or change a box",
    description: "Start, stop, restart, delete or clone a box.",
    notes: "The action runs through the queue; the box's status and lastAction show how it went.",
    auth: "required",
    params: { id: BOX_ID },
    request: { json: named("BoxActionRequest", boxActionSchema), example: { action: "START" } },
    responses: [{ status: 202, description: "The action is queued.", schema: named("BoxActionResponse", boxActionResponse), location: "/api/v1/boxes/{id}" }],
    errors: {
      402: "Your token balance cannot pay for starting the box.",
      404: "No box of yours has that id.",
      409: "The box's status does not allow that action now; the message says why.",
    },
  },
  {
    operationId: "listBoxTasks",
    method: "GET",
    path: "/api/v1/boxes/{id}/tasks",
    tag: "Boxes",
    summary: "List a box's tasks",
    description: "A box's browser tasks, newest first, with screenshot links.",
    auth: "required",
    params: { id: BOX_ID },
    responses: [{ status: 200, description: "The tasks, newest first.", schema: named("AgentTaskListResponse", agentTaskListResponse) }],
    errors: { 404: "No box of yours has that id." },
  },
  {
    operationId: "queueBoxTask",
    method: "POST",
    path: "/api/v1/boxes/{id}/tasks",
    tag: "Boxes",
    summary: "Queue a browser task",
    description: "Queue a browser task: NAVIGATE, CLICK, TYPE, SCREENSHOT or EXTRACT.",
    auth: "required",
    params: { id: BOX_ID },
    request: { json: named("AgentTaskRequest", agentTaskInput), example: { type: "NAVIGATE", payload: { url: "https://example.com" } } },
    responses: [{ status: 202, description: "The task is queued.", schema: named("AgentTaskResponse", agentTaskResponse) }],
    errors: { 400: "The task is not valid for its type, or the body is not JSON.", 404: "No box of yours has that id." },
  },
  {
    operationId: "vncTicket",
    method: "POST",
    path: "/api/v1/boxes/{id}/vnc-ticket",
    tag: "Boxes",
    summary: "Get a screen ticket",
    description: "A one-minute ticket to watch a running box's screen over the WebSocket proxy.",
    notes: "Open a WebSocket to `path` within a minute; the VNC password answers the RFB challenge. Each ticket works once.",
    auth: "required",
    params: { id: BOX_ID },
    responses: [{ status: 200, description: "The ticket, the box's VNC password and the proxy path.", schema: named("VncTicketResponse", vncTicketResponse) }],
    errors: { 404: "No box of yours has that id.", 409: "The box is not running." },
  },
  {
    operationId: "listBoxMessages",
    method: "GET",
    path: "/api/v1/boxes/{id}/messages",
    tag: "Boxes",
    summary: "Read a box's chat",
    description: "A box's chat, oldest first.",
    auth: "required",
    params: { id: BOX_ID },
    responses: [{ status: 200, description: "The messages, oldest first.", schema: named("BoxMessageListResponse", boxMessageListResponse) }],
    errors: { 404: "No box of yours has that id." },
  },
  {
    operationId: "postBoxMessage",
    method: "POST",
    path: "/api/v1/boxes/{id}/messages",
    tag: "Boxes",
    summary: "Tell a box what to do",
    description: "Tell a box what to do in words; answers with its reply and the tasks queued.",
    auth: "required",
    params: { id: BOX_ID },
    request: { json: named("BoxMessageRequest", boxMessageInput), example: { text: "go to example.com then screenshot" } },
    responses: [{ status: 201, description: "Your message, the box's reply and the tasks it queued.", schema: named("PostBoxMessageResponse", postBoxMessageResponse) }],
    errors: { 400: "The message is empty or too long, or the body is not JSON.", 404: "No box of yours has that id." },
  },
  {
    operationId: "listAudioProjects",
    method: "GET",
    path: "/api/v1/audio/projects",
    tag: "Audio",
    summary: "List mixer projects",
    description: "Your audio mixer projects, most recently changed first, with your storage use and limits.",
    auth: "required",
    responses: [{ status: 200, description: "Your projects and your storage use.", schema: named("AudioProjectListResponse", audioProjectListResponse) }],
  },
  {
    operationId: "createAudioProject",
    method: "POST",
    path: "/api/v1/audio/projects",
    tag: "Audio",
    summary: "Create a mixer project",
    description: "Create an audio mixer project.",
    auth: "required",
    request: { json: named("CreateAudioProjectRequest", createAudioProjectRequest), example: { name: "Demo song" } },
    responses: [{ status: 201, description: "The new, empty project.", schema: AUDIO_PROJECT, location: "/api/v1/audio/projects/{id}" }],
    errors: { 409: `You already have ${MAX_PROJECTS_PER_USER} projects.` },
  },
  {
    operationId: "getAudioProject",
    method: "GET",
    path: "/api/v1/audio/projects/{id}",
    tag: "Audio",
    summary: "Get a mixer project",
    description: "One mixer project with its tracks in order and signed links to their audio.",
    notes: "The links work for 3 hours; ask again for fresh ones.",
    auth: "required",
    params: { id: PROJECT_ID },
    responses: [{ status: 200, description: "The project with its tracks in order.", schema: AUDIO_PROJECT }],
    errors: { 404: "No project of yours has that id." },
  },
  {
    operationId: "updateAudioProject",
    method: "PATCH",
    path: "/api/v1/audio/projects/{id}",
    tag: "Audio",
    summary: "Change a mixer project",
    description: "Rename a mixer project or change its description.",
    auth: "required",
    params: { id: PROJECT_ID },
    request: { json: named("UpdateAudioProjectRequest", updateAudioProjectRequest), example: { name: "Demo song (final)" } },
    responses: [{ status: 200, description: "The project as it is now.", schema: AUDIO_PROJECT }],
    errors: { 404: "No project of yours has that id." },
  },
  {
    operationId: "deleteAudioProject",
    method: "DELETE",
    path: "/api/v1/audio/projects/{id}",
    tag: "Audio",
    summary: "Delete a mixer project",
    description: "Delete a mixer project with its tracks, their files and its mixdowns.",
    auth: "required",
    params: { id: PROJECT_ID },
    responses: [{ status: 204, description: "The project, its tracks, files and mixdowns are gone." }],
    errors: { 404: "No project of yours has that id." },
  },
  {
    operationId: "addAudioTrack",
    method: "POST",
    path: "/api/v1/audio/projects/{id}/tracks",
    tag: "Audio",
    summary: "Add a track",
    description: "Add a track at the end: upload its audio (multipart file), or register one kept on your device (JSON).",
    notes: `An upload is decoded on the server; its duration is what decoded. A track kept on your device has storageType OPFS and no fileUrl until its file is uploaded with PUT /api/v1/audio/tracks/{id}/file. A project holds at most ${MAX_TRACKS_PER_PROJECT} tracks; uploads count against the upload limit.`,
    auth: "required",
    params: { id: PROJECT_ID },
    request: {
      json: named("RegisterLocalTrackRequest", registerLocalTrackRequest),
      multipart: { name: "UploadAudioTrackForm", fields: [audioFileField("The audio."), trackNameField] },
      example: { name: "Vocals", fileFormat: "wav", duration: 183.4, fileSizeBytes: 32_354_112 },
    },
    responses: [{ status: 201, description: "The new track, at the end of the project.", schema: AUDIO_TRACK, location: "/api/v1/audio/tracks/{id}" }],
    errors: {
      400: "The body is neither multipart/form-data nor JSON, or could not be read.",
      404: "No project of yours has that id.",
      409: `The project already holds ${MAX_TRACKS_PER_PROJECT} tracks.`,
      413: "The file is too large, or would take your stored audio past your limit.",
      422: "The file is not audio we can use, is empty, damaged or too long, or the JSON is not valid.",
      429: "The upload limit was reached; wait as long as Retry-After says.",
    },
  },
  {
    operationId: "reorderAudioTracks",
    method: "PUT",
    path: "/api/v1/audio/projects/{id}/tracks",
    tag: "Audio",
    summary: "Reorder tracks",
    description: "Put every track of a project in a new order.",
    notes: "List every track of the project exactly once.",
    auth: "required",
    params: { id: PROJECT_ID },
    request: { json: named("ReorderAudioTracksRequest", reorderAudioTracksRequest), example: { trackIds: ["trk_2", "trk_1"] } },
    responses: [{ status: 200, description: "The track ids in their new order.", schema: named("ReorderAudioTracksResponse", reorderAudioTracksResponse) }],
    errors: { 404: "No project of yours has that id.", 422: "A track id is repeated, not of this project, or some are missing." },
  },
  {
    operationId: "requestMixdown",
    method: "POST",
    path: "/api/v1/audio/projects/{id}/mixdowns",
    tag: "Audio",
    summary: "Render a mixdown",
    description: "Render the project's mix to a WAV, to download or as a new muted track; poll the mixdown.",
    notes: "The mix is rendered in the background from the tracks that are heard, at their volumes. Poll GET /api/v1/audio/mixdowns/{id} until it is done or failed. 5 a minute.",
    auth: "required",
    params: { id: PROJECT_ID },
    request: { json: named("MixdownRequest", mixdownRequest), required: false, description: "Leave the body out for a download.", example: { target: "track" } },
    responses: [{ status: 202, description: "The mixdown is queued.", schema: MIXDOWN, location: "/api/v1/audio/mixdowns/{id}" }],
    errors: {
      404: "No project of yours has that id.",
      409: `A track mixdown into a project that already holds ${MAX_TRACKS_PER_PROJECT} tracks.`,
      422: "The project has no track to hear (none, none stored on the server, or all muted).",
      429: "More than 5 mixdowns a minute; wait as long as Retry-After says.",
    },
  },
  {
    operationId: "getAudioTrack",
    method: "GET",
    path: "/api/v1/audio/tracks/{id}",
    tag: "Audio",
    summary: "Get a track",
    description: "One of your tracks with a signed link to its audio.",
    auth: "required",
    params: { id: TRACK_ID },
    responses: [{ status: 200, description: "The track.", schema: AUDIO_TRACK }],
    errors: { 404: "No track of yours has that id." },
  },
  {
    operationId: "updateAudioTrack",
    method: "PATCH",
    path: "/api/v1/audio/tracks/{id}",
    tag: "Audio",
    summary: "Change a track",
    description: "Change a track's name, volume, mute or solo.",
    auth: "required",
    params: { id: TRACK_ID },
    request: { json: named("UpdateAudioTrackRequest", updateAudioTrackRequest), example: { volume: 0.8, muted: false } },
    responses: [{ status: 200, description: "The track as it is now.", schema: AUDIO_TRACK }],
    errors: { 404: "No track of yours has that id." },
  },
  {
    operationId: "deleteAudioTrack",
    method: "DELETE",
    path: "/api/v1/audio/tracks/{id}",
    tag: "Audio",
    summary: "Delete a track",
    description: "Delete a track with its file.",
    auth: "required",
    params: { id: TRACK_ID },
    responses: [{ status: 204, description: "The track and its file are gone." }],
    errors: { 404: "No track of yours has that id." },
  },
  {
    operationId: "uploadAudioTrackFile",
    method: "PUT",
    path: "/api/v1/audio/tracks/{id}/file",
    tag: "Audio",
    summary: "Upload a track's audio",
    description: "Upload the audio of a track kept on your device, or replace a track's audio (multipart file).",
    notes: "The track is then stored on the server (storageType R2), keeping its place and mix settings.",
    auth: "required",
    params: { id: TRACK_ID },
    request: { multipart: { name: "UploadAudioTrackFileForm", fields: [audioFileField("The track's audio."), trackNameField] } },
    responses: [{ status: 200, description: "The track with its new audio.", schema: AUDIO_TRACK }],
    errors: {
      400: "The body is not multipart/form-data or could not be read.",
      404: "No track of yours has that id.",
      413: "The file is too large, or would take your stored audio past your limit.",
      422: "The file is not audio we can use, is empty, damaged or too long.",
      429: "The upload limit was reached; wait as long as Retry-After says.",
    },
  },
  {
    operationId: "getMixdown",
    method: "GET",
    path: "/api/v1/audio/mixdowns/{id}",
    tag: "Audio",
    summary: "Get a mixdown",
    description: "A mixdown's status, and its download link or new track once done.",
    auth: "required",
    params: { id: "The mixdown's id." },
    responses: [{ status: 200, description: "The mixdown: queued, rendering, done or failed.", schema: MIXDOWN }],
    errors: { 404: "No mixdown of yours has that id." },
  },
  {
    operationId: "reportClientError",
    method: "POST",
    path: "/api/v1/client-errors",
    tag: "Diagnostics",
    summary: "Report a browser error",
    description: "Report a browser error for the admin error log.",
    notes: "The site's pages send these on their own. 30 reports a minute per address.",
    auth: "optional",
    request: { json: named("ClientErrorReport", clientErrorReport), example: { message: "Cannot read properties of undefined", route: "/albums" } },
    responses: [{ status: 201, description: "The report is recorded.", schema: named("ClientErrorResponse", clientErrorResponse) }],
    errors: { 429: "More than 30 reports a minute from this address." },
  },
];

/** `/api/v1/albums/{id}` → `/api/v1/albums/:id`, the form GET /api/v1 lists. */
export function colonPath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ":$1");
}
