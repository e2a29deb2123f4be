import { describe, expect, it } from "vitest";
import { appFieldsSchema, tierFieldsSchema } from "@spike-land/shared/apps/forms";
import { prisma } from "../platform/db.server.ts";
import { makeUser } from "../../../test/fixtures.ts";
import {
  appDetails,
  AppError,
  createApp,
  createRequirement,
  createTier,
  deleteApp,
  forkApp,
  listApps,
  listRequirements,
  listTiers,
  moveRequirement,
  publicApp,
  updateApp,
  updateRequirement,
} from "./apps.server.ts";

const fields = (input: Record<string, unknown>) => appFieldsSchema.parse(input);
const tier = (input: Record<string, unknown>) => tierFieldsSchema.parse(input);
const uniqueDomain = () => `app-${Math.random().toString(36).slice(2, 10)}.example.com`;

async function refusal(work: Promise<unknown>): Promise<AppError> {
  const error = await work.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("apps", () => {
  it("creates, lists, edits and deletes an app, freeing its domain", async () => {
    const owner = await makeUser();
    const domain = uniqueDomain();
    const app = await createApp(owner.id, fields({ name: "Planner", description: "Plans", domain: domain.toUpperCase() }));
    expect(app).toMatchObject({ name: "Planner", domain, status: "DRAFT", forkedFrom: null });
    expect((await listApps(owner.id)).map((row) => [row.name, row.domain, row.forkCount])).toEqual([["Planner", domain, 0]]);

    await updateApp(owner.id, app.id, fields({ name: "Planner 2", domain: "", status: "ACTIVE" }));
    expect(await appDetails(owner.id, app.id)).toMatchObject({ name: "Planner 2", domain: "", status: "ACTIVE" });

    await deleteApp(owner.id, app.id);
    expect(await listApps(owner.id)).toEqual([]);
    expect((await refusal(appDetails(owner.id, app.id))).status).toBe(404);
    expect((await refusal(deleteApp(owner.id, app.id))).status).toBe(404);
  });

  it("refuses a domain another app holds, also when two creates race for it", async () => {
    const [first, second] = [await makeUser(), await makeUser()];
    const domain = uniqueDomain();
    const results = await Promise.allSettled([createApp(first.id, fields({ name: "A", domain })), createApp(second.id, fields({ name: "B", domain }))]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const [rejected] = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
    expect(rejected!.reason).toMatchObject({ status: 409, message: "That domain is taken.", field: "domain" });

    const other = await createApp(first.id, fields({ name: "C" }));
    const taken = await refusal(updateApp(first.id, other.id, fields({ name: "C", domain })));
    expect([taken.status, taken.field]).toEqual([409, "domain"]);
  });

  it("hides someone else's app as not found", async () => {
    const [owner, stranger] = [await makeUser(), await makeUser()];
    const app = await createApp(owner.id, fields({ name: "Mine", status: "ACTIVE" }));
    expect((await refusal(updateApp(stranger.id, app.id, fields({ name: "Theirs" })))).status).toBe(404);
    expect((await refusal(deleteApp(stranger.id, app.id))).status).toBe(404);
    expect((await refusal(listRequirements(stranger.id, app.id))).status).toBe(404);
    expect((await refusal(listTiers(stranger.id, app.id))).status).toBe(404);
    expect((await refusal(createTier(stranger.id, app.id, tier({ type: "FREE" })))).status).toBe(404);
  });
});

describe("forks", () => {
  it("copies a published app with its requirements and tiers, and keeps naming a deleted source", async () => {
    const [owner, forker] = [await makeUser(), await makeUser()];
    const source = await createApp(owner.id, fields({ name: "Original", description: "The first", domain: uniqueDomain(), status: "ACTIVE" }));
    await createRequirement(owner.id, source.id, { title: "Sign in", details: "With email", priority: "HIGH" });
    await createTier(owner.id, source.id, tier({ type: "SUBSCRIPTION", price: "4.5", subscriptionInterval: "MONTHLY", features: "Sync\nExport" }));

    const fork = await forkApp(forker.id, source.id);
    expect(fork).toMatchObject({ userId: forker.id, name: "Original (fork)", description: "The first", domain: null, status: "DRAFT", forkedFrom: source.id });
    expect((await listRequirements(forker.id, fork.id)).map((card) => [card.title, card.details, card.priority])).toEqual([["Sign in", "With email", "HIGH"]]);
    expect(await listTiers(forker.id, fork.id)).toEqual([expect.objectContaining({ type: "SUBSCRIPTION", price: "4.50", subscriptionInterval: "MONTHLY", features: ["Sync", "Export"] })]);
    expect((await listApps(owner.id))[0]!.forkCount).toBe(1);

    await deleteApp(owner.id, source.id);
    const page = await publicApp(fork.id, forker.id);
    expect(page.forkedFrom).toEqual({ id: source.id, name: "Original", state: "deleted" });
    expect(await prisma.app.findUnique({ where: { id: fork.id } })).toMatchObject({ forkedFrom: source.id });
  });

  it("keeps the fork when the source row itself goes with its owner's account", async () => {
    const [owner, forker] = [await makeUser(), await makeUser()];
    const source = await createApp(owner.id, fields({ name: "Gone", status: "ACTIVE" }));
    const fork = await forkApp(forker.id, source.id);
    await prisma.user.delete({ where: { id: owner.id } });
    expect(await prisma.app.findUnique({ where: { id: fork.id } })).toMatchObject({ name: "Gone (fork)", forkedFrom: null });
  });

  it("refuses to fork someone else's draft", async () => {
    const [owner, forker] = [await makeUser(), await makeUser()];
    const draft = await createApp(owner.id, fields({ name: "Secret" }));
    expect((await refusal(forkApp(forker.id, draft.id))).status).toBe(404);
    expect((await forkApp(owner.id, draft.id)).name).toBe("Secret (fork)");
  });
});

describe("requirements", () => {
  it("sorts by priority, moves between columns and versions edited text", async () => {
    const owner = await makeUser();
    const app = await createApp(owner.id, fields({ name: "Board" }));
    const low = await createRequirement(owner.id, app.id, { title: "Dark mode", details: "", priority: "LOW" });
    await createRequirement(owner.id, app.id, { title: "Login", details: "", priority: "CRITICAL" });
    await createRequirement(owner.id, app.id, { title: "Search", details: "", priority: "MEDIUM" });
    expect((await listRequirements(owner.id, app.id)).map((card) => card.title)).toEqual(["Login", "Search", "Dark mode"]);

    await moveRequirement(owner.id, app.id, low.id, "IN_PROGRESS");
    await updateRequirement(owner.id, app.id, low.id, { title: "Dark mode", details: "", priority: "HIGH" });
    let card = (await listRequirements(owner.id, app.id)).find((row) => row.id === low.id)!;
    expect([card.status, card.priority, card.version]).toEqual(["IN_PROGRESS", "HIGH", 1]);
    await updateRequirement(owner.id, app.id, low.id, { title: "Dark theme", details: "Follows the system", priority: "HIGH" });
    card = (await listRequirements(owner.id, app.id)).find((row) => row.id === low.id)!;
    expect([card.title, card.details, card.version]).toEqual(["Dark theme", "Follows the system", 2]);

    const other = await createApp(owner.id, fields({ name: "Other" }));
    expect((await refusal(moveRequirement(owner.id, other.id, low.id, "COMPLETED"))).status).toBe(404);
  });
});

describe("tiers", () => {
  it("validates prices and intervals, and stores exact amounts", async () => {
    const bad = (input: Record<string, unknown>) => tierFieldsSchema.safeParse(input).error?.issues.map((issue) => [issue.path.join("."), issue.message]);
    expect(bad({ type: "ONE_TIME" })).toEqual([["price", "Enter a price, such as 9.99."]]);
    expect(bad({ type: "ONE_TIME", price: "9.999" })).toEqual([["price", "Enter the price as an amount with at most two decimals, such as 9.99."]]);
    expect(bad({ type: "ONE_TIME", price: "-1" })).toEqual([["price", "Enter the price as an amount with at most two decimals, such as 9.99."]]);
    expect(bad({ type: "USAGE_BASED", price: "0" })).toEqual([["price", "A paid tier needs a price above 0; choose Free for a free tier."]]);
    expect(bad({ type: "SUBSCRIPTION", price: "3" })).toEqual([["subscriptionInterval", "Choose how often a subscription is billed."]]);
    expect(tier({ type: "FREE", price: "5", subscriptionInterval: "YEARLY" })).toEqual({ type: "FREE", price: null, subscriptionInterval: null, features: [] });

    const owner = await makeUser();
    const app = await createApp(owner.id, fields({ name: "Paid" }));
    await createTier(owner.id, app.id, tier({ type: "ONE_TIME", price: "19.9", features: " Lifetime \n\n Updates " }));
    expect(await listTiers(owner.id, app.id)).toEqual([expect.objectContaining({ type: "ONE_TIME", price: "19.90", subscriptionInterval: null, features: ["Lifetime", "Updates"] })]);
  });
});

describe("public page", () => {
  it("shows a published app to anyone, by id or domain, and a draft only to its owner", async () => {
    const owner = await makeUser({ name: "Ada" });
    const domain = uniqueDomain();
    const app = await createApp(owner.id, fields({ name: "Shown", domain, status: "ACTIVE" }));
    await createTier(owner.id, app.id, tier({ type: "SUBSCRIPTION", price: "10", subscriptionInterval: "YEARLY" }));
    await createTier(owner.id, app.id, tier({ type: "FREE" }));
    const page = await publicApp(domain, null);
    expect(page).toMatchObject({ id: app.id, ownerName: "Ada", isOwner: false, forkCount: 0, forkedFrom: null });
    expect(page.tiers.map((row) => row.type)).toEqual(["FREE", "SUBSCRIPTION"]);

    await updateApp(owner.id, app.id, fields({ name: "Shown", domain, status: "DRAFT" }));
    expect((await refusal(publicApp(app.id, null))).status).toBe(404);
    expect((await publicApp(app.id, owner.id)).isOwner).toBe(true);
  });
});
