/** A typed client for /api/v1: every response is parsed with the contract's schema. */
import type { z } from "zod";
import { apiErrorBody, type ApiErrorCode } from "./errors.ts";
import {
  createSessionResponse,
  meResponse,
  type CreateSessionRequest,
  type CreateSessionResponse,
  type MeResponse,
} from "./sessions.ts";
import type { PipelineJsonInput } from "../images/pipelines.ts";
import {
  addAlbumImagesResponse,
  albumListResponse,
  albumResponse,
  batchResponse,
  enhanceAlbumResponse,
  enhanceImageResponse,
  pipelineListResponse,
  pipelineResponse,
  removeAlbumImagesResponse,
  reorderAlbumImagesResponse,
  type AddAlbumImagesResponse,
  type AlbumListResponse,
  type AlbumResponse,
  type BatchResponse,
  type CreateAlbumRequest,
  type EnhanceAlbumRequest,
  type EnhanceAlbumResponse,
  type EnhanceImageRequest,
  type EnhanceImageResponse,
  type PipelineListResponse,
  type PipelineResponse,
  type RemoveAlbumImagesResponse,
  type ReorderAlbumImagesResponse,
  type UpdateAlbumRequest,
} from "./albums.ts";
import { checksumsResponse, uploadResponse, type ChecksumsResponse, type UploadResponse } from "./uploads.ts";
import {
  boxActionResponse,
  boxListResponse,
  boxResponse,
  boxTiersResponse,
  createBoxResponse,
  vncTicketResponse,
  type BoxActionResponse,
  type BoxListResponse,
  type BoxResponse,
  type BoxTiersResponse,
  type CreateBoxResponse,
  type VncTicketResponse,
} from "./boxes.ts";
import type { BoxAction, CreateBoxInput } from "../boxes.ts";
import {
  audioProjectListResponse,
  audioProjectResponse,
  audioTrackResponse,
  mixdownResponse,
  reorderAudioTracksResponse,
  type AudioProjectListResponse,
  type AudioProjectResponse,
  type AudioTrackResponse,
  type CreateAudioProjectRequest,
  type MixdownRequest,
  type MixdownResponse,
  type RegisterLocalTrackRequest,
  type ReorderAudioTracksResponse,
  type UpdateAudioProjectRequest,
  type UpdateAudioTrackRequest,
} from "./audio.ts";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode | "network",
    message: string,
    readonly fields?: Record<string, string[]>,
    /** From the answer's Retry-After header (in seconds): how long to wait before trying again, as on a 429. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** One photo for `uploadImage`: the bytes to send, and the SHA-256 of the file they were made from. */
export type UploadImageInput = {
  bytes: Uint8Array;
  /** The file name; the image's display name is made from it. */
  name: string;
  contentType?: string;
  /** SHA-256 hex of the original file, when the bytes sent are a resized or re-encoded copy of it. */
  sha256?: string;
  /** Adds the image (new or already in the library) to the end of this album. */
  albumId?: string;
};

/** One audio file for `uploadAudioTrack` / `uploadAudioTrackFile`. */
export type UploadAudioInput = {
  bytes: Uint8Array;
  /** The file name; the track's name is made from it unless `trackName` is given. */
  name: string;
  trackName?: string;
  contentType?: string;
};

/** A JSON body, or a multipart form sent as it is (fetch sets its Content-Type with the boundary). */
type RequestBody = { json: unknown } | { form: FormData };

export type ApiClientOptions = {
  baseUrl: string;
  token?: string | null;
  fetch?: typeof fetch;
};

export class ApiClient {
  readonly baseUrl: string;
  token: string | null;
  readonly #fetch: typeof fetch;

  constructor(options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.token = options.token ?? null;
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  async #request<T>(method: string, path: string, schema: z.ZodType<T> | null, body?: unknown): Promise<T> {
    return this.#send(method, path, schema, body === undefined ? undefined : { json: body });
  }

