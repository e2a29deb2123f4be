/** Streaming SHA-256 of files, with progress. */
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256File } from "./hash.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "spike-land-hash-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("sha256File", () => {
  it("gives the lower-case hex SHA-256 of a file read in several chunks, reporting every byte", async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    const path = join(dir, "large.bin");
    await writeFile(path, bytes);
    const reports: number[] = [];
    const digest = await sha256File(path, (n) => reports.push(n));
    expect(digest).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(reports.length).toBeGreaterThan(1);
    expect(reports.reduce((sum, n) => sum + n, 0)).toBe(bytes.length);
  });

  it("hashes an empty file", async () => {
    const path = join(dir, "empty.bin");
    await writeFile(path, "");
    expect(await sha256File(path)).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("rejects for a file that is not there", async () => {
    await expect(sha256File(join(dir, "missing.bin"))).rejects.toMatchObject({ code: "ENOENT" });
  });
});
