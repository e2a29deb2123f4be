/**
 * The one typed contract between the desktop window and the app's core: every request channel with
 * its request and response schema, and every event the core pushes to the window.
 */
import { z } from "zod";
import { emailField, passwordField } from "@spike-land/shared/accounts/schemas";
import { boxJson, boxTierJson } from "@spike-land/shared/api/boxes";
import { apiErrorCode } from "@spike-land/shared/api/errors";
import { AUDIO_STORAGE_TYPES, MIXDOWN_TARGETS, audioStorageUsage, mixdown, updateAudioTrackRequest } from "@spike-land/shared/api/audio";
import { MAX_TRACKS_PER_PROJECT } from "@spike-land/shared/audio/formats";
import { BOX_ACTIONS, createBoxSchema } from "@spike-land/shared/boxes";
import { meResponse } from "@spike-land/shared/api/sessions";
import { ENHANCEMENT_TIERS } from "@spike-land/shared/tokens/tiers";

/** Name of the object the preload script puts on `window`. */
export const BRIDGE_GLOBAL = "spikeLand";

export const signedOutSession = z.object({
  status: z.literal("signedOut"),
  /** The last server the user signed in to, so the sign-in form can offer it again. */
  serverUrl: z.string().nullable(),
});

export const signedInSession = z.object({
  status: z.literal("signedIn"),
  serverUrl: z.string(),
  user: meResponse.shape.user,
  tokens: meResponse.shape.tokens,
  /** When the account details were last fetched from the server. */
  refreshedAt: z.iso.datetime(),
});

export const sessionState = z.discriminatedUnion("status", [signedOutSession, signedInSession]);
export type SignedOutSession = z.infer<typeof signedOutSession>;
export type SignedInSession = z.infer<typeof signedInSession>;
export type SessionState = z.infer<typeof sessionState>;

export const signInRequest = z.object({
  serverUrl: z
    .string({ error: "Enter the address of your Spike Land server" })
    .trim()
    .min(1, "Enter the address of your Spike Land server")
    .max(2048, "That server address is too long"),
  email: emailField,
  password: passwordField,
});

/** Channels that carry no payload take `undefined`, so `invoke("session:get")` needs no argument. */
const noPayload = z.undefined();

// ---- Albums and bulk folder uploads --------------------------------------------------------------

const tier = z.enum(ENHANCEMENT_TIERS, { error: "Choose one of the enhancement tiers: FREE, TIER_1K, TIER_2K or TIER_4K." });
const albumId = z.string({ error: "Choose an album." }).trim().min(1, "Choose an album.").max(64, "That album id is not valid.");

export const albumChoice = z.object({
  id: z.string(),
  name: z.string(),
  imageCount: z.number().int(),
  /** The album's page on the web. */
  url: z.string(),
});
export type AlbumChoice = z.infer<typeof albumChoice>;

/**
 * Where dropped folders go: into one existing album, into a new album per dropped folder (named
 * after it), or into one album per subfolder (photos directly in a dropped folder go to an album
 * named after that folder).
 */
export const uploadTarget = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("album"), albumId }),
    z.object({ kind: z.literal("newAlbum") }),
    z.object({ kind: z.literal("perSubfolder") }),
  ],
  { error: "Choose where the photos go." },
);
export type UploadTarget = z.infer<typeof uploadTarget>;

export const startUploadRequest = z.object({
  folders: z
    .array(z.string().min(1, "A folder path is empty."), { error: "Drop or choose at least one folder." })
    .min(1, "Drop or choose at least one folder.")
    .max(100, "Drop at most 100 folders at a time."),
  target: uploadTarget,
  /** Send the files as they are instead of upright, metadata-free copies sized for the album's tier. */
  uploadOriginals: z.boolean().default(false),
});
export type StartUploadRequest = z.input<typeof startUploadRequest>;

/** One file named in the end-of-run report: where it is under the dropped folder, and why it was left out. */
const reportedFile = z.object({ path: z.string(), reason: z.string() });

export const uploadRunStatus = z.enum(["running", "paused", "interrupted", "done", "cancelled", "failed"]);
export type UploadRunStatus = z.infer<typeof uploadRunStatus>;

