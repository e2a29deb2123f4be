import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DomainError } from "@spike-land/shared/errors";
import { createVncTickets, NOT_RUNNING_MESSAGE, VNC_TICKET_TTL_MS, vncTicketKey, type VncTicketBoxes } from "./vnc-tickets.server.ts";

const OWNER = "user_owner";
const BOX = "box_one";
const runtime = { host: "127.0.0.1", vncPort: 5955, vncPassword: "pw123456", cdpPort: 9333 };

/** The box service as the tickets see it: one box, its owner, and whether it runs. */
function boxesWith(state: { running: boolean }): VncTicketBoxes {
  return {
    async getBox(userId, boxId) {
      if (userId !== OWNER || boxId !== BOX) throw new DomainError(404, "That box does not exist.");
      return { id: boxId };
    },
    async boxRuntime(userId, boxId) {
      return userId === OWNER && boxId === BOX && state.running ? runtime : null;
    },
  };
}

function setup(state = { running: true }) {
  const clock = { now: 1_700_000_000_000 };
  const key = vncTicketKey("s".repeat(40));
  const tickets = createVncTickets({ key, boxes: boxesWith(state), now: () => clock.now });
  return { clock, key, tickets, state };
}

describe("box screen tickets", () => {
  it("issues the owner a one-minute ticket with the box's VNC password", async () => {
    const { tickets, clock } = setup();
    const issued = await tickets.issue(OWNER, BOX);
    expect(issued.password).toBe(runtime.vncPassword);
    expect(issued.expiresAt.getTime()).toBe(clock.now + VNC_TICKET_TTL_MS);
    expect(issued.ticket).toMatch(/^[\w-]+\.[\w-]+\.\d+\.[\w-]{43}\.web\.[\w-]{43}$/);
  });

  it("refuses others' boxes with 404 and a box that is not running with 409", async () => {
    const { tickets, state } = setup();
    await expect(tickets.issue("someone_else", BOX)).rejects.toMatchObject({ status: 404 });
    await expect(tickets.issue(OWNER, "not.a.box")).rejects.toMatchObject({ status: 404 });
    state.running = false;
    await expect(tickets.issue(OWNER, BOX)).rejects.toMatchObject({ status: 409, message: NOT_RUNNING_MESSAGE });
  });

  it("redeems a ticket once, for its own box, within its minute", async () => {
    const { tickets, clock } = setup();
    const first = (await tickets.issue(OWNER, BOX)).ticket;
    expect(tickets.redeem(first, "box_other")).toBeNull();
    expect(tickets.redeem(first, BOX)).toEqual({ userId: OWNER, client: "web" });
    expect(tickets.redeem(first, BOX)).toBeNull();

    const late = (await tickets.issue(OWNER, BOX)).ticket;
    clock.now += VNC_TICKET_TTL_MS;
    expect(tickets.redeem(late, BOX)).toBeNull();
  });

  it("refuses altered and foreign-signed tickets", async () => {
    const { tickets } = setup();
    const { ticket } = await tickets.issue(OWNER, BOX);
    const [box, , expires, nonce, client, signature] = ticket.split(".");
    expect(tickets.redeem([box, "user_other", expires, nonce, client, signature].join("."), BOX)).toBeNull();
    expect(tickets.redeem([box, OWNER, String(Number(expires) + 60_000), nonce, client, signature].join("."), BOX)).toBeNull();
    // A browser's ticket cannot be turned into an app's, which skips the origin check.
    expect(tickets.redeem([box, OWNER, expires, nonce, "app", signature].join("."), BOX)).toBeNull();
    expect(tickets.redeem(`${ticket}x`, BOX)).toBeNull();
    expect(tickets.redeem("", BOX)).toBeNull();
    expect(tickets.redeem("a.b.c", BOX)).toBeNull();

    const elsewhere = createVncTickets({ key: randomBytes(32), boxes: boxesWith({ running: true }) });
    expect(tickets.redeem((await elsewhere.issue(OWNER, BOX)).ticket, BOX)).toBeNull();
    // The ticket itself was never spent by the refusals above.
    expect(tickets.redeem(ticket, BOX)).toEqual({ userId: OWNER, client: "web" });
  });

  it("opens the box's VNC address once, and not after the box stopped", async () => {
    const { tickets, state } = setup();
    const { ticket } = await tickets.issue(OWNER, BOX);
    await expect(tickets.openTarget(BOX, ticket)).resolves.toEqual({ host: runtime.host, port: runtime.vncPort, client: "web" });
    const forApp = (await tickets.issue(OWNER, BOX, "app")).ticket;
    await expect(tickets.openTarget(BOX, forApp)).resolves.toEqual({ host: runtime.host, port: runtime.vncPort, client: "app" });
    await expect(tickets.openTarget(BOX, ticket)).resolves.toBeNull();

    const next = (await tickets.issue(OWNER, BOX)).ticket;
    state.running = false;
    await expect(tickets.openTarget(BOX, next)).resolves.toBeNull();
  });

  it("derives its signing key from SESSION_SECRET without using the secret itself", () => {
    const secret = "q".repeat(40);
    expect(vncTicketKey(secret)).toEqual(vncTicketKey(secret));
    expect(vncTicketKey(secret).toString("utf8")).not.toContain(secret);
    expect(vncTicketKey(secret)).not.toEqual(vncTicketKey("r".repeat(40)));
  });
});