  async #send<T>(method: string, path: string, schema: z.ZodType<T> | null, body?: RequestBody): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body && "json" in body) headers["content-type"] = "application/json";
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let response: Response;
    try {
      response = await this.#fetch(`${this.baseUrl}/api/v1${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : "json" in body ? JSON.stringify(body.json) : body.form,
      });
    } catch {
      throw new ApiError(0, "network", `Could not reach ${this.baseUrl}. Check the address and your connection.`);
    }
    const text = await response.text();
    const json: unknown = text ? safeJson(text) : null;
    if (!response.ok) {
      const retryAfterSeconds = retryAfter(response.headers.get("retry-after"));
      const parsed = apiErrorBody.safeParse(json);
      if (parsed.success) {
        const { code, message, fields } = parsed.data.error;
        throw new ApiError(response.status, code, message, fields, retryAfterSeconds);
      }
      throw new ApiError(response.status, "internal", `The server answered ${response.status} without details.`, undefined, retryAfterSeconds);
    }
    if (!schema) return undefined as T;
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new ApiError(response.status, "internal", "The server's answer did not match what this app expects.");
    }
    return parsed.data;
  }

  createSession(input: CreateSessionRequest): Promise<CreateSessionResponse> {
    return this.#request("POST", "/sessions", createSessionResponse, input);
  }

  deleteCurrentSession(): Promise<void> {
    return this.#request("DELETE", "/sessions/current", null);
  }

  me(): Promise<MeResponse> {
    return this.#request("GET", "/me", meResponse);
  }

  listAlbums(): Promise<AlbumListResponse> {
    return this.#request("GET", "/albums", albumListResponse);
  }

  createAlbum(input: CreateAlbumRequest): Promise<AlbumResponse> {
    return this.#request("POST", "/albums", albumResponse, input);
  }

  getAlbum(albumId: string): Promise<AlbumResponse> {
    return this.#request("GET", `/albums/${segment(albumId)}`, albumResponse);
  }

  updateAlbum(albumId: string, input: UpdateAlbumRequest): Promise<AlbumResponse> {
    return this.#request("PATCH", `/albums/${segment(albumId)}`, albumResponse, input);
  }

  deleteAlbum(albumId: string): Promise<void> {
    return this.#request("DELETE", `/albums/${segment(albumId)}`, null);
  }

  addAlbumImages(albumId: string, imageIds: string[]): Promise<AddAlbumImagesResponse> {
    return this.#request("POST", `/albums/${segment(albumId)}/images`, addAlbumImagesResponse, { imageIds });
  }

  removeAlbumImages(albumId: string, imageIds: string[]): Promise<RemoveAlbumImagesResponse> {
    return this.#request("DELETE", `/albums/${segment(albumId)}/images`, removeAlbumImagesResponse, { imageIds });
  }

  /** Puts the listed images first, in this order; unlisted images of the album follow. */
  reorderAlbumImages(albumId: string, imageIds: string[]): Promise<ReorderAlbumImagesResponse> {
    return this.#request("PUT", `/albums/${segment(albumId)}/images`, reorderAlbumImagesResponse, { imageIds });
  }

  enhanceAlbum(albumId: string, input: EnhanceAlbumRequest = {}): Promise<EnhanceAlbumResponse> {
    return this.#request("POST", `/albums/${segment(albumId)}/enhance`, enhanceAlbumResponse, input);
  }

  getBatch(batchId: string): Promise<BatchResponse> {
    return this.#request("GET", `/batches/${segment(batchId)}`, batchResponse);
  }

  enhanceImage(imageId: string, input: EnhanceImageRequest): Promise<EnhanceImageResponse> {
    return this.#request("POST", `/images/${segment(imageId)}/enhance`, enhanceImageResponse, input);
  }

  listPipelines(): Promise<PipelineListResponse> {
    return this.#request("GET", "/pipelines", pipelineListResponse);
  }

  createPipeline(input: PipelineJsonInput): Promise<PipelineResponse> {
    return this.#request("POST", "/pipelines", pipelineResponse, input);
  }

  /** Which of these source-file checksums (at most 500) the library already holds, with the image for each. */
  checkChecksums(sha256: string[]): Promise<ChecksumsResponse> {
    return this.#request("POST", "/images/checksums", checksumsResponse, { sha256 });
  }

  listBoxes(): Promise<BoxListResponse> {
    return this.#request("GET", "/boxes", boxListResponse);
  }

  boxTiers(): Promise<BoxTiersResponse> {
    return this.#request("GET", "/boxes/tiers", boxTiersResponse);
  }

  getBox(boxId: string): Promise<BoxResponse> {
    return this.#request("GET", `/boxes/${segment(boxId)}`, boxResponse);
  }

  /** A new box; its first hour is charged as it starts. */
  createBox(input: CreateBoxInput): Promise<CreateBoxResponse> {
    return this.#request("POST", "/boxes", createBoxResponse, input);
  }

  boxAction(boxId: string, action: BoxAction): Promise<BoxActionResponse> {
    return this.#request("POST", `/boxes/${segment(boxId)}/actions`, boxActionResponse, { action });
  }

  /** A one-minute ticket to watch a running box's screen over the server's WebSocket proxy. */
  vncTicket(boxId: string): Promise<VncTicketResponse> {
    return this.#request("POST", `/boxes/${segment(boxId)}/vnc-ticket`, vncTicketResponse, {});
  }

  listAudioProjects(): Promise<AudioProjectListResponse> {
    return this.#request("GET", "/audio/projects", audioProjectListResponse);
  }

  createAudioProject(input: CreateAudioProjectRequest): Promise<AudioProjectResponse> {
    return this.#request("POST", "/audio/projects", audioProjectResponse, input);
  }

  getAudioProject(projectId: string): Promise<AudioProjectResponse> {
    return this.#request("GET", `/audio/projects/${segment(projectId)}`, audioProjectResponse);
  }

  updateAudioProject(projectId: string, input: UpdateAudioProjectRequest): Promise<AudioProjectResponse> {
    return this.#request("PATCH", `/audio/projects/${segment(projectId)}`, audioProjectResponse, input);
  }

  /** Deletes the project, its tracks and their files. */
  deleteAudioProject(projectId: string): Promise<void> {
    return this.#request("DELETE", `/audio/projects/${segment(projectId)}`, null);
  }

  /** Uploads an audio file as a new track at the end of the project (stored in the object store). */
  uploadAudioTrack(projectId: string, input: UploadAudioInput): Promise<AudioTrackResponse> {
    return this.#send("POST", `/audio/projects/${segment(projectId)}/tracks`, audioTrackResponse, { form: audioForm(input) });
  }

  /** Adds a track whose audio stays on this device (storageType OPFS); only its description is stored. */
  registerLocalAudioTrack(projectId: string, input: RegisterLocalTrackRequest): Promise<AudioTrackResponse> {
    return this.#request("POST", `/audio/projects/${segment(projectId)}/tracks`, audioTrackResponse, input);
  }

  /** Puts the listed tracks in this order (every track of the project, each once). */
  reorderAudioTracks(projectId: string, trackIds: string[]): Promise<ReorderAudioTracksResponse> {
    return this.#request("PUT", `/audio/projects/${segment(projectId)}/tracks`, reorderAudioTracksResponse, { trackIds });
  }

  getAudioTrack(trackId: string): Promise<AudioTrackResponse> {
    return this.#request("GET", `/audio/tracks/${segment(trackId)}`, audioTrackResponse);
  }

  updateAudioTrack(trackId: string, input: UpdateAudioTrackRequest): Promise<AudioTrackResponse> {
    return this.#request("PATCH", `/audio/tracks/${segment(trackId)}`, audioTrackResponse, input);
  }

  deleteAudioTrack(trackId: string): Promise<void> {
    return this.#request("DELETE", `/audio/tracks/${segment(trackId)}`, null);
  }

  /** Uploads the audio of a client-only track, or replaces a track's audio; the track is then in the object store. */
  uploadAudioTrackFile(trackId: string, input: UploadAudioInput): Promise<AudioTrackResponse> {
    return this.#send("PUT", `/audio/tracks/${segment(trackId)}/file`, audioTrackResponse, { form: audioForm(input) });
  }

  /** Asks the server to render the project's mix to a WAV; poll `getMixdown` until it is done or failed. */
  requestMixdown(projectId: string, input: MixdownRequest = {}): Promise<MixdownResponse> {
    return this.#request("POST", `/audio/projects/${segment(projectId)}/mixdowns`, mixdownResponse, input);
  }

  getMixdown(mixdownId: string): Promise<MixdownResponse> {
    return this.#request("GET", `/audio/mixdowns/${segment(mixdownId)}`, mixdownResponse);
  }

  /** The bytes behind a link from this API (a track's fileUrl, a mixdown's downloadUrl); relative links are on this server. */
  async downloadFile(url: string): Promise<Uint8Array> {
    const absolute = new URL(url, `${this.baseUrl}/`);
    // The session token goes only to this server, never to a storage host named in a signed link.
    const ours = absolute.origin === new URL(this.baseUrl).origin;
    let response: Response;
    try {
      response = await this.#fetch(absolute.toString(), { headers: ours && this.token ? { authorization: `Bearer ${this.token}` } : {} });
    } catch {
      throw new ApiError(0, "network", `Could not reach ${this.baseUrl}. Check the address and your connection.`);
    }
    if (!response.ok) throw new ApiError(response.status, response.status === 404 ? "not_found" : "internal", `The download failed (${response.status}).`);
    return new Uint8Array(await response.arrayBuffer());
  }

  /**
   * Uploads one photo. The answer has one result for it: stored (201), or refused with the reason
   * (207 when the server answers per file). A file the library already holds (same `sha256`) comes
   * back as the existing image with `duplicate: true`.
   */
  uploadImage(input: UploadImageInput): Promise<UploadResponse> {
    const form = new FormData();
    // A copy in a plain ArrayBuffer: a Blob part may not be a view of a shared buffer.
    const bytes = new Uint8Array(input.bytes.byteLength);
    bytes.set(input.bytes);
    form.append("file", new Blob([bytes], { type: input.contentType ?? "application/octet-stream" }), input.name);
    if (input.sha256 !== undefined) form.append("sha256", input.sha256);
    if (input.albumId !== undefined) form.append("albumId", input.albumId);
    return this.#send("POST", "/images", uploadResponse, { form });
  }
}

function audioForm(input: UploadAudioInput): FormData {
  const form = new FormData();
  const bytes = new Uint8Array(input.bytes.byteLength);
  bytes.set(input.bytes);
  form.append("file", new Blob([bytes], { type: input.contentType ?? "application/octet-stream" }), input.name);
  if (input.trackName !== undefined) form.append("name", input.trackName);
  return form;
}

/** Retry-After in seconds (the form this API sends); anything else is ignored. */
function retryAfter(header: string | null): number | undefined {
  if (header === null || !/^\s*\d+\s*$/.test(header)) return undefined;
  return Number(header.trim());
}

/** One path segment: ids are sent escaped so they can never change the path. */
function segment(value: string): string {
  return encodeURIComponent(value);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