export const uploadRunView = z.object({
  id: z.string(),
  /**
   * running; paused (by the person); interrupted (the app quit mid-run and it can be resumed); done;
   * cancelled; failed (a problem that retrying will not fix, in `message`).
   */
  status: uploadRunStatus,
  /** Still walking the folders: `counts.found` is still growing. */
  scanning: z.boolean(),
  folders: z.array(z.string()),
  target: uploadTarget,
  uploadOriginals: z.boolean(),
  startedAt: z.iso.datetime(),
  albums: z.array(
    z.object({
      /** Null until a new album has been created on the server. */
      id: z.string().nullable(),
      name: z.string(),
      url: z.string().nullable(),
      defaultTier: tier.nullable(),
      /** Photos of this run that go to the album, and how many of them are there now. */
      files: z.number().int(),
      done: z.number().int(),
    }),
  ),
  counts: z.object({
    /** Photos found so far (files that are not photos are counted in `skipped`). */
    found: z.number().int(),
    hashed: z.number().int(),
    uploaded: z.number().int(),
    /** Already in the library, or the same photo twice in the folders: not sent. */
    duplicates: z.number().int(),
    skipped: z.number().int(),
    failed: z.number().int(),
    /** Photos still to check or send. */
    remaining: z.number().int(),
  }),
  bytes: z.object({ hashed: z.number(), toHash: z.number(), uploaded: z.number() }),
  /** Seconds until the run is done at the current pace; null while unknown. */
  etaSeconds: z.number().nullable(),
  /** When the server asked to wait (upload limit): until then nothing is sent. */
  waitingUntil: z.iso.datetime().nullable(),
  /** What the person should know now: the wait, a problem, or how the run ended. */
  message: z.string().nullable(),
  /** Files being worked on right now (at most a handful). */
  active: z.array(z.object({ path: z.string(), stage: z.enum(["hashing", "preparing", "uploading", "retrying"]) })),
  /** Named at the end: at most 200 of each, with how many more there were. */
  report: z.object({
    skipped: z.array(reportedFile),
    duplicates: z.array(reportedFile),
    failed: z.array(reportedFile),
    more: z.object({ skipped: z.number().int(), duplicates: z.number().int(), failed: z.number().int() }),
  }),
});
export type UploadRunView = z.infer<typeof uploadRunView>;

export const enhanceQuote = z.object({
  albums: z.array(z.object({ albumId: z.string(), name: z.string(), tier, images: z.number().int(), cost: z.number().int() })),
  /** Tokens the whole offer costs, and the balance now. */
  cost: z.number().int(),
  balance: z.number().int(),
});
export type EnhanceQuote = z.infer<typeof enhanceQuote>;

export const enhanceRequest = z.object({ tier: tier.optional() });

export const enhanceProgress = z.object({
  batches: z.array(
    z.object({
      albumId: z.string(),
      albumName: z.string(),
      batchId: z.string(),
      tier,
      total: z.number().int(),
      done: z.number().int(),
      failed: z.number().int(),
      running: z.number().int(),
      cost: z.number().int(),
      /** Photos left out because the balance ran short. */
      skipped: z.number().int(),
      finished: z.boolean(),
    }),
  ),
});
export type EnhanceProgress = z.infer<typeof enhanceProgress>;

// ---- Boxes (cloud desktops) ---------------------------------------------------------------------

export type BoxView = z.infer<typeof boxJson>;
export type BoxTier = z.infer<typeof boxTierJson>;

const boxId = z.string({ error: "Choose a box." }).trim().min(1, "Choose a box.").max(64, "That box id is not valid.");

export const boxListView = z.object({ boxes: z.array(boxJson), tiers: z.array(boxTierJson) });
export type BoxListView = z.infer<typeof boxListView>;

export const boxActionRequest = z.object({
  boxId,
  action: z.enum(BOX_ACTIONS, { error: "Choose start, stop, restart, delete or clone." }),
});

/** Where to watch a running box's screen: a WebSocket on the signed-in server, usable once within a minute. */
export const boxScreen = z.object({
  /** Absolute ws: or wss: address of the server's screen proxy, ticket included. */
  url: z.string(),
  /** The box's VNC password, which answers the VNC server's challenge. */
  password: z.string(),
  expiresAt: z.iso.datetime(),
});
export type BoxScreen = z.infer<typeof boxScreen>;


// ---- Audio mixer ---------------------------------------------------------------------------------

const audioProjectId = z.string({ error: "Choose a project." }).trim().min(1, "Choose a project.").max(80, "That project id is not valid.");
const audioTrackId = z.string({ error: "Choose a track." }).trim().min(1, "Choose a track.").max(80, "That track id is not valid.");
const audioProjectName = z
  .string({ error: "Give the project a name." })
  .trim()
  .min(1, "Give the project a name.")
  .max(80, "Keep the project name under 80 characters.");

