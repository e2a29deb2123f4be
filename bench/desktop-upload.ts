/**
 * `desktop.upload`: photos per minute of a whole desktop bulk upload (scan, hash, checksum check,
 * local preparation, upload into a new album) against the built server, versus plain HTTP PUTs of
 * the same prepared bytes to the same server's signed object-store URLs, with the same number of
 * uploads in flight. The upload limits are raised for the run, as a deployment may.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createCore } from "../desktop/src/core/index.ts";
import { UPLOAD_WORKERS } from "../desktop/src/core/uploads/run.ts";
import { maxEdgeForTier, preprocess, type Prepared } from "../desktop/src/core/uploads/preprocess.ts";
import { syntheticJpeg } from "../shared/src/node/enhance/synthetic.ts";
import { SERVER_NODE_FLAGS } from "../scripts/lib.mjs";
import { waitFor, type BenchEntry } from "./ssr.ts";

const PHOTOS = 60;
const WIDTH = 4000;
const HEIGHT = 3000;
const ROOT = path.resolve(import.meta.dirname, "..");
const DEMO = { email: "demo@spike.land", password: "spike-demo-2026" };

export async function benchDesktopUpload(): Promise<Record<string, BenchEntry>> {
  const work = await mkdtemp(path.join(os.tmpdir(), "spike-bench-upload-"));
  const port = 3410;
  const base = `http://127.0.0.1:${port}`;
  const secret = randomBytes(32).toString("base64url");
  const env = {
    ...process.env,
    PORT: String(port),
    APP_URL: base,
    DATA_DIR: path.join(work, "server"),
    APP_ENV: "development",
    DATABASE_URL: "",
    SESSION_SECRET: secret,
    ENCRYPTION_KEY: randomBytes(32).toString("hex"),
    RATE_LIMIT_OVERRIDES: "upload=100000,generalApi=100000",
  };
  const server: ChildProcess = spawn(process.execPath, [...SERVER_NODE_FLAGS, "build/server-entry/main.js"], {
    cwd: path.join(ROOT, "web"),
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    // Distinct 12-megapixel photos (each its own checksum), in two folders.
    const folder = path.join(work, "Photos");
    const files: string[] = [];
    for (let i = 0; i < PHOTOS; i++) {
      const file = path.join(folder, `roll-${i % 2}`, `DSC_${String(i).padStart(4, "0")}.jpg`);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, await syntheticJpeg({ width: WIDTH, height: HEIGHT, seed: 1 + i }));
      files.push(file);
    }
    await waitFor(`${base}/healthz`, 120_000);

    // Ours: the desktop core, start to done.
    const core = createCore({ userDataDir: path.join(work, "desktop") });
    await core.handlers["session:signIn"]({ serverUrl: base, ...DEMO });
    const started = performance.now();
    await core.handlers["upload:start"]({ folders: [folder], target: { kind: "newAlbum" }, uploadOriginals: false });
    await (await core.uploads.current())?.idle();
    const oursSeconds = (performance.now() - started) / 1000;
    const view = await core.handlers["upload:get"](undefined);
    if (view?.counts.uploaded !== PHOTOS) throw new Error(`The desktop upload sent ${view?.counts.uploaded} of ${PHOTOS} photos: ${view?.message}`);
    await core.uploads.close();

    // Baseline: the same prepared bytes, PUT to signed URLs of the same server's object store.
    // The storage module reads the app's settings when loaded; it only signs URLs here.
    Object.assign(process.env, { SESSION_SECRET: secret, ENCRYPTION_KEY: env.ENCRYPTION_KEY, DATA_DIR: env.DATA_DIR, DATABASE_URL: "postgresql://localhost/unused" });
    const { localSigningKey } = await import("../web/app/.server/providers/storage/index.server.ts");
    const { LocalObjectStorage } = await import("../web/app/.server/providers/storage/local.server.ts");
    const signer = new LocalObjectStorage({ root: path.join(work, "unused"), baseUrl: base, signingKey: localSigningKey(secret) });
    const prepared: Prepared[] = [];
    for (const file of files) prepared.push(await preprocess(file, "jpeg", { maxEdge: maxEdgeForTier("TIER_2K"), uploadOriginals: false }));
    const baselineStarted = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: UPLOAD_WORKERS }, async () => {
        while (next < prepared.length) {
          const index = next++;
          const photo = prepared[index]!;
          const url = await signer.signedPutUrl(`bench/${index}.jpg`, { contentType: photo.contentType, expiresInSeconds: 600 });
          const response = await fetch(url, { method: "PUT", body: photo.bytes, headers: { "content-type": photo.contentType } });
          if (!response.ok) throw new Error(`PUT answered ${response.status}: ${await response.text()}`);
        }
      }),
    );
    const baselineSeconds = (performance.now() - baselineStarted) / 1000;
    const value = (PHOTOS / oursSeconds) * 60;
    const baseline = (PHOTOS / baselineSeconds) * 60;
    const bytes = prepared.reduce((sum, photo) => sum + photo.bytes.length, 0);
    return {
      "desktop.upload": {
        value: Math.round(value),
        unit: "photos/min",
        baseline: Math.round(baseline),
        ratio: Number((value / baseline).toFixed(3)),
        detail: {
          photos: PHOTOS,
          input: `${WIDTH}×${HEIGHT} JPEG`,
          uploadedMB: Number((bytes / 1024 / 1024).toFixed(1)),
          inFlight: UPLOAD_WORKERS,
          oursSeconds: Number(oursSeconds.toFixed(2)),
          baselineSeconds: Number(baselineSeconds.toFixed(2)),
          ours: "desktop core run: scan, SHA-256, checksum check, prepare (2048 px JPEG), POST /api/v1/images into a new album",
          baselineRecipe: "PUT of the same prepared bytes to the server's signed object-store URLs, same concurrency",
        },
      },
    };
  } finally {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
    await rm(work, { recursive: true, force: true });
  }
}
