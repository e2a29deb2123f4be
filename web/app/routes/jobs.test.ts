/** The job pages: tier names as the pricing page words them, the cancel and rerun forms, and the result links. */
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { prisma } from "../.server/platform/db.server.ts";
import { storeUpload } from "../.server/images/upload.server.ts";
import { loader as imageLoader } from "./images.$id.tsx";
import { loader as jobsLoader } from "./jobs._index.tsx";
import { action as jobAction, loader as jobLoader } from "./jobs.$id.tsx";
import { loader as resultLoader } from "./jobs.$id.result.tsx";
import { formRequest, getRequest, routeArgs, run } from "../../test/request.ts";
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

describe("the job page's forms and links", () => {
  it("refuses what cannot be done with the reason on the page, and is not found for anyone else", async () => {
    const [owner, other] = await Promise.all([makeUser(), makeUser()]);
    const [{ cookie }, { cookie: otherCookie }] = await Promise.all([signIn(owner.id), signIn(other.id)]);
    const image = await storeUpload(owner.id, await jpeg(64, 48), "pier.jpg");
    const job = await prisma.imageEnhancementJob.create({ data: { userId: owner.id, imageId: image.id, tier: "TIER_1K", tokensCost: 2, status: "PROCESSING" } });
    const post = (fields: Record<string, string>, as = cookie) => run(() => jobAction(routeArgs(formRequest(`/jobs/${job.id}`, fields, { cookie: as }), { id: job.id })));

    const started = await post({ intent: "cancel" });
    expect(started.status).toBe(409);
    expect(started.message).toBe("Only a job that has not started yet can be cancelled.");
    const unknown = await post({ intent: "explode" });
    expect(unknown.status).toBe(400);
    expect(unknown.message).toBe("Unknown action.");
    expect((await post({ intent: "cancel" }, otherCookie)).status).toBe(404);
    expect((await post({ intent: "rerun" }, otherCookie)).status).toBe(404);
    expect((await prisma.imageEnhancementJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("PROCESSING");

    const result = (which: string, as = cookie) => run(() => resultLoader(routeArgs(getRequest(`/jobs/${job.id}/result?which=${which}`, { cookie: as }), { id: job.id })));
    expect((await result("enhanced")).status).toBe(404);
    const original = await result("original");
    expect(original.status).toBe(302);
    expect(original.location).toContain("/files/images/");
    expect((await result("original", otherCookie)).status).toBe(404);
  });
});
