/** The app builder's pages, called as the server calls them: my apps, one app, its board, its pricing and its public page. */
import { describe, expect, it } from "vitest";
import { prisma } from "../.server/platform/db.server.ts";
import { action as indexAction, loader as indexLoader } from "./apps._index.tsx";
import { action as appAction, loader as appLoader } from "./apps.$id.tsx";
import { action as boardAction, loader as boardLoader } from "./apps.$id_.requirements.tsx";
import { action as pricingAction, loader as pricingLoader } from "./apps.$id_.monetization.tsx";
import { action as publicAction, loader as publicLoader } from "./a.$id.tsx";
import { formRequest, getRequest, routeArgs, run } from "../../test/request.ts";
import { makeUser, signIn } from "../../test/fixtures.ts";

async function signedInUser(name = "Test User") {
  const user = await makeUser({ name });
  const { cookie } = await signIn(user.id);
  return { user, cookie };
}

const uniqueDomain = () => `app-${Math.random().toString(36).slice(2, 10)}.example.com`;

async function newApp(cookie: string, fields: Record<string, string>) {
  const outcome = await run(() => indexAction(routeArgs(formRequest("/apps", fields, { cookie }))));
  expect(outcome.status).toBe(302);
  return outcome.location!.split("/").pop()!;
}

const post = (action: typeof appAction, path: string, id: string, fields: Record<string, string>, cookie: string | null) =>
  run(() => action(routeArgs(formRequest(path, fields, { cookie }), { id })));

