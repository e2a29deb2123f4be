import { describe, expect, it } from "vitest";
import { prisma } from "../.server/platform/db.server.ts";
import { makeUser, signIn } from "../../test/fixtures.ts";
import { formRequest, getRequest, routeArgs, run } from "../../test/request.ts";
import { loader as indexLoader } from "./pipelines._index.tsx";
import { action as newAction, loader as newLoader } from "./pipelines.new.tsx";
import { action as pipelineAction, loader as pipelineLoader } from "./pipelines.$id.tsx";
import { action as sharedAction, loader as sharedLoader } from "./pipelines.shared.$token.tsx";

const TOKEN = /^[A-Za-z0-9_-]{12}$/;
const FIELDS = { name: "Crisp", visibility: "PRIVATE", tier: "TIER_1K", analysis: "on", autoCrop: "on", minCropRatio: "0.05" };

async function browser() {
  const user = await makeUser();
  const { cookie } = await signIn(user.id);
  return { user, cookie };
}

async function create(cookie: string, fields: Record<string, string> = {}) {
  const outcome = await run(() => newAction(routeArgs(formRequest("/pipelines/new", { ...FIELDS, ...fields }, { cookie }))));
  expect(outcome.status).toBe(302);
  const id = outcome.location!.replace("/pipelines/", "");
  return prisma.enhancementPipeline.findUniqueOrThrow({ where: { id } });
}

const view = (id: string, cookie?: string) => run(() => pipelineLoader(routeArgs(getRequest(`/pipelines/${id}`, { cookie }), { id })));
const post = (id: string, fields: Record<string, string>, cookie?: string) =>
  run(() => pipelineAction(routeArgs(formRequest(`/pipelines/${id}`, fields, { cookie }), { id })));
const shared = (token: string, cookie?: string) => run(() => sharedLoader(routeArgs(getRequest(`/pipelines/shared/${token}`, { cookie }), { token })));
const forkShared = (token: string, cookie?: string) =>
  run(() => sharedAction(routeArgs(formRequest(`/pipelines/shared/${token}`, { intent: "fork" }, { cookie }), { token })));

