/** A `SecretBox` backed by Electron's safeStorage (the OS keychain), used when a real keychain exists. */
import type { SecretBox } from "../core/secret-box.ts";

/** The part of Electron's `safeStorage` this uses. */
export type SafeStorageLike = {
  isEncryptionAvailable(): boolean;
  getSelectedStorageBackend?(): string;
  encryptString(plaintext: string): Buffer;
  decryptString(encrypted: Buffer): string;
};

/**
 * Returns null when safeStorage would not protect anything: on Linux without a keyring Electron
 * falls back to "basic_text" (a hard-coded key), which is weaker than the core's own key file.
 */
export function createSafeStorageSecretBox(safeStorage: SafeStorageLike, platform: NodeJS.Platform): SecretBox | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  if (platform === "linux" && safeStorage.getSelectedStorageBackend?.() === "basic_text") return null;
  return {
    scheme: "electron-safe-storage",
    seal: async (plaintext) => safeStorage.encryptString(plaintext).toString("base64"),
    open: async (sealed) => safeStorage.decryptString(Buffer.from(sealed, "base64")),
  };
}
