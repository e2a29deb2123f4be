/**
 * The desktop app's core in plain Node: everything the window can ask for, keyed by contract
 * channel, plus the events it pushes. The Electron shell and the browser test host both wrap this.
 */
import type { EventChannel, EventPayloadOf, Handlers, Unsubscribe } from "../ipc/contract.ts";
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
};

export type Core = {
  handlers: Handlers;
  uploads: UploadService;
  on<E extends EventChannel>(channel: E, listener: (payload: EventPayloadOf<E>) => void): Unsubscribe;
};

export function createCore({ userDataDir, fetch, secretBox, now, log, shell }: CoreOptions): Core {
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

  const { current: _current, close: _close, ...uploadHandlers } = uploads;
  return {
    handlers: {
      "session:get": () => session.get(),
      "session:signIn": (request) => session.signIn(request),
      "session:signOut": () => session.signOut(),
      "session:refresh": () => session.refresh(),
      ...uploadHandlers,
      ...boxes,
    },
    uploads,
    on: events.on,
  };
}

export type { SecretBox } from "./secret-box.ts";
export { createKeyFileSecretBox, createPlaintextSecretBox } from "./secret-box.ts";
