/**
 * The desktop app's account session: signs in to a Spike Land server with the shared API client,
 * keeps the account details fresh, signs out, and remembers all of it between launches.
 */
import { ApiClient, ApiError } from "@spike-land/shared/api/client";
import type {
  ParsedRequestOf,
  SessionState,
  SignedInSession,
  SignedOutSession,
} from "../ipc/contract.ts";
import { CoreError } from "./errors.ts";
import type { CoreEvents } from "./events.ts";
import { normaliseServerUrl } from "./server-url.ts";
import { EMPTY_SESSION, type SessionStore, type StoredSession } from "./session-store.ts";

export type SessionServiceOptions = {
  store: SessionStore;
  events: CoreEvents;
  fetch?: typeof fetch;
  now?: () => Date;
};

export type SessionService = {
  get(): Promise<SessionState>;
  signIn(request: ParsedRequestOf<"session:signIn">): Promise<SignedInSession>;
  signOut(): Promise<SignedOutSession>;
  refresh(): Promise<SignedInSession>;
  /** An API client signed in as the current user, for the app's other work; unauthorized when signed out. */
  client(): Promise<{ api: ApiClient; serverUrl: string }>;
};

export function createSessionService({ store, events, fetch, now = () => new Date() }: SessionServiceOptions): SessionService {
  let current: StoredSession | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  /**
   * Runs one operation at a time, so a slow refresh that finishes after "Sign out" cannot bring
   * the old session back, and two sign-ins cannot interleave their writes.
   */
  function serial<T>(operation: () => Promise<T>): Promise<T> {
    const run = queue.then(operation, operation);
    queue = run.catch(() => undefined);
    return run;
  }

  async function load(): Promise<StoredSession> {
    current ??= await store.read();
    const session = current.session;
    if (session && Date.parse(session.expiresAt) <= now().getTime()) {
      await save({ serverUrl: current.serverUrl, session: null });
    }
    return current;
  }

  async function save(next: StoredSession): Promise<void> {
    await store.write(next);
    const wasSignedIn = current?.session != null;
    current = next;
    if (wasSignedIn || next.session) events.emit("session:changed", view(next));
  }

  function client(serverUrl: string, token: string | null = null): ApiClient {
    return new ApiClient({ baseUrl: serverUrl, token, ...(fetch ? { fetch } : {}) });
  }

  async function signIn({ serverUrl: typed, email, password }: ParsedRequestOf<"session:signIn">) {
    const serverUrl = normaliseServerUrl(typed);
    const api = client(serverUrl);
    const created = await explain(serverUrl, () => api.createSession({ email, password }));
    api.token = created.token;
    let profile;
    try {
      profile = await explain(serverUrl, () => api.me());
    } catch (error) {
      // Don't leave a session open on the server that this app will never use or revoke.
      await api.deleteCurrentSession().catch(() => undefined);
      throw error;
    }
    const next: StoredSession = {
      serverUrl,
      session: { token: created.token, expiresAt: created.expiresAt, profile, refreshedAt: now().toISOString() },
    };
    await save(next);
    return signedInView(next);
  }

  async function signOut(): Promise<SignedOutSession> {
    const { serverUrl, session } = await load();
    if (session && serverUrl) {
      // Signing out must work offline too: forget the token locally even if the server can't be told.
      await client(serverUrl, session.token).deleteCurrentSession().catch(() => undefined);
    }
    const next = { serverUrl, session: null };
    if (session) await save(next);
    return { status: "signedOut", serverUrl };
  }

  async function refresh(): Promise<SignedInSession> {
    const { serverUrl, session } = await load();
    if (!session || !serverUrl) {
      throw new CoreError("unauthorized", "You are signed out. Sign in to see your account.");
    }
    let profile;
    try {
      profile = await explain(serverUrl, () => client(serverUrl, session.token).me());
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        await save({ serverUrl, session: null });
        throw new CoreError("unauthorized", `Your session on ${hostOf(serverUrl)} has ended. Sign in again.`);
      }
      throw error;
    }
    const next: StoredSession = { serverUrl, session: { ...session, profile, refreshedAt: now().toISOString() } };
    await save(next);
    return signedInView(next);
  }

  return {
    get: () => serial(async () => view(await load())),
    signIn: (request) => serial(() => signIn(request)),
    signOut: () => serial(signOut),
    refresh: () => serial(refresh),
    client: async () => {
      const { serverUrl, session } = await serial(load);
      if (!session || !serverUrl) throw new CoreError("unauthorized", "You are signed out. Sign in to upload and enhance photos.");
      return { api: client(serverUrl, session.token), serverUrl };
    },
  };
}

export function view(state: StoredSession = EMPTY_SESSION): SessionState {
  return state.session ? signedInView(state) : { status: "signedOut", serverUrl: state.serverUrl };
}

function signedInView(state: StoredSession): SignedInSession {
  const { serverUrl, session } = state;
  if (!session || !serverUrl) throw new Error("signedInView needs a session");
  return {
    status: "signedIn",
    serverUrl,
    user: session.profile.user,
    tokens: session.profile.tokens,
    refreshedAt: session.refreshedAt,
  };
}

/** Rewords the API client's generic answers for the one mistake users make most: the wrong address. */
async function explain<T>(serverUrl: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ApiError && error.code === "internal" && (error.status === 404 || error.status === 405)) {
      throw new CoreError(
        "not_found",
        `${serverUrl} answered, but not like a Spike Land server (HTTP ${error.status}). Check the address.`,
        { serverUrl: ["Check this address"] },
      );
    }
    throw error;
  }
}

function hostOf(serverUrl: string): string {
  return new URL(serverUrl).host;
}
