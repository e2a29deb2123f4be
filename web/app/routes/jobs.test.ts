/** The pages that describe enhancement jobs name each tier the way the pricing page does. */
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { prisma } from "../.server/platform/db.server.ts";
import { storeUpload } from "../.server/images/upload.server.ts";
import { loader as imageLoader } from "./images.$id.tsx";
import { loader as jobsLoader } from "./jobs._index.tsx";
import { loader as jobLoader } from "./jobs.$id.tsx";
import { getRequest, routeArgs, run } from "../../test/request.ts";
import { makeUser, signIn } from "../../test/fixtures.ts";

const jpeg = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: { r: 90, g: 140, b: 60 } } }).jpeg().toBuffer();

describe("tier names people see", () => {
  it("are the pricing names, never the internal TIER_ codes", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    const image = await storeUpload(user.id, await jpeg(400, 300), "meadow.jpg");
    const job = await prisma.imageEnhancementJob.create({ data: { userId: user.id, imageId: image.id, tier: "TIER_2K", tokensCost: 5, status: "PENDING" } });

    const imagePage = await run(() => imageLoader(routeArgs(getRequest(`/images/${image.id}`, { cookie }), { id: image.id })));
    expect(imagePage.body.tiers.map((option: { name: string }) => option.name)).toEqual(["Free preview", "1K", "2K", "4K"]);
    expect(imagePage.body.jobs.map((row: { tierName: string }) => row.tierName)).toEqual(["2K"]);

    const list = await run(() => jobsLoader(routeArgs(getRequest("/jobs", { cookie }))));
    expect(list.body.jobs.map((row: { tierName: string }) => row.tierName)).toEqual(["2K"]);

    const one = await run(() => jobLoader(routeArgs(getRequest(`/jobs/${job.id}`, { cookie }), { id: job.id })));
    expect(one.body.job.tierName).toBe("2K");

    expect(JSON.stringify([list.body.jobs, imagePage.body.tiers.map((option: { name: string }) => option.name)])).not.toContain("TIER_");
  });
});