export const audioTrackView = z.object({
  /** Stable on this computer: the server's id, or a local one for a track made here before it was synced. */
  id: z.string(),
  serverId: z.string().nullable(),
  name: z.string(),
  fileFormat: z.string(),
  /** Seconds; null until known. */
  duration: z.number().nullable(),
  fileSizeBytes: z.number(),
  volume: z.number(),
  muted: z.boolean(),
  solo: z.boolean(),
  /** R2: uploaded to the server; OPFS: the audio stays on the computer it was added from. */
  storageType: z.enum(AUDIO_STORAGE_TYPES),
  /** The audio can be played here: the file is on this computer, cached, or can be downloaded. */
  playable: z.boolean(),
  /** The file this computer added it from (for OPFS tracks: the only copy). */
  localPath: z.string().nullable(),
  /** Changes to it are still waiting to be sent. */
  pending: z.boolean(),
});
export type AudioTrackView = z.infer<typeof audioTrackView>;

export const audioProjectSummaryView = z.object({
  id: z.string(),
  serverId: z.string().nullable(),
  name: z.string(),
  description: z.string().nullable(),
  trackCount: z.number().int(),
  /** The longest track: how long the mix runs. */
  duration: z.number(),
  updatedAt: z.iso.datetime(),
  pending: z.boolean(),
});
export type AudioProjectSummaryView = z.infer<typeof audioProjectSummaryView>;

export const audioProjectView = audioProjectSummaryView.extend({ tracks: z.array(audioTrackView) });
export type AudioProjectView = z.infer<typeof audioProjectView>;

export const audioSyncStatus = z.object({
  /** signedOut; offline (changes wait, retried at retryAt); syncing; pending (waiting to be sent); synced. */
  state: z.enum(["signedOut", "offline", "syncing", "pending", "synced"]),
  pending: z.number().int(),
  lastError: z.string().nullable(),
  lastSyncedAt: z.iso.datetime().nullable(),
  retryAt: z.iso.datetime().nullable(),
});
export type AudioSyncStatus = z.infer<typeof audioSyncStatus>;

export const audioListView = z.object({
  projects: z.array(audioProjectSummaryView),
  usage: audioStorageUsage.nullable(),
  status: audioSyncStatus,
});
export type AudioListView = z.infer<typeof audioListView>;

export const addAudioFilesRequest = z.object({
  projectId: audioProjectId,
  paths: z
    .array(z.string().min(1, "A file path is empty."), { error: "Drop or choose at least one audio file." })
    .min(1, "Drop or choose at least one audio file.")
    .max(MAX_TRACKS_PER_PROJECT, `A project holds at most ${MAX_TRACKS_PER_PROJECT} tracks.`),
  /** R2 uploads the audio to the server; OPFS keeps it on this computer only (it can be uploaded later). */
  storage: z.enum(AUDIO_STORAGE_TYPES, { error: "Choose whether to upload the audio or keep it on this computer." }).default("R2"),
});

export const addAudioFilesResponse = z.object({
  project: audioProjectView,
  added: z.array(z.string()),
  /** Files left out, each with the reason. */
  refused: z.array(z.object({ path: z.string(), name: z.string(), reason: z.string() })),
});
export type AddAudioFilesResponse = z.infer<typeof addAudioFilesResponse>;

export const updateAudioTrackViewRequest = z
  .object({ trackId: audioTrackId, ...updateAudioTrackRequest.shape })
  .refine((input) => [input.name, input.volume, input.muted, input.solo].some((value) => value !== undefined), {
    message: "Send at least one of name, volume, muted or solo.",
  });

/** One piece of a track's audio (base64, up to 4 MB of audio a piece): ask again from `offset + bytes` until `done`. */
export const audioChunk = z.object({
  trackId: z.string(),
  mime: z.string(),
  totalBytes: z.number().int(),
  offset: z.number().int(),
  base64: z.string(),
  done: z.boolean(),
});
export type AudioChunk = z.infer<typeof audioChunk>;

export type AudioMixdownView = z.infer<typeof mixdown>;
const mixdownId = z.string({ error: "Choose a mixdown." }).trim().min(1, "Choose a mixdown.").max(64, "That mixdown id is not valid.");
const saveId = z.string({ error: "Start saving first." }).min(1, "Start saving first.").max(64, "That save id is not valid.");

