import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, safeEqual, sha256 } from "./crypto.server.ts";

describe("secrets at rest", () => {
  it("round-trips a secret and never stores the plaintext", () => {
    const stored = encryptSecret("gho_secret-access-token");
    expect(stored).not.toContain("gho_secret");
    expect(decryptSecret(stored)).toBe("gho_secret-access-token");
  });

  it("refuses a tampered ciphertext", () => {
    const stored = encryptSecret("value");
    const parts = stored.split(".");
    parts[3] = Buffer.from("tampered").toString("base64url");
    expect(() => decryptSecret(parts.join("."))).toThrow();
  });

  it("compares digests in constant time and by value", () => {
    expect(safeEqual(sha256("a"), sha256("a"))).toBe(true);
    expect(safeEqual(sha256("a"), sha256("b"))).toBe(false);
  });
});
