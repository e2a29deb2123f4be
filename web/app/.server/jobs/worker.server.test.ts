import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "../platform/db.server.ts";
import { env } from "../platform/env.server.ts";
import { queue, startQueue, stopQueue } from "../platform/queue.server.ts";
import { startWorkers, UPKEEP_QUEUE } from "./worker.server.ts";
import { requestPasswordReset } from "../accounts/flows.server.ts";
import { makeUser } from "../../../test/fixtures.ts";

afterAll(() => stopQueue());

describe("the worker", () => {
  it("runs upkeep from the queue: expired sessions are removed by a queued job, not by the web request", async () => {
    const user = await makeUser();
    await prisma.session.create({ data: { userId: user.id, sessionToken: "expired-digest", expires: new Date(Date.now() - 1000) } });
    const boss = await startQueue(env.DATABASE_URL, { maintenance: true });
    await startWorkers(boss, { pollingIntervalSeconds: 0.5 });
    await expect.poll(() => prisma.session.count({ where: { sessionToken: "expired-digest" } }), { timeout: 15_000, interval: 250 }).toBe(0);
    // The schedule that repeats it is registered in the queue itself, so one worker of many runs it.
    const schedules = await queue().getSchedules();
    expect(schedules.map((s) => s.name)).toContain(UPKEEP_QUEUE);
  }, 30_000);

  it("sends the password reset email that a forgot-password request queued", async () => {
    const user = await makeUser();
    // Started by the test above in this file.
    await requestPasswordReset(user.email!, "198.51.100.77");
    await expect
      .poll(() => prisma.emailLog.count({ where: { to: user.email!, template: "reset-password", status: "SENT" } }), { timeout: 15_000, interval: 250 })
      .toBe(1);
  }, 30_000);
});
