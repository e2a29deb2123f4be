/**
 * The desktop app's core in plain Node: everything the window can ask for, keyed by contract
 * channel, plus the events it pushes. The Electron shell and the browser test host both wrap this.
 */
import type { EventChannel, EventPayloadOf, Handlers, Unsubscribe } from "../ipc/contract.ts";
import { createAudioService, type AudioService } from "./audio/service.ts";
import { createBoxService } from "./boxes.ts";
import { createCoreEvents } from "./events.ts";
import { createKeyFileSecretBox, type SecretBox } from "./secret-box.ts";
import { createSessionService } from "./session-service.ts";
import { createSessionStore } from "./session-store.ts";
import { createUploadService, type UploadService } from "./uploads/service.ts";

/** What only the host around the core can do: the Electron shell, or the browser test host. */
export type CoreShell = {
  /** Shows the system's folder picker; resolves to the chosen folders (none when cancelled). */
  pickFolders(): Promise<string[]>;
  /** Opens a web page in the person's browser. */
  openExternal(url: string): Promise<void>;
  /** Shows the system's picker for audio files; resolves to the chosen files (none when cancelled). */
  pickAudioFiles?(): Promise<string[]>;
  /** Shows the system's save dialog offering `suggestedName`; null when cancelled. Without it, mixes go to Downloads. */
  chooseSavePath?(suggestedName: string): Promise<string | null>;
};

export type CoreOptions = {
  /** Where the app keeps its files (Electron's `app.getPath("userData")`). */
  userDataDir: string;
  fetch?: typeof fetch;
  /** Defaults to AES-256-GCM with a key file in `userDataDir`. */
  secretBox?: SecretBox;
  now?: () => Date;
  shell?: CoreShell;
  /** For things the user doesn't need to see but a developer might: discarded files, listener crashes. */
  log?: (message: string, error?: unknown) => void;
  /** Where saved mixes go when the shell has no save dialog (default `~/Downloads`). */
  downloadsDir?: string;
  /** Pauses between attempts to reach the server with queued mixer changes. */
  audioRetryDelaysMs?: number[];
  /** Fetch the mixer's projects from the server every minute while signed in (default on). */
  audioPolling?: boolean;
};

export type Core = {
  handlers: Handlers;
  uploads: UploadService;
  audio: AudioService;
  on<E extends EventChannel>(channel: E, listener: (payload: EventPayloadOf<E>) => void): Unsubscribe;
};

export function createCore({ userDataDir, fetch, secretBox, now, log, shell, downloadsDir, audioRetryDelaysMs, audioPolling }: CoreOptions): Core {
  const events = createCoreEvents((error) => log?.("A core event listener failed", error));
  const store = createSessionStore({
    userDataDir,
    secretBox: secretBox ?? createKeyFileSecretBox(userDataDir),
    onDiscarded: (reason) => log?.(`Starting signed out: ${reason}`),
  });
  const session = createSessionService({ store, events, ...(fetch ? { fetch } : {}), ...(now ? { now } : {}) });

  const uploads = createUploadService({
    userDataDir,
    events,
    client: () => session.client(),
    ...(shell ? { shell } : {}),
    ...(log ? { log } : {}),
  });

  const boxes = createBoxService({ client: () => session.client() });

  const audio = createAudioService({
    userDataDir,
    events,
    client: () => session.client(),
    account: async () => {
      const state = await session.get();
      return state.status === "signedIn" ? { serverUrl: state.serverUrl, userId: state.user.id } : null;
    },
    ...(shell ? { shell } : {}),
    ...(downloadsDir ? { downloadsDir } : {}),
    ...(audioRetryDelaysMs ? { retryDelaysMs: audioRetryDelaysMs } : {}),
    ...(audioPolling === false ? { pollServer: false } : {}),
    ...(now ? { now } : {}),
    ...(log ? { log } : {}),
  });
  const followSession = () => void audio.sessionChanged().catch((error: unknown) => log?.("The mixer could not follow the session", error));
  events.on("session:changed", followSession);
  // Changes queued before the app last quit go out as soon as it starts.
  followSession();

  const { current: _current, close: _close, ...uploadHandlers } = uploads;
  const { engine: _engine, sessionChanged: _sessionChanged, close: _closeAudio, ...audioHandlers } = audio;
  return {
    handlers: {
      "session:get": () => session.get(),
      "session:signIn": (request) => session.signIn(request),
      "session:signOut": () => session.signOut(),
      "session:refresh": () => session.refresh(),
      ...uploadHandlers,
      ...boxes,
      ...audioHandlers,
    },
    uploads,
    audio,
    on: events.on,
  };
}

export type { SecretBox } from "./secret-box.ts";
export { createKeyFileSecretBox, createPlaintextSecretBox } from "./secret-box.ts";