describe("pipeline pages", () => {
  it("send signed-out visitors to sign in", async () => {
    const owner = await browser();
    const pipeline = await create(owner.cookie);
    for (const outcome of [
      await run(() => indexLoader(routeArgs(getRequest("/pipelines")))),
      await run(() => newLoader(routeArgs(getRequest("/pipelines/new")))),
      await run(() => newAction(routeArgs(formRequest("/pipelines/new", FIELDS)))),
      await view(pipeline.id),
      await post(pipeline.id, { intent: "delete" }),
    ]) {
      expect(outcome.status).toBe(302);
      expect(outcome.location).toMatch(/^\/login\?redirectTo=/);
    }
    expect(await prisma.enhancementPipeline.count({ where: { id: pipeline.id } })).toBe(1);
  });

  it("create: reports each bad field with a 400 and keeps what was typed; a valid form saves and opens the pipeline", async () => {
    const { user, cookie } = await browser();
    const bad = await run(() =>
      newAction(routeArgs(formRequest("/pipelines/new", { ...FIELDS, name: " ", tier: "TIER_8K", minCropRatio: "0.8", quality: "0", temperature: "x", instructions: "keep me" }, { cookie }))),
    );
    expect(bad.status).toBe(400);
    expect(bad.fieldErrors).toEqual({
      name: ["Give the pipeline a name."],
      tier: ["Choose one of the enhancement tiers."],
      minCropRatio: ["The minimum crop is between 0 and 0.5."],
      quality: ["Quality is between 1 and 100."],
      temperature: ["Temperature must be a number."],
    });
    expect(bad.body.result.initialValue.instructions).toBe("keep me");
    expect(await prisma.enhancementPipeline.count({ where: { userId: user.id } })).toBe(0);

    const missingVisibility = await run(() => newAction(routeArgs(formRequest("/pipelines/new", { name: "x", tier: "FREE" }, { cookie }))));
    expect(missingVisibility.status).toBe(400);
    expect(missingVisibility.fieldErrors.visibility).toEqual(["Choose private, public or link sharing."]);

    const pipeline = await create(cookie, { name: "  Film  ", analysis: "", instructions: "warm film look", quality: "80" });
    expect(pipeline.userId).toBe(user.id);
    expect(pipeline.name).toBe("Film");
    expect(pipeline.analysisConfig).toEqual({ enabled: false });
    expect(pipeline.promptConfig).toEqual({ instructions: "warm film look" });
    expect(pipeline.generationConfig).toEqual({ quality: 80 });

    const page = await view(pipeline.id, cookie);
    expect(page.status).toBe(200);
    expect(page.body.pipeline.mine).toBe(true);
    expect(page.body.form).toMatchObject({ name: "Film", analysis: false, autoCrop: true, instructions: "warm film look", quality: "80" });
    expect(page.body.shareUrl).toBeNull();
  });

  it("edit and delete belong to the owner; anyone else gets 404 and nothing changes", async () => {
    const owner = await browser();
    const other = await browser();
    const pipeline = await create(owner.cookie, { visibility: "PUBLIC" });

    const invalid = await post(pipeline.id, { intent: "update", ...FIELDS, name: "", quality: "500" }, owner.cookie);
    expect(invalid.status).toBe(400);
    expect(invalid.fieldErrors).toEqual({ name: ["Give the pipeline a name."], quality: ["Quality is between 1 and 100."] });

    const attempts: Array<Record<string, string>> = [{ intent: "update", ...FIELDS, name: "Mine now" }, { intent: "delete" }, { intent: "visibility", visibility: "PRIVATE" }];
    for (const fields of attempts) {
      const outcome = await post(pipeline.id, fields, other.cookie);
      expect(outcome.status).toBe(404);
    }
    expect(await post("no-such-pipeline", { intent: "update", ...FIELDS }, owner.cookie)).toMatchObject({ status: 404 });
    const after = await prisma.enhancementPipeline.findUniqueOrThrow({ where: { id: pipeline.id } });
    expect(after.name).toBe("Crisp");
    expect(after.visibility).toBe("PUBLIC");

    // Saving the settings form (which has no visibility field) keeps the visibility.
    const withoutVisibility: Record<string, string> = { ...FIELDS };
    delete withoutVisibility.visibility;
    const saved = await post(pipeline.id, { intent: "update", ...withoutVisibility, name: "Crisper", tier: "TIER_2K" }, owner.cookie);
    expect(saved.status).toBe(200);
    expect(saved.message).toBe("Saved.");
    const edited = await prisma.enhancementPipeline.findUniqueOrThrow({ where: { id: pipeline.id } });
    expect(edited).toMatchObject({ name: "Crisper", tier: "TIER_2K", visibility: "PUBLIC" });

    const unknown = await post(pipeline.id, { intent: "explode" }, owner.cookie);
    expect(unknown.status).toBe(400);
    expect(unknown.message).toBe("Unknown action.");

    const deleted = await post(pipeline.id, { intent: "delete" }, owner.cookie);
    expect(deleted.location).toBe("/pipelines?deleted=1");
    expect(await prisma.enhancementPipeline.count({ where: { id: pipeline.id } })).toBe(0);
    expect((await view(pipeline.id, owner.cookie)).status).toBe(404);
  });

  it("private pipelines are 404 to others; public ones are read-only with Fork; the share token stays with the owner", async () => {
    const owner = await browser();
    const other = await browser();
    const hidden = await create(owner.cookie, { name: "Hidden" });
    const open = await create(owner.cookie, { name: "Open", visibility: "PUBLIC" });
    const linked = await create(owner.cookie, { name: "Linked", visibility: "LINK" });

    expect((await view(hidden.id, other.cookie)).status).toBe(404);
    // A LINK pipeline is only reachable through its share link.
    expect((await view(linked.id, other.cookie)).status).toBe(404);

    const page = await view(open.id, other.cookie);
    expect(page.status).toBe(200);
    expect(page.body.pipeline).toMatchObject({ name: "Open", mine: false, shareToken: null });
    expect(page.body.form).toBeNull();
    expect(page.body.shareUrl).toBeNull();

    const mine = await view(linked.id, owner.cookie);
    expect(mine.body.shareUrl).toBe(`http://localhost:3999/pipelines/shared/${linked.shareToken}`);
  });

  it("the sharing control creates a token for LINK, shows the link, and removes it when leaving LINK", async () => {
    const owner = await browser();
    const other = await browser();
    const pipeline = await create(owner.cookie);
    expect(pipeline.shareToken).toBeNull();

    const bad = await post(pipeline.id, { intent: "visibility", visibility: "FRIENDS" }, owner.cookie);
    expect(bad.status).toBe(400);
    expect(bad.message).toBe("Choose private, public or link sharing.");

    const toLink = await post(pipeline.id, { intent: "visibility", visibility: "LINK" }, owner.cookie);
    expect(toLink.status).toBe(200);
    const linked = await prisma.enhancementPipeline.findUniqueOrThrow({ where: { id: pipeline.id } });
    expect(linked.visibility).toBe("LINK");
    expect(linked.shareToken).toMatch(TOKEN);
    expect((await view(pipeline.id, owner.cookie)).body.shareUrl).toContain(`/pipelines/shared/${linked.shareToken}`);

    // Readable with the token, by anyone, signed in or not.
    const anonymous = await shared(linked.shareToken!);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.pipeline).toMatchObject({ id: pipeline.id, name: "Crisp", shareToken: null });
    expect(anonymous.body.signedIn).toBe(false);
    expect((await shared(linked.shareToken!, other.cookie)).body.signedIn).toBe(true);
    expect((await shared("AAAAAAAAAAAA")).status).toBe(404);
    expect((await shared("not a token")).status).toBe(404);

    for (const visibility of ["PUBLIC", "PRIVATE"]) {
      await post(pipeline.id, { intent: "visibility", visibility: "LINK" }, owner.cookie);
      const before = (await prisma.enhancementPipeline.findUniqueOrThrow({ where: { id: pipeline.id } })).shareToken!;
      const outcome = await post(pipeline.id, { intent: "visibility", visibility }, owner.cookie);
      expect(outcome.status).toBe(200);
      const row = await prisma.enhancementPipeline.findUniqueOrThrow({ where: { id: pipeline.id } });
      expect(row.visibility).toBe(visibility);
      expect(row.shareToken).toBeNull();
      expect((await view(pipeline.id, owner.cookie)).body.shareUrl).toBeNull();
      // The old link stops working.
      expect((await shared(before)).status).toBe(404);
    }
  });

  it("forks what the viewer can see into a private copy, and refuses others' private pipelines", async () => {
    const owner = await browser();
    const forker = await browser();
    const open = await create(owner.cookie, { name: "Open", visibility: "PUBLIC", tier: "TIER_4K", autoCrop: "" });
    await prisma.enhancementPipeline.update({ where: { id: open.id }, data: { usageCount: 3 } });
    const hidden = await create(owner.cookie, { name: "Hidden" });
    const linked = await create(owner.cookie, { name: "Linked", visibility: "LINK" });

    const forked = await post(open.id, { intent: "fork" }, forker.cookie);
    expect(forked.status).toBe(302);
    const copyId = forked.location!.match(/^\/pipelines\/([^?]+)\?forked=1$/)![1]!;
    const copy = await prisma.enhancementPipeline.findUniqueOrThrow({ where: { id: copyId } });
    expect(copy).toMatchObject({ userId: forker.user.id, name: "Open (copy)", visibility: "PRIVATE", shareToken: null, usageCount: 0, tier: "TIER_4K" });
    expect(copy.autoCropConfig).toEqual(open.autoCropConfig);
    const copyPage = await run(() => pipelineLoader(routeArgs(getRequest(forked.location!, { cookie: forker.cookie }), { id: copyId })));
    expect(copyPage.body.pipeline.mine).toBe(true);
    expect(copyPage.body.forked).toBe(true);
    expect((await view(copyId, forker.cookie)).body.forked).toBe(false);

    expect((await post(hidden.id, { intent: "fork" }, forker.cookie)).status).toBe(404);
    expect((await post(linked.id, { intent: "fork" }, forker.cookie)).status).toBe(404);
    expect(await prisma.enhancementPipeline.count({ where: { userId: forker.user.id } })).toBe(1);

    // Through the share link: signing in first, then a private copy.
    const signedOut = await forkShared(linked.shareToken!);
    expect(signedOut.status).toBe(302);
    expect(signedOut.location).toBe(`/login?redirectTo=${encodeURIComponent(`/pipelines/shared/${linked.shareToken}`)}`);
    const viaLink = await forkShared(linked.shareToken!, forker.cookie);
    expect(viaLink.location).toMatch(/^\/pipelines\/[^?]+\?forked=1$/);
    expect(await prisma.enhancementPipeline.count({ where: { userId: forker.user.id, name: "Linked (copy)", visibility: "PRIVATE" } })).toBe(1);
    expect((await forkShared("AAAAAAAAAAAA", forker.cookie)).status).toBe(404);
  });

  it("the index lists the user's pipelines and the public catalogue with usage counts", async () => {
    const me = await browser();
    const someone = await browser();
    const mine = await create(me.cookie, { name: "Mine" });
    const popular = await create(someone.cookie, { name: "Popular", visibility: "PUBLIC" });
    await prisma.enhancementPipeline.update({ where: { id: popular.id }, data: { usageCount: 5_000 } });
    const theirs = await create(someone.cookie, { name: "Theirs" });

    const page = await run(() => indexLoader(routeArgs(getRequest("/pipelines", { cookie: me.cookie }))));
    expect(page.status).toBe(200);
    expect(page.body.mine.pipelines.map((pipeline: { id: string }) => pipeline.id)).toEqual([mine.id]);
    expect(page.body.mine.total).toBe(1);
    expect(page.body.catalogue.pipelines[0]).toMatchObject({ id: popular.id, usageCount: 5_000, mine: false });
    expect(page.body.catalogue.pipelines.map((pipeline: { id: string }) => pipeline.id)).not.toContain(theirs.id);

    const far = await run(() => indexLoader(routeArgs(getRequest("/pipelines?page=99&catalogue=abc", { cookie: me.cookie }))));
    expect(far.body.mine.page).toBe(99);
    expect(far.body.mine.pipelines).toEqual([]);
    expect(far.body.catalogue.page).toBe(1);
  });
});
