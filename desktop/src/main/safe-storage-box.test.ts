/** When the OS keychain (safeStorage) protects the token, and when the key file does instead. */
import { describe, expect, it } from "vitest";
import { createSafeStorageSecretBox, type SafeStorageLike } from "./safe-storage-box.ts";

/** Stands in for Electron's safeStorage: reverses bytes, which is enough to see the box use it. */
function fakeSafeStorage(available: boolean, backend = "gnome_libsecret"): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (plaintext) => Buffer.from(plaintext, "utf8").reverse(),
    decryptString: (encrypted) => Buffer.from(encrypted).reverse().toString("utf8"),
  };
}

describe("safeStorage secret box", () => {
  it("seals and opens through safeStorage", async () => {
    const box = createSafeStorageSecretBox(fakeSafeStorage(true), "linux");
    if (!box) throw new Error("expected a box");
    const sealed = await box.seal("token-123");
    expect(sealed).not.toContain("token-123");
    expect(await box.open(sealed)).toBe("token-123");
    expect(box.scheme).toBe("electron-safe-storage");
  });

  it("declines when there is no keychain, or only Linux's hard-coded basic_text key", () => {
    expect(createSafeStorageSecretBox(fakeSafeStorage(false), "darwin")).toBeNull();
    expect(createSafeStorageSecretBox(fakeSafeStorage(true, "basic_text"), "linux")).toBeNull();
    expect(createSafeStorageSecretBox(fakeSafeStorage(true, "basic_text"), "win32")).not.toBeNull();
  });
});
