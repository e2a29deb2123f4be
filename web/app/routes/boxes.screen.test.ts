/** A box's page and its screen ticket endpoint, called as the server calls them, on the real box service. */
import { describe, expect, it } from "vitest";
import { prisma } from "../.server/platform/db.server.ts";
import { openVncTarget } from "../.server/boxes/vnc-tickets.server.ts";
import { loader as boxLoader } from "./boxes.$id.tsx";
import { action as ticketAction, loader as ticketLoader } from "./boxes.$id.vnc-ticket.tsx";
import { getRequest, routeArgs, run } from "../../test/request.ts";
import { makeUser, signIn } from "../../test/fixtures.ts";
import { makeBox } from "../../test/agent-boxes.ts";

async function signedInUser() {
  const user = await makeUser();
  const { cookie } = await signIn(user.id);
  return { user, cookie };
}

/** A box as the service leaves it: RUNNING with where it is reached, or STOPPED without. */
async function boxOf(userId: string, status: "RUNNING" | "STOPPED", name = "Research") {
  return makeBox(userId, status, { name, tierId: null });
}

const ticketFor = (boxId: string, cookie: string, method = "POST") =>
  run(() => ticketAction(routeArgs(getRequest(`/boxes/${boxId}/vnc-ticket`, { method, cookie, headers: { Accept: "application/json" } }), { id: boxId })));

describe("box page", () => {
  it("shows the owner's box with its status; others' boxes are not found", async () => {
    const { user, cookie } = await signedInUser();
    const box = await boxOf(user.id, "RUNNING", "Shopping research");
    const page = await run(() => boxLoader(routeArgs(getRequest(`/boxes/${box.id}`, { cookie }), { id: box.id })));
    expect(page.status).toBe(200);
    expect(page.body.box).toMatchObject({ id: box.id, name: "Shopping research", status: "RUNNING" });
    expect(JSON.stringify(page.body)).not.toContain("testpass");

    const other = await signedInUser();
    const foreign = await run(() => boxLoader(routeArgs(getRequest(`/boxes/${box.id}`, { cookie: other.cookie }), { id: box.id })));
    expect(foreign.status).toBe(404);

    const signedOut = await run(() => boxLoader(routeArgs(getRequest(`/boxes/${box.id}`), { id: box.id })));
    expect(signedOut.location).toMatch(/^\/login/);
  });
});

describe("box screen tickets", () => {
  it("gives the owner of a running box a ticket and its VNC password, which the proxy redeems once", async () => {
    const { user, cookie } = await signedInUser();
    const box = await boxOf(user.id, "RUNNING");
    const issued = await ticketFor(box.id, cookie);
    expect(issued.status).toBe(200);
    expect(issued.headers.get("Cache-Control")).toBe("no-store");
    expect(issued.body).toMatchObject({ password: "testpass", ticket: expect.any(String), expiresAt: expect.any(String) });
    expect(Date.parse(issued.body.expiresAt) - Date.now()).toBeLessThanOrEqual(60_000);

    await expect(openVncTarget(box.id, issued.body.ticket)).resolves.toMatchObject({ host: "127.0.0.1", port: 5999 });
    await expect(openVncTarget(box.id, issued.body.ticket)).resolves.toBeNull();
  });

  it("refuses others' boxes (404), a stopped box (409), GET (405) and people who are signed out", async () => {
    const { user, cookie } = await signedInUser();
    const running = await boxOf(user.id, "RUNNING");
    const stopped = await boxOf(user.id, "STOPPED");
    const other = await signedInUser();

    const foreign = await ticketFor(running.id, other.cookie);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.message).toBe("We could not find that box.");
    expect(foreign.body).not.toHaveProperty("password");

    const notRunning = await ticketFor(stopped.id, cookie);
    expect(notRunning.status).toBe(409);
    expect(notRunning.body.error.message).toBe("Start the box first.");

    expect((await ticketFor(running.id, cookie, "GET")).status).toBe(405);
    expect((await run(() => ticketLoader())).status).toBe(405);
    expect((await run(() => ticketAction(routeArgs(getRequest(`/boxes/${running.id}/vnc-ticket`, { method: "POST" }), { id: running.id })))).location).toMatch(/^\/login/);
  });

  it("does not open a box that stopped after its ticket was issued", async () => {
    const { user, cookie } = await signedInUser();
    const box = await boxOf(user.id, "RUNNING");
    const issued = await ticketFor(box.id, cookie);
    await prisma.box.update({ where: { id: box.id }, data: { status: "STOPPED" } });
    await expect(openVncTarget(box.id, issued.body.ticket)).resolves.toBeNull();
  });
});
