/**
 * Remembers, between launches, which server the user signed in to and their session: one JSON file
 * in the user-data folder, readable only by its owner, with the token sealed by a `SecretBox`.
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { meResponse } from "@spike-land/shared/api/sessions";
import type { SecretBox } from "./secret-box.ts";

export const SESSION_FILE_NAME = "session.json";
const OWNER_ONLY = 0o600;

const sealedSecret = z.object({ scheme: z.string(), sealed: z.string() });

const sessionFile = z.object({
  version: z.literal(1),
  serverUrl: z.string().nullable(),
  session: z
    .object({
      token: sealedSecret,
      expiresAt: z.iso.datetime(),
      profile: meResponse,
      refreshedAt: z.iso.datetime(),
    })
    .nullable(),
});
type SessionFile = z.infer<typeof sessionFile>;

export type Profile = z.infer<typeof meResponse>;

/** The remembered state, with the token already opened. */
export type StoredSession = {
  serverUrl: string | null;
  session: { token: string; expiresAt: string; profile: Profile; refreshedAt: string } | null;
};

export const EMPTY_SESSION: StoredSession = { serverUrl: null, session: null };

export type SessionStore = {
  read(): Promise<StoredSession>;
  write(state: StoredSession): Promise<void>;
  readonly path: string;
};

export type SessionStoreOptions = {
  userDataDir: string;
  secretBox: SecretBox;
  /** Told when a saved file could not be used, so the shell can log it; the user just signs in again. */
  onDiscarded?: (reason: string) => void;
};

export function createSessionStore({ userDataDir, secretBox, onDiscarded }: SessionStoreOptions): SessionStore {
  const path = join(userDataDir, SESSION_FILE_NAME);

  async function read(): Promise<StoredSession> {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if (error instanceof Error && "code" in error && error.code === "ENOENT") return EMPTY_SESSION;
      throw error;
    }
    const parsed = sessionFile.safeParse(safeJson(text));
    if (!parsed.success) {
      onDiscarded?.(`${path} is not a session file this version understands`);
      return EMPTY_SESSION;
    }
    const { serverUrl, session } = parsed.data;
    if (!session) return { serverUrl, session: null };
    if (session.token.scheme !== secretBox.scheme) {
      onDiscarded?.(`the saved token was sealed with ${session.token.scheme}, not ${secretBox.scheme}`);
      return { serverUrl, session: null };
    }
    try {
      const token = await secretBox.open(session.token.sealed);
      return { serverUrl, session: { ...session, token } };
    } catch (error) {
      onDiscarded?.(`the saved token could not be opened (${error instanceof Error ? error.message : String(error)})`);
      return { serverUrl, session: null };
    }
  }

  async function write(state: StoredSession): Promise<void> {
    const file: SessionFile = {
      version: 1,
      serverUrl: state.serverUrl,
      session: state.session && {
        token: { scheme: secretBox.scheme, sealed: await secretBox.seal(state.session.token) },
        expiresAt: state.session.expiresAt,
        profile: state.session.profile,
        refreshedAt: state.session.refreshedAt,
      },
    };
    await mkdir(userDataDir, { recursive: true, mode: 0o700 });
    // Write-then-rename so a crash mid-write never leaves a half-written file behind.
    const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      await writeFile(temporary, JSON.stringify(file, null, 2) + "\n", { mode: OWNER_ONLY });
      await chmod(temporary, OWNER_ONLY);
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  return { read, write, path };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
