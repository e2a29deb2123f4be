/** A deployment's RATE_LIMIT_OVERRIDES reach the limiter and the messages that name the limit. */
import sharp from "sharp";
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  // Before the configuration is read (it is read once, when env.server.ts loads).
  process.env.RATE_LIMIT_OVERRIDES = "upload=3,generalApi=1000";
});

import { LIMITS } from "./rate-limit.server.ts";
import { DEFAULT_LIMITS } from "./rate-limit-rules.server.ts";
import { action as apiUploadAction } from "../../routes/api.v1.images.tsx";
import { routeArgs, run, url } from "../../../test/request.ts";
import { makeUser, signIn } from "../../../test/fixtures.ts";

describe("limits configured for a deployment", () => {
  it("apply the configured points, keep the windows, and leave the other limits at their defaults", () => {
    expect(LIMITS.upload).toEqual({ points: 3, durationSeconds: 60 });
    expect(LIMITS.generalApi).toEqual({ points: 1000, durationSeconds: 60 });
    expect(LIMITS.signIn).toEqual(DEFAULT_LIMITS.signIn);
    expect(LIMITS.albumBatch).toEqual(DEFAULT_LIMITS.albumBatch);
  });

  it("limit uploads to the configured number and say that number", async () => {
    const user = await makeUser();
    const { token } = await signIn(user.id);
    const bytes = await sharp({ create: { width: 16, height: 16, channels: 3, background: { r: 1, g: 2, b: 3 } } }).jpeg().toBuffer();
    const form = new FormData();
    for (let i = 0; i < 4; i++) form.append("file", new File([new Uint8Array(bytes)], `p${i}.jpg`, { type: "image/jpeg" }));
    const result = await run(() => apiUploadAction(routeArgs(new Request(url("/api/v1/images"), { method: "POST", headers: { Authorization: `Bearer ${token}` }, body: form }))));
    expect(result.status).toBe(207);
    expect(result.body.results.slice(0, 3).every((entry: { ok: boolean }) => entry.ok)).toBe(true);
    expect(result.body.results[3]).toMatchObject({ name: "p3.jpg", ok: false, error: expect.stringMatching(/^Too many uploads: the limit is 3 a minute\. Too many attempts\. Try again in \d+ (seconds?|minutes?)\.$/) });
  });
});