export const invokeChannels = {
  "session:get": { request: noPayload, response: sessionState },
  "session:signIn": { request: signInRequest, response: signedInSession },
  "session:signOut": { request: noPayload, response: signedOutSession },
  "session:refresh": { request: noPayload, response: signedInSession },
  "albums:list": { request: noPayload, response: z.object({ albums: z.array(albumChoice) }) },
  /** Opens the system's folder picker (in the desktop app); answers the chosen folders, none when cancelled. */
  "folders:pick": { request: noPayload, response: z.object({ folders: z.array(z.string()) }) },
  "upload:start": { request: startUploadRequest, response: uploadRunView },
  /** The current run, a finished one not yet dismissed, or one interrupted by quitting; null when none. */
  "upload:get": { request: noPayload, response: uploadRunView.nullable() },
  "upload:pause": { request: noPayload, response: uploadRunView },
  "upload:resume": { request: noPayload, response: uploadRunView },
  "upload:cancel": { request: noPayload, response: uploadRunView },
  /** Forgets a finished, cancelled or interrupted run. */
  "upload:dismiss": { request: noPayload, response: z.null() },
  /** What enhancing the run's albums costs at each album's tier (or `tier`), and the balance. */
  "enhance:quote": { request: enhanceRequest, response: enhanceQuote },
  "enhance:start": { request: enhanceRequest, response: enhanceProgress },
  "enhance:get": { request: noPayload, response: enhanceProgress },
  /** Opens the album's page on the web in the browser. */
  "album:open": { request: z.object({ albumId }), response: z.object({ url: z.string() }) },
  /** The person's boxes and the sizes a new one can have. */
  "boxes:list": { request: noPayload, response: boxListView },
  /** Asks for an action the box allows now (`box.actions`); answers the box as it is right after. */
  "boxes:action": { request: boxActionRequest, response: boxJson },
  /** A new box (its first hour is charged as it starts); answers it while it is CREATING. */
  "boxes:create": { request: createBoxSchema, response: boxJson },
  /** A one-minute ticket to a running box's screen. */
  "boxes:screen": { request: z.object({ boxId }), response: boxScreen },
  /** The mixer's projects as this computer has them (changes not yet synced included), the storage used and the sync status. */
  "audio:list": { request: noPayload, response: audioListView },
  "audio:getProject": { request: z.object({ projectId: audioProjectId }), response: audioProjectView },
  /** Made here at once; it reaches the server when it is reachable. */
  "audio:createProject": { request: z.object({ name: audioProjectName }), response: audioProjectView },
  "audio:renameProject": { request: z.object({ projectId: audioProjectId, name: audioProjectName }), response: audioProjectView },
  "audio:deleteProject": { request: z.object({ projectId: audioProjectId }), response: z.null() },
  /** Opens the system's file picker for audio files; answers the chosen files, none when cancelled. */
  "audio:pickFiles": { request: noPayload, response: z.object({ paths: z.array(z.string()) }) },
  /** Checks each file's format by its content and its size and length, and adds the good ones as tracks. */
  "audio:addFiles": { request: addAudioFilesRequest, response: addAudioFilesResponse },
  "audio:updateTrack": { request: updateAudioTrackViewRequest, response: audioTrackView },
  /** Every track of the project, each once, in the new order. */
  "audio:reorderTracks": {
    request: z.object({
      projectId: audioProjectId,
      trackIds: z.array(audioTrackId, { error: "Send the tracks in their new order." }).min(1, "Send the tracks in their new order.").max(MAX_TRACKS_PER_PROJECT),
    }),
    response: audioProjectView,
  },
  "audio:deleteTrack": { request: z.object({ trackId: audioTrackId }), response: audioProjectView },
  /** Uploads the audio of a track kept on this computer, so it plays everywhere. */
  "audio:uploadTrack": { request: z.object({ trackId: audioTrackId }), response: audioTrackView },
  /** The track's audio, from this computer or downloaded (and cached) from the server. */
  "audio:readTrack": { request: z.object({ trackId: audioTrackId, offset: z.number().int().min(0).default(0) }), response: audioChunk },
  "audio:syncStatus": { request: noPayload, response: audioSyncStatus },
  /** Sends waiting changes and fetches the server's state now. */
  "audio:syncNow": { request: noPayload, response: audioSyncStatus },
  "audio:dismissError": { request: noPayload, response: audioSyncStatus },
  /** Asks the server to render the project's mix (its changes must have reached the server). */
  "audio:requestMixdown": {
    request: z.object({ projectId: audioProjectId, target: z.enum(MIXDOWN_TARGETS).default("download") }),
    response: mixdown,
  },
  "audio:getMixdown": { request: z.object({ mixdownId }), response: mixdown },
  /** Saves a finished server mixdown (WAV) where the person chooses (Downloads without a picker); null path when cancelled. */
  "audio:saveMixdown": { request: z.object({ mixdownId, fileName: z.string().trim().min(1).max(200) }), response: z.object({ path: z.string().nullable() }) },
  /** Saving a mix rendered in the window: start, send it in base64 pieces, then finish (asks where; null path when cancelled). */
  "audio:saveStart": { request: z.object({ fileName: z.string().trim().min(1, "Name the file.").max(200, "Keep the file name under 200 characters.") }), response: z.object({ saveId: z.string() }) },
  "audio:saveChunk": { request: z.object({ saveId, base64: z.string().max(12 * 1024 * 1024) }), response: z.null() },
  "audio:saveFinish": { request: z.object({ saveId }), response: z.object({ path: z.string().nullable() }) },
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;

export const eventChannels = {
  "session:changed": sessionState,
  /** At most a few times a second while a run is going, and on every change of status. */
  "upload:changed": uploadRunView.nullable(),
  "enhance:changed": enhanceProgress,
  /** The mixer's sync state: on every change of state and pending count. */
  "audio:status": audioSyncStatus,
  /** Projects whose contents changed (an edit here, a sync, a pull from the server): ask for them again. */
  "audio:changed": z.object({ projectIds: z.array(z.string()) }),
} as const satisfies Record<string, z.ZodType>;

export type InvokeChannel = keyof typeof invokeChannels;
export type EventChannel = keyof typeof eventChannels;

/** What a caller passes (before trimming and lower-casing). */
export type RequestOf<C extends InvokeChannel> = z.input<(typeof invokeChannels)[C]["request"]>;
/** What a handler receives after the contract has parsed the request. */
export type ParsedRequestOf<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]["request"]>;
export type ResponseOf<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]["response"]>;
export type EventPayloadOf<E extends EventChannel> = z.output<(typeof eventChannels)[E]>;

