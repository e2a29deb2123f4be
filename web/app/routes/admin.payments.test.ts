/** The admin's payments and subscriptions lists: ADMIN only, filtered by status and user email. */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../.server/platform/db.server.ts";
import { seed } from "../../../prisma/seed.ts";
import { loader as paymentsLoader } from "./admin.payments.tsx";
import { loader as subscriptionsLoader } from "./admin.subscriptions.tsx";
import { makeUser, signIn } from "../../test/fixtures.ts";
import { getRequest, routeArgs, run } from "../../test/request.ts";

let adminCookie = "";
let alice: { id: string; email: string | null };
let bob: { id: string; email: string | null };

beforeAll(async () => {
  await seed();
  const admin = await makeUser({ role: "ADMIN" });
  adminCookie = (await signIn(admin.id)).cookie;
  alice = await makeUser({ email: `alice-${Date.now()}@example.com` });
  bob = await makeUser({ email: `bob-${Date.now()}@example.com` });
  const payment = (userId: string, status: "SUCCEEDED" | "FAILED" | "PENDING", amount: string, ref: string, failureMessage?: string) =>
    prisma.stripePayment.create({
      data: { userId, packageId: "pack_basic", tokensGranted: 50, amountGBP: amount, stripePaymentIntentId: ref, status, metadata: { currency: "GBP", ...(failureMessage ? { failureMessage } : {}) } },
    });
  // Paid after an earlier declined attempt on the same checkout.
  await payment(alice.id, "SUCCEEDED", "9.99", "pi_admin_1", "Your card was declined.");
  await payment(alice.id, "FAILED", "9.99", "pi_admin_2", "Your card has insufficient funds.");
  await payment(bob.id, "SUCCEEDED", "0.10", "pi_admin_3");
  await payment(bob.id, "SUCCEEDED", "0.20", "pi_admin_4");
  const now = new Date();
  const subscription = (userId: string, status: "ACTIVE" | "CANCELED", tier: "BASIC" | "PREMIUM") =>
    prisma.subscription.create({
      data: { userId, stripeSubscriptionId: `sub_admin_${userId}`, stripePriceId: "price_local_plan_hobby", status, tier, currentPeriodStart: now, currentPeriodEnd: now, tokensPerMonth: 30, maxRollover: 30 },
    });
  await subscription(alice.id, "ACTIVE", "BASIC");
  await subscription(bob.id, "CANCELED", "PREMIUM");
});

const payments = (query: string, cookie = adminCookie) => run(() => paymentsLoader(routeArgs(getRequest(`/admin/payments${query}`, { cookie }))));
const subscriptions = (query: string, cookie = adminCookie) => run(() => subscriptionsLoader(routeArgs(getRequest(`/admin/subscriptions${query}`, { cookie }))));

describe("admin payments", () => {
  it("is for admins only", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    expect((await payments("", cookie)).status).toBe(403);
    expect((await subscriptions("", cookie)).status).toBe(403);
  });

  it("lists every payment with the exact total received", async () => {
    const page = await payments("");
    expect(page.body.total).toBe(4);
    expect(page.body.received).toBe("10.29");
    expect(page.body.payments[0]).toMatchObject({ amount: "0.20", currency: "GBP", pack: "Basic", tokens: 50, status: "SUCCEEDED", reference: "pi_admin_4" });
  });

  it("filters by status and by part of the user's email, case-insensitively", async () => {
    const failed = await payments("?status=FAILED");
    expect(failed.body.payments.map((p: { reference: string; failure: string }) => [p.reference, p.failure])).toEqual([["pi_admin_2", "Your card has insufficient funds."]]);
    const paid = await payments("?status=SUCCEEDED");
    expect(paid.body.payments.find((p: { reference: string }) => p.reference === "pi_admin_1").failure).toBeNull();
    const bobs = await payments(`?email=${encodeURIComponent(bob.email!.slice(0, 8).toUpperCase())}`);
    expect(bobs.body.payments.map((p: { user: { email: string } }) => p.user.email)).toEqual([bob.email, bob.email]);
    expect(bobs.body.received).toBe("0.30");
    const both = await payments(`?status=SUCCEEDED&email=${encodeURIComponent(alice.email!)}`);
    expect(both.body.total).toBe(1);
  });

  it("ignores filters it does not know instead of failing", async () => {
    const page = await payments("?status=STOLEN&page=-4");
    expect(page.status).toBe(200);
    expect(page.body.filters).toEqual({ status: null, email: "", page: 1 });
  });
});

describe("admin subscriptions", () => {
  it("lists and filters subscriptions by status and email", async () => {
    expect((await subscriptions("")).body.total).toBe(2);
    const active = await subscriptions("?status=ACTIVE");
    expect(active.body.subscriptions).toEqual([expect.objectContaining({ status: "ACTIVE", tier: "BASIC", user: { id: alice.id, email: alice.email } })]);
    const bobs = await subscriptions(`?email=${encodeURIComponent(bob.email!)}`);
    expect(bobs.body.subscriptions.map((s: { tier: string; status: string }) => [s.tier, s.status])).toEqual([["PREMIUM", "CANCELED"]]);
  });
});
