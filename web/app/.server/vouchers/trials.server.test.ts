import { describe, expect, it } from "vitest";
import { prisma } from "../platform/db.server.ts";
import { changeTier, readBalance } from "../tokens/ledger.server.ts";
import { endExpiredTrials } from "./trials.server.ts";
import { makeUser } from "../../../test/fixtures.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

async function trialFor(userId: string, endsInMs: number, stripeSubscriptionId = `trial_${userId}`) {
  await changeTier(userId, "STANDARD");
  const now = Date.now();
  return prisma.subscription.create({
    data: {
      userId,
      stripeSubscriptionId,
      stripePriceId: "price_local_plan_creator",
      status: "TRIALING",
      tier: "STANDARD",
      currentPeriodStart: new Date(now - DAY_MS),
      currentPeriodEnd: new Date(now + endsInMs),
      cancelAtPeriodEnd: true,
      downgradeTo: "FREE",
      tokensPerMonth: 100,
      maxRollover: 100,
    },
  });
}

describe("voucher trials", () => {
  it("end when their period is over: the account goes back to FREE and keeps its tokens", async () => {
    const user = await makeUser();
    await trialFor(user.id, -1000);
    expect(await endExpiredTrials()).toBe(1);
    expect(await prisma.subscription.findUniqueOrThrow({ where: { userId: user.id } })).toMatchObject({ status: "CANCELED" });
    expect(await readBalance(user.id)).toMatchObject({ tier: "FREE", balance: 50 });
  });

  it("keep running until then, and a paid subscription is never touched", async () => {
    const running = await makeUser();
    await trialFor(running.id, 3 * DAY_MS);
    const paid = await makeUser();
    await trialFor(paid.id, -1000, "sub_real_stripe_subscription");
    expect(await endExpiredTrials()).toBe(0);
    expect((await readBalance(running.id)).tier).toBe("STANDARD");
    expect((await readBalance(paid.id)).tier).toBe("STANDARD");
  });
});

describe("a voucher trial and payments", () => {
  it("cannot be changed through Stripe, and says how to keep the plan", async () => {
    const { setCancelAtPeriodEnd } = await import("../payments/billing.server.ts");
    const user = await makeUser();
    await trialFor(user.id, 3 * DAY_MS);
    await expect(setCancelAtPeriodEnd(user.id, true)).rejects.toThrow(/Your voucher trial ends on .* by itself/);
  });
});