export const invokeChannelNames = Object.keys(invokeChannels) as InvokeChannel[];
export const eventChannelNames = Object.keys(eventChannels) as EventChannel[];

export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === "string" && Object.hasOwn(invokeChannels, value);
}

export function isEventChannel(value: unknown): value is EventChannel {
  return typeof value === "string" && Object.hasOwn(eventChannels, value);
}

/** Server error codes pass through unchanged so the window can show the server's own message. */
export const ipcErrorCode = z.enum([...apiErrorCode.options, "network", "unknown_channel"]);
export type IpcErrorCode = z.infer<typeof ipcErrorCode>;

export const ipcError = z.object({
  code: ipcErrorCode,
  message: z.string(),
  fields: z.record(z.string(), z.array(z.string())).optional(),
});
export type IpcError = z.infer<typeof ipcError>;

/**
 * Errors travel as data, not as thrown exceptions: Electron flattens a rejected invoke into a
 * generic "Error invoking remote method" string, which would lose the code and the field messages.
 */
export type IpcResult<T> = { ok: true; data: T } | { ok: false; error: IpcError };

export function ipcResultSchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion("ok", [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: ipcError }),
  ]);
}

/** Channels without a payload take no second argument. */
export type InvokeArgs<C extends InvokeChannel> =
  undefined extends RequestOf<C> ? [request?: RequestOf<C>] : [request: RequestOf<C>];

export type Invoke = <C extends InvokeChannel>(
  channel: C,
  ...args: InvokeArgs<C>
) => Promise<IpcResult<ResponseOf<C>>>;

export type Unsubscribe = () => void;

export type On = <E extends EventChannel>(
  channel: E,
  listener: (payload: EventPayloadOf<E>) => void,
) => Unsubscribe;

/** The whole surface the window gets: `window.spikeLand`. */
export type DesktopBridge = {
  invoke: Invoke;
  on: On;
  /**
   * Where a file or folder dropped on the window lives on disk. Throws when the item did not come
   * from this computer's file system (or drops are not available); an empty string means the same.
   */
  pathForFile(file: File): string;
};

/** What the core implements for each channel; responses are re-validated before they leave main. */
export type Handlers = {
  [C in InvokeChannel]: (request: ParsedRequestOf<C>) => Promise<ResponseOf<C>>;
};
