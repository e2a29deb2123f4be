/** The admin boxes page: every box with its owner, and a forced stop that copes with a desktop already gone. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BoxStatus } from "@spike-land/shared/boxes";
import { prisma } from "../.server/platform/db.server.ts";
import { env } from "../.server/platform/env.server.ts";
import { startQueue, stopQueue } from "../.server/platform/queue.server.ts";
import { boxService } from "../.server/boxes/boxes.server.ts";
import { action, loader } from "./admin.boxes.tsx";
import { formRequest, getRequest, routeArgs, run } from "../../test/request.ts";
import { makeUser, signIn } from "../../test/fixtures.ts";
import { makeBox } from "../../test/agent-boxes.ts";
import { seedBoxTiers } from "../../../prisma/seed.ts";

beforeAll(async () => {
  await seedBoxTiers();
  await startQueue(env.DATABASE_URL, { maintenance: false });
});
afterAll(() => stopQueue());

async function signedIn(role: "USER" | "ADMIN" = "USER") {
  const user = await makeUser({ role });
  return { user, ...(await signIn(user.id)) };
}

/**
 * A box in `status`. A RUNNING one has a runtime row whose processes do not exist (no pids, ports
 * nothing listens on), as after its desktop died with the machine.
 */
async function boxOf(userId: string, status: BoxStatus, name = "Research") {
  const box = await makeBox(userId, status, { name, runningForMinutes: 90, paidForMinutes: 30 });
  if (status === "RUNNING") {
    await prisma.tokenTransaction.create({ data: { userId, type: "SPEND_BOX_CREATION", amount: -10, balanceAfter: 0, source: "box", sourceId: box.id } });
  }
  return box;
}

const forceStopOf = (boxId: string, cookie: string) => run(() => action(routeArgs(formRequest("/admin/boxes", { intent: "force-stop", boxId }, { cookie, ip: "192.0.2.41" }))));

describe("the admin boxes page", () => {
  it("is for admins only", async () => {
    const { user, cookie } = await signedIn();
    const box = await boxOf(user.id, "RUNNING");
    expect((await run(() => loader(routeArgs(getRequest("/admin/boxes", { cookie }))))).status).toBe(403);
    expect((await forceStopOf(box.id, cookie)).status).toBe(403);
    expect(await prisma.box.findUniqueOrThrow({ where: { id: box.id } })).toMatchObject({ status: "RUNNING" });
    const signedOut = await run(() => loader(routeArgs(getRequest("/admin/boxes"))));
    expect(signedOut.location).toBe("/login?redirectTo=%2Fadmin%2Fboxes");
  });

  it("lists every user's boxes with owner, size, status, uptime and tokens spent", async () => {
    const { cookie } = await signedIn("ADMIN");
    const alice = await makeUser({ email: `alice-${Date.now()}@example.com` });
    const bob = await makeUser({ email: `bob-${Date.now()}@example.com` });
    const running = await boxOf(alice.id, "RUNNING", "Alice's desk");
    const stopped = await boxOf(bob.id, "STOPPED", "Bob's desk");

    const page = await run(() => loader(routeArgs(getRequest("/admin/boxes", { cookie }))));
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ page: 1, pages: 1 });
    expect(page.body.total).toBe(await prisma.box.count());
    const rows = new Map(page.body.boxes.map((row: { id: string }) => [row.id, row]));
    expect(rows.get(running.id)).toMatchObject({ name: "Alice's desk", owner: { id: alice.id, email: alice.email }, tier: "Standard", status: "RUNNING", tokensSpent: 10 });
    expect((rows.get(running.id) as { uptimeSeconds: number }).uptimeSeconds).toBeGreaterThanOrEqual(90 * 60);
    expect(rows.get(stopped.id)).toMatchObject({ name: "Bob's desk", owner: { email: bob.email }, status: "STOPPED", uptimeSeconds: 0, tokensSpent: 0 });

    const pastTheEnd = await run(() => loader(routeArgs(getRequest("/admin/boxes?page=nonsense", { cookie }))));
    expect(pastTheEnd.body.page).toBe(1);
  });

  it("force stops a running box whose desktop is already gone, audit-logged and told to its owner", async () => {
    const { user: admin, cookie } = await signedIn("ADMIN");
    const owner = await makeUser();
    const box = await boxOf(owner.id, "RUNNING", "Left running");

    const stopped = await forceStopOf(box.id, cookie);
    expect(stopped.status).toBe(200);
    expect(stopped.message).toBe("Stopping the box. Its owner is told in the box's chat.");
    expect(await prisma.box.findUniqueOrThrow({ where: { id: box.id } })).toMatchObject({ status: "STOPPING" });
    const stop = await prisma.boxAction.findFirstOrThrow({ where: { boxId: box.id } });
    expect(stop).toMatchObject({ action: "STOP", status: "PENDING", metadata: { forcedBy: admin.id } });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { userId: admin.id } });
    expect(audit).toMatchObject({ targetId: owner.id, ipAddress: "192.0.2.41" });
    expect(audit.metadata).toMatchObject({ event: "box.force_stop", boxId: box.id });

    // The worker's side of the same action: nothing is left to stop, and the box ends STOPPED.
    await boxService().runAction(stop.id);
    expect(await prisma.box.findUniqueOrThrow({ where: { id: box.id } })).toMatchObject({ status: "STOPPED" });
    expect(await prisma.boxAction.findUniqueOrThrow({ where: { id: stop.id } })).toMatchObject({ status: "COMPLETED" });
    expect(await prisma.boxRuntimeRow.count({ where: { boxId: box.id } })).toBe(0);
    expect((await prisma.boxMessage.findMany({ where: { boxId: box.id, role: "SYSTEM" } })).map((message) => message.content)).toEqual(["Stopped by an administrator."]);

    const again = await forceStopOf(box.id, cookie);
    expect(again.status).toBe(409);
    expect(again.message).toBe("That box is not running, so there is nothing to stop.");
    const missing = await forceStopOf("no-such-box", cookie);
    expect(missing.status).toBe(404);
    expect(missing.message).toBe("We could not find that box.");
    const empty = await run(() => action(routeArgs(formRequest("/admin/boxes", { intent: "force-stop" }, { cookie }))));
    expect(empty.status).toBe(400);
    expect(empty.message).toBe("Choose a box.");
  });
});
