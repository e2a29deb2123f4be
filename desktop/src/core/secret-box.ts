/**
 * Keeps the session token unreadable at rest. The core only knows the `SecretBox` interface; the
 * Electron shell can pass one backed by the OS keychain (safeStorage), and the default here is
 * AES-256-GCM with a random key kept in its own owner-only file.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { chmod, mkdir, open, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

export interface SecretBox {
  /** Stored next to each sealed value so a box never tries to open another box's secret. */
  readonly scheme: string;
  seal(plaintext: string): Promise<string>;
  open(sealed: string): Promise<string>;
}

export const KEY_FILE_NAME = "session.key";
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const OWNER_ONLY = 0o600;
/** Binds a ciphertext to its purpose, so a value sealed for something else will not open as a token. */
const ASSOCIATED_DATA = Buffer.from("spike-land/desktop/session-token/v1");

/** AES-256-GCM keyed from `<dir>/session.key` (created on first use, mode 0600). */
export function createKeyFileSecretBox(dir: string): SecretBox {
  let key: Promise<Buffer> | null = null;
  const loadKey = () => {
    key ??= readOrCreateKey(join(dir, KEY_FILE_NAME)).catch((error: unknown) => {
      key = null;
      throw error;
    });
    return key;
  };
  return {
    scheme: "aes-256-gcm",
    async seal(plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", await loadKey(), iv);
      cipher.setAAD(ASSOCIATED_DATA);
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
    },
    async open(sealed) {
      const raw = Buffer.from(sealed, "base64");
      if (raw.length < IV_BYTES + TAG_BYTES) throw new Error("Sealed secret is too short");
      const decipher = createDecipheriv("aes-256-gcm", await loadKey(), raw.subarray(0, IV_BYTES));
      decipher.setAAD(ASSOCIATED_DATA);
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
    },
  };
}

async function readOrCreateKey(path: string): Promise<Buffer> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  try {
    const handle = await open(path, "wx", OWNER_ONLY);
    try {
      const fresh = randomBytes(KEY_BYTES);
      await handle.writeFile(fresh);
      return fresh;
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
  }
  // Tighten a key file someone loosened, rather than keep using a key others can read.
  await chmod(path, OWNER_ONLY);
  const existing = await readFile(path);
  if (existing.length === KEY_BYTES) return existing;
  // A damaged key cannot open anything sealed with it anyway; replacing it only means signing in again.
  const fresh = randomBytes(KEY_BYTES);
  await writeFile(path, fresh, { mode: OWNER_ONLY });
  return fresh;
}

function isAlreadyExists(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "EEXIST";
}

/** For tests only: stores the token as it is, so a test can read the session file directly. */
export function createPlaintextSecretBox(): SecretBox {
  return {
    scheme: "plaintext",
    seal: async (plaintext) => plaintext,
    open: async (sealed) => sealed,
  };
}