describe("my apps", () => {
  it("sends signed-out visitors to sign in", async () => {
    expect((await run(() => indexLoader(routeArgs(getRequest("/apps"))))).location).toBe("/login?redirectTo=%2Fapps");
    expect((await run(() => appLoader(routeArgs(getRequest("/apps/x"), { id: "x" })))).location).toMatch(/^\/login/);
    expect((await run(() => boardLoader(routeArgs(getRequest("/apps/x/requirements"), { id: "x" })))).location).toMatch(/^\/login/);
    expect((await run(() => pricingLoader(routeArgs(getRequest("/apps/x/monetization"), { id: "x" })))).location).toMatch(/^\/login/);
    expect((await post(publicAction, "/a/x", "x", { intent: "fork" }, null)).location).toMatch(/^\/login/);
  });

  it("creates, lists, edits and deletes an app after confirmation", async () => {
    const { cookie } = await signedInUser();
    const domain = uniqueDomain();
    const id = await newApp(cookie, { name: "Planner", description: "Plans things", domain, status: "ACTIVE" });
    const list = await run(() => indexLoader(routeArgs(getRequest("/apps", { cookie }))));
    expect(list.body.apps.map((app: { name: string; status: string; domain: string; forkCount: number }) => [app.name, app.status, app.domain, app.forkCount])).toEqual([["Planner", "ACTIVE", domain, 0]]);

    const blank = await run(() => indexAction(routeArgs(formRequest("/apps", { name: " ", domain: "not a domain!" }, { cookie }))));
    expect(blank.status).toBe(400);
    expect(blank.fieldErrors.name).toEqual(["Give the app a name."]);
    expect(blank.fieldErrors.domain).toEqual(["Use a hostname such as shop.example.com or a label such as my-shop: letters, digits and hyphens."]);

    const saved = await post(appAction, `/apps/${id}`, id, { intent: "update", name: "Planner Pro", description: "", domain: "planner-pro-" + domain.split(".")[0], status: "ARCHIVED" }, cookie);
    expect([saved.status, saved.message]).toEqual([200, "App details saved."]);
    expect(await prisma.app.findUniqueOrThrow({ where: { id } })).toMatchObject({ name: "Planner Pro", description: null, status: "ARCHIVED" });

    const unconfirmed = await post(appAction, `/apps/${id}`, id, { intent: "delete" }, cookie);
    expect([unconfirmed.status, unconfirmed.fieldErrors.confirm]).toEqual([400, ["Tick the box to confirm deleting the app."]]);
    const deleted = await post(appAction, `/apps/${id}`, id, { intent: "delete", confirm: "yes" }, cookie);
    expect(deleted.location).toBe("/apps");
    expect((await run(() => indexLoader(routeArgs(getRequest("/apps", { cookie }))))).body.apps).toEqual([]);
    expect((await run(() => appLoader(routeArgs(getRequest(`/apps/${id}`, { cookie }), { id })))).status).toBe(404);
  });

  it("answers a taken domain on the field, and one of two racing creates wins", async () => {
    const [first, second] = [await signedInUser(), await signedInUser()];
    const domain = uniqueDomain();
    const outcomes = await Promise.all([
      run(() => indexAction(routeArgs(formRequest("/apps", { name: "One", domain }, { cookie: first.cookie })))),
      run(() => indexAction(routeArgs(formRequest("/apps", { name: "Two", domain }, { cookie: second.cookie })))),
    ]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual([302, 409]);
    const loser = outcomes.find((outcome) => outcome.status === 409)!;
    expect(loser.fieldErrors.domain).toEqual(["That domain is taken."]);
    expect(await prisma.app.count({ where: { domain } })).toBe(1);

    const again = await run(() => indexAction(routeArgs(formRequest("/apps", { name: "Three", domain: domain.toUpperCase() }, { cookie: first.cookie }))));
    expect([again.status, again.fieldErrors.domain]).toEqual([409, ["That domain is taken."]]);
  });

  it("gives someone else's app, board and pricing a 404", async () => {
    const owner = await signedInUser();
    const stranger = await signedInUser();
    const id = await newApp(owner.cookie, { name: "Private", status: "ACTIVE" });
    const cookie = stranger.cookie;
    expect((await run(() => appLoader(routeArgs(getRequest(`/apps/${id}`, { cookie }), { id })))).status).toBe(404);
    expect((await post(appAction, `/apps/${id}`, id, { intent: "update", name: "Mine now" }, cookie)).status).toBe(404);
    expect((await post(appAction, `/apps/${id}`, id, { intent: "delete", confirm: "yes" }, cookie)).status).toBe(404);
    expect((await run(() => boardLoader(routeArgs(getRequest(`/apps/${id}/requirements`, { cookie }), { id })))).status).toBe(404);
    expect((await post(boardAction, `/apps/${id}/requirements`, id, { intent: "create", title: "Sneaky" }, cookie)).status).toBe(404);
    expect((await run(() => pricingLoader(routeArgs(getRequest(`/apps/${id}/monetization`, { cookie }), { id })))).status).toBe(404);
    expect((await post(pricingAction, `/apps/${id}/monetization`, id, { intent: "create", type: "FREE" }, cookie)).status).toBe(404);
    expect(await prisma.app.findUniqueOrThrow({ where: { id } })).toMatchObject({ name: "Private", status: "ACTIVE" });
    expect(await prisma.requirement.count({ where: { appId: id } })).toBe(0);
  });
});

describe("requirements board", () => {
  it("adds cards, sorts them by priority, moves, edits and deletes them", async () => {
    const { cookie } = await signedInUser();
    const id = await newApp(cookie, { name: "Board" });
    const path = `/apps/${id}/requirements`;
    const added = await post(boardAction, path, id, { intent: "create", title: "Export", details: "CSV and JSON", priority: "LOW" }, cookie);
    expect([added.status, added.message]).toEqual([200, "Requirement added."]);
    await post(boardAction, path, id, { intent: "create", title: "Sign in", priority: "CRITICAL" }, cookie);
    const blank = await post(boardAction, path, id, { intent: "create", title: "", priority: "URGENT" }, cookie);
    expect(blank.status).toBe(400);
    expect(blank.fieldErrors).toMatchObject({ title: ["Give the requirement a title."], priority: ["Choose a priority: critical, high, medium or low."] });

    let board = await run(() => boardLoader(routeArgs(getRequest(path, { cookie }), { id })));
    expect(board.body.cards.map((card: { title: string; priority: string; status: string }) => [card.title, card.priority, card.status])).toEqual([
      ["Sign in", "CRITICAL", "PENDING"],
      ["Export", "LOW", "PENDING"],
    ]);
    const exportId = board.body.cards[1].id as string;

    const moved = await post(boardAction, path, id, { intent: "move", requirementId: exportId, status: "IN_PROGRESS" }, cookie);
    expect([moved.status, moved.message]).toEqual([200, "Moved to In progress."]);
    const badMove = await post(boardAction, path, id, { intent: "move", requirementId: exportId, status: "SHIPPED" }, cookie);
    expect([badMove.status, badMove.fieldErrors.status]).toEqual([400, ["Choose a column: to do, in progress, done or rejected."]]);
    const edited = await post(boardAction, path, id, { intent: "edit", requirementId: exportId, title: "Export data", details: "CSV", priority: "HIGH" }, cookie);
    expect(edited.message).toBe("Requirement saved.");
    board = await run(() => boardLoader(routeArgs(getRequest(path, { cookie }), { id })));
    expect(board.body.cards.find((card: { id: string }) => card.id === exportId)).toMatchObject({ title: "Export data", details: "CSV", priority: "HIGH", status: "IN_PROGRESS", version: 2 });

    const otherApp = await newApp(cookie, { name: "Other" });
    expect((await post(boardAction, `/apps/${otherApp}/requirements`, otherApp, { intent: "delete", requirementId: exportId }, cookie)).status).toBe(404);
    const removed = await post(boardAction, path, id, { intent: "delete", requirementId: exportId }, cookie);
    expect(removed.message).toBe("Requirement deleted.");
    expect(await prisma.requirement.count({ where: { appId: id } })).toBe(1);
  });
});

describe("pricing", () => {
  it("validates tiers with clear messages and stores exact prices", async () => {
    const { cookie } = await signedInUser();
    const id = await newApp(cookie, { name: "Priced" });
    const path = `/apps/${id}/monetization`;
    const noPrice = await post(pricingAction, path, id, { intent: "create", type: "ONE_TIME" }, cookie);
    expect([noPrice.status, noPrice.fieldErrors.price]).toEqual([400, ["Enter a price, such as 9.99."]]);
    const badPrice = await post(pricingAction, path, id, { intent: "create", type: "ONE_TIME", price: "12.345" }, cookie);
    expect(badPrice.fieldErrors.price).toEqual(["Enter the price as an amount with at most two decimals, such as 9.99."]);
    const noInterval = await post(pricingAction, path, id, { intent: "create", type: "SUBSCRIPTION", price: "5" }, cookie);
    expect(noInterval.fieldErrors.subscriptionInterval).toEqual(["Choose how often a subscription is billed."]);

    const added = await post(pricingAction, path, id, { intent: "create", type: "SUBSCRIPTION", price: "4.5", subscriptionInterval: "MONTHLY", features: "Sync\r\nExport\n" }, cookie);
    expect([added.status, added.message]).toEqual([200, "Pricing tier added."]);
    let page = await run(() => pricingLoader(routeArgs(getRequest(path, { cookie }), { id })));
    expect(page.body.tiers).toEqual([expect.objectContaining({ type: "SUBSCRIPTION", price: "4.50", subscriptionInterval: "MONTHLY", features: ["Sync", "Export"] })]);
    const tierId = page.body.tiers[0].id as string;

    const edited = await post(pricingAction, path, id, { intent: "edit", tierId, type: "FREE", price: "", features: "Basics" }, cookie);
    expect(edited.message).toBe("Pricing tier saved.");
    page = await run(() => pricingLoader(routeArgs(getRequest(path, { cookie }), { id })));
    expect(page.body.tiers).toEqual([expect.objectContaining({ type: "FREE", price: null, subscriptionInterval: null, features: ["Basics"] })]);

    expect((await post(pricingAction, path, id, { intent: "delete", tierId }, cookie)).message).toBe("Pricing tier deleted.");
    expect(await prisma.monetizationModel.count({ where: { appId: id } })).toBe(0);
  });
});

describe("public app page", () => {
  it("shows a published app to signed-out visitors, hides drafts, and forks for signed-in users", async () => {
    const owner = await signedInUser("Grace");
    const domain = uniqueDomain();
    const id = await newApp(owner.cookie, { name: "Shown", description: "Does things", domain, status: "ACTIVE" });
    await post(pricingAction, `/apps/${id}/monetization`, id, { intent: "create", type: "ONE_TIME", price: "19" }, owner.cookie);
    await post(boardAction, `/apps/${id}/requirements`, id, { intent: "create", title: "Offline", priority: "HIGH" }, owner.cookie);

    const visitor = await run(() => publicLoader(routeArgs(getRequest(`/a/${id}`), { id })));
    expect(visitor.status).toBe(200);
    expect(visitor.body.signedIn).toBe(false);
    expect(visitor.body.app).toMatchObject({ name: "Shown", description: "Does things", ownerName: "Grace", forkCount: 0, forkedFrom: null, isOwner: false });
    expect(visitor.body.app.tiers).toEqual([expect.objectContaining({ type: "ONE_TIME", price: "19.00" })]);
    expect((await run(() => publicLoader(routeArgs(getRequest(`/a/${domain}`), { id: domain })))).body.app.id).toBe(id);

    const forker = await signedInUser();
    const forked = await post(publicAction, `/a/${id}`, id, { intent: "fork" }, forker.cookie);
    const forkId = forked.location!.split("/").pop()!;
    expect(forked.location).toBe(`/apps/${forkId}`);
    const fork = await run(() => appLoader(routeArgs(getRequest(`/apps/${forkId}`, { cookie: forker.cookie }), { id: forkId })));
    expect(fork.body.app).toMatchObject({ name: "Shown (fork)", domain: "", status: "DRAFT", requirementCount: 1, tierCount: 1, forkedFrom: { id, name: "Shown", state: "published" } });
    expect((await run(() => publicLoader(routeArgs(getRequest(`/a/${id}`), { id })))).body.app.forkCount).toBe(1);

    // The source is deleted: the fork stays and still says where it came from.
    await post(appAction, `/apps/${id}`, id, { intent: "delete", confirm: "yes" }, owner.cookie);
    expect((await run(() => publicLoader(routeArgs(getRequest(`/a/${id}`), { id })))).status).toBe(404);
    const orphan = await run(() => publicLoader(routeArgs(getRequest(`/a/${forkId}`, { cookie: forker.cookie }), { id: forkId })));
    expect(orphan.body.app.forkedFrom).toEqual({ id, name: "Shown", state: "deleted" });
  });

  it("shows a draft only to its owner and refuses forks of it", async () => {
    const owner = await signedInUser();
    const id = await newApp(owner.cookie, { name: "Draft" });
    expect((await run(() => publicLoader(routeArgs(getRequest(`/a/${id}`), { id })))).status).toBe(404);
    const stranger = await signedInUser();
    expect((await run(() => publicLoader(routeArgs(getRequest(`/a/${id}`, { cookie: stranger.cookie }), { id })))).status).toBe(404);
    expect((await post(publicAction, `/a/${id}`, id, { intent: "fork" }, stranger.cookie)).status).toBe(404);
    const own = await run(() => publicLoader(routeArgs(getRequest(`/a/${id}`, { cookie: owner.cookie }), { id })));
    expect(own.body.app).toMatchObject({ name: "Draft", status: "DRAFT", isOwner: true });
  });
});
