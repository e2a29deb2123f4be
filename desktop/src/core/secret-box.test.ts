/** The default token protection: AES-256-GCM with an owner-only key file. */
import { mkdtemp, readFile, rm, stat, chmod, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KEY_FILE_NAME, createKeyFileSecretBox } from "./secret-box.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "spike-land-box-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("key-file secret box (AES-256-GCM)", () => {
  it("seals so the token is not readable, and opens it again", async () => {
    const box = createKeyFileSecretBox(dir);
    const sealed = await box.seal("token-123");
    expect(sealed).not.toContain("token-123");
    expect(await box.open(sealed)).toBe("token-123");
    // A fresh box over the same folder (the next launch) reads the same key.
    expect(await createKeyFileSecretBox(dir).open(sealed)).toBe("token-123");
  });

  it("creates a 32-byte key file only its owner can read", async () => {
    await createKeyFileSecretBox(dir).seal("x");
    const info = await stat(join(dir, KEY_FILE_NAME));
    expect(info.mode & 0o777).toBe(0o600);
    expect((await readFile(join(dir, KEY_FILE_NAME))).length).toBe(32);
  });

  it("tightens a key file whose permissions were loosened", async () => {
    await createKeyFileSecretBox(dir).seal("x");
    await chmod(join(dir, KEY_FILE_NAME), 0o644);
    await createKeyFileSecretBox(dir).seal("y");
    expect((await stat(join(dir, KEY_FILE_NAME))).mode & 0o777).toBe(0o600);
  });

  it("uses a fresh random nonce for every seal", async () => {
    const box = createKeyFileSecretBox(dir);
    expect(await box.seal("same")).not.toBe(await box.seal("same"));
  });

  it("refuses a tampered value", async () => {
    const box = createKeyFileSecretBox(dir);
    const raw = Buffer.from(await box.seal("token-123"), "base64");
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    await expect(box.open(raw.toString("base64"))).rejects.toThrow();
    await expect(box.open("c2hvcnQ=")).rejects.toThrow(/too short/);
  });

  it("cannot open a value sealed under another key", async () => {
    const other = await mkdtemp(join(tmpdir(), "spike-land-box-"));
    try {
      const sealed = await createKeyFileSecretBox(other).seal("token-123");
      await expect(createKeyFileSecretBox(dir).open(sealed)).rejects.toThrow();
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it("replaces a damaged key file instead of failing forever", async () => {
    await writeFile(join(dir, KEY_FILE_NAME), "short", { mode: 0o600 });
    const box = createKeyFileSecretBox(dir);
    expect(await box.open(await box.seal("ok"))).toBe("ok");
    expect((await readFile(join(dir, KEY_FILE_NAME))).length).toBe(32);
  });
});
