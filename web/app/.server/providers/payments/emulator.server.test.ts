/**
 * The local payment emulator end to end: its hosted page takes Stripe's test cards and its signed
 * webhooks travel over HTTP to the real /webhooks/stripe route (served on a local port set as
 * APP_URL before the app modules load).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_CARDS } from "@spike-land/shared/payments/card";
import { startRouteServer } from "../../../../test/route-server.ts";

const app = await startRouteServer();
process.env.APP_URL = app.url;

const { prisma } = await import("../../platform/db.server.ts");
const { seed } = await import("../../../../../prisma/seed.ts");
const { startCheckout } = await import("../../payments/checkout.server.ts");
const { readBalance } = await import("../../tokens/ledger.server.ts");
const { paymentProvider } = await import("./index.server.ts");
const { action: webhook } = await import("../../../routes/webhooks.stripe.tsx");
const { loader: payLoader, action: payAction } = await import("../../../routes/pay.checkout.$sessionId.tsx");
const { loader: successLoader } = await import("../../../routes/checkout.success.tsx");
const { makeUser, signIn } = await import("../../../../test/fixtures.ts");
const { formRequest, getRequest, routeArgs, run } = await import("../../../../test/request.ts");

app.mount("POST", "/webhooks/stripe", webhook);

beforeAll(async () => {
  await seed();
});
afterAll(async () => {
  await app.close();
});

async function open(userId: string, item: { kind: "pack" | "plan"; id: string }) {
  const { url } = await startCheckout(userId, item);
  expect(url.startsWith(`${app.url}/pay/checkout/cs_local_`)).toBe(true);
  return decodeURIComponent(new URL(url).pathname.split("/").pop()!);
}

function pay(sessionId: string, card: Record<string, string> = {}) {
  const fields = { cardNumber: TEST_CARDS.success, expiry: "12 / 34", cvc: "123", cardholder: "Ada Lovelace", ...card };
  return run(() => payAction(routeArgs(formRequest(`/pay/checkout/${sessionId}`, fields), { sessionId })));
}

function view(sessionId: string) {
  return run(() => payLoader(routeArgs(getRequest(`/pay/checkout/${sessionId}`), { sessionId })));
}

describe("the emulator as the payment provider", () => {
  it("is chosen when no Stripe keys are configured", () => {
    expect(paymentProvider()?.kind).toBe("emulator");
  });
});

describe("the hosted checkout page", () => {
  it("shows what is being bought, for whom, and the test cards", async () => {
    const user = await makeUser();
    const sessionId = await open(user.id, { kind: "pack", id: "pack_basic" });
    const page = await view(sessionId);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({
      mode: "payment",
      item: { name: "Basic token pack", amountMinor: 999, currency: "GBP", recurring: false, tokens: 50 },
      amount: "9.99",
      customerEmail: user.email,
      state: "open",
      testCards: { success: "4242 4242 4242 4242", declined: "4000 0000 0000 0002" },
    });
    expect(page.body.cancelUrl).toMatch(/\/checkout\/cancel\?payment=/);
  });

  it("takes 4242 4242 4242 4242: back to the success page with the pack's tokens granted once", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    // The buyer let us record their visits, one of them from a campaign.
    await prisma.visitorSession.create({ data: { visitorId: `v-${user.id}`, userId: user.id, sessionStart: new Date(), landingPage: "/pricing", utmSource: "newsletter", utmCampaign: "spring" } });
    const sessionId = await open(user.id, { kind: "pack", id: "pack_basic" });
    const payment = await prisma.stripePayment.findFirstOrThrow({ where: { userId: user.id } });

    const paid = await pay(sessionId);
    expect(paid.status).toBe(302);
    expect(paid.location).toBe(`${app.url}/checkout/success?payment=${payment.id}`);
    expect((await readBalance(user.id)).balance).toBe(60);
    const after = await prisma.stripePayment.findUniqueOrThrow({ where: { id: payment.id } });
    expect(after.status).toBe("SUCCEEDED");
    expect(after.stripePaymentIntentId).toMatch(/^pi_local_/);
    expect(await prisma.emailLog.count({ where: { userId: user.id, template: "receipt" } })).toBe(1);
    const purchases = await prisma.analyticsEvent.findMany({ where: { name: "purchase", session: { userId: user.id } } });
    expect(purchases.map((event) => [event.value, (event.metadata as { kind: string }).kind])).toEqual([[9.99, "pack"]]);
    expect(await prisma.campaignAttribution.count({ where: { userId: user.id, conversionType: "PURCHASE", utmCampaign: "spring" } })).toBe(2);

    const success = await run(() => successLoader(routeArgs(getRequest(`/checkout/success?payment=${payment.id}`, { cookie }))));
    expect(success.body.pack).toMatchObject({ status: "SUCCEEDED", tokens: 50, packName: "Basic", amount: "9.99", currency: "GBP", balance: 60 });

    // The page now says it is paid, and paying again (a double click, a resubmitted form) grants nothing more.
    expect((await view(sessionId)).body.state).toBe("complete");
    expect((await pay(sessionId)).status).toBe(302);
    expect((await readBalance(user.id)).balance).toBe(60);
    expect(await prisma.emailLog.count({ where: { userId: user.id, template: "receipt" } })).toBe(1);
    expect(await prisma.analyticsEvent.count({ where: { name: "purchase", session: { userId: user.id } } })).toBe(1);
  });

  it("declines 4000 0000 0000 0002 with Stripe's message and changes no balance", async () => {
    const user = await makeUser();
    const sessionId = await open(user.id, { kind: "pack", id: "pack_starter" });
    const declined = await pay(sessionId, { cardNumber: TEST_CARDS.declined });
    expect(declined.status).toBe(402);
    expect(declined.fieldErrors).toEqual({ "": ["Your card was declined."] });
    expect((await readBalance(user.id)).balance).toBe(10);
    const payment = await prisma.stripePayment.findFirstOrThrow({ where: { userId: user.id } });
    expect(payment.status).toBe("FAILED");
    expect(payment.metadata).toMatchObject({ failureMessage: "Your card was declined." });

    const insufficient = await pay(sessionId, { cardNumber: TEST_CARDS.insufficientFunds });
    expect(insufficient.fieldErrors).toEqual({ "": ["Your card has insufficient funds."] });
    const notATestCard = await pay(sessionId, { cardNumber: "4012 8888 8888 1881" });
    expect(notATestCard.message).toMatch(/^Your card was declined\. This is the test payment emulator/);

    expect((await pay(sessionId)).status).toBe(302);
    expect((await readBalance(user.id)).balance).toBe(20);
  });

  it("says what is wrong with the card form, field by field, and sends nothing", async () => {
    const user = await makeUser();
    const sessionId = await open(user.id, { kind: "pack", id: "pack_starter" });
    const events = await prisma.webhookEvent.count();
    const answer = await pay(sessionId, { cardNumber: "4242 4242", expiry: "01 / 20", cvc: "1", cardholder: "" });
    expect(answer.status).toBe(400);
    expect(answer.fieldErrors).toEqual({
      cardNumber: ["Your card number is incomplete."],
      expiry: ["Your card's expiry date is in the past."],
      cvc: ["Your card's security code is incomplete."],
      cardholder: ["Enter the name on the card."],
    });
    expect(await prisma.webhookEvent.count()).toBe(events);
    expect((await prisma.stripePayment.findFirstOrThrow({ where: { userId: user.id } })).status).toBe("PENDING");
  });

  it("refuses a forged or altered checkout id", async () => {
    const user = await makeUser();
    const sessionId = await open(user.id, { kind: "pack", id: "pack_power" });
    const altered = sessionId.slice(0, -3) + (sessionId.endsWith("AAA") ? "BBB" : "AAA");
    expect((await view(altered)).status).toBe(404);
    expect((await view("cs_local_made-up.signature")).status).toBe(404);
    expect((await pay(altered)).status).toBe(404);
    expect((await readBalance(user.id)).balance).toBe(10);
  });

  it("starts a subscription from the hosted page: the first invoice's tokens and the plan's tier", async () => {
    const user = await makeUser();
    const sessionId = await open(user.id, { kind: "plan", id: "plan_creator" });
    const page = await view(sessionId);
    expect(page.body).toMatchObject({ mode: "subscription", item: { name: "Creator plan", amountMinor: 1299, recurring: true, tokens: 100 } });
    const paid = await pay(sessionId);
    expect(paid.location).toBe(`${app.url}/checkout/success?plan=plan_creator&session_id=${sessionId}`);
    const row = await prisma.subscription.findUniqueOrThrow({ where: { userId: user.id } });
    expect(row).toMatchObject({ status: "ACTIVE", tier: "STANDARD", tokensPerMonth: 100, maxRollover: 100, stripePriceId: "price_local_plan_creator" });
    expect(row.stripeSubscriptionId).toMatch(/^sub_local_/);
    expect(await readBalance(user.id)).toMatchObject({ balance: 110, tier: "STANDARD" });
    const customer = (await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).stripeCustomerId!;
    const events = await prisma.webhookEvent.findMany({ where: { payload: { path: ["data", "object", "customer"], equals: customer } }, orderBy: { createdAt: "asc" } });
    const types = events.map((e) => e.eventType);
    expect(types).toEqual(["customer.subscription.created", "invoice.paid", "checkout.session.completed"]);
    expect((await pay(sessionId)).status).toBe(302);
    expect((await readBalance(user.id)).balance).toBe(110);
  });

  it("does not start a second subscription from a second checkout tab", async () => {
    const user = await makeUser();
    const first = await open(user.id, { kind: "plan", id: "plan_hobby" });
    const second = await open(user.id, { kind: "plan", id: "plan_studio" });
    expect((await pay(first)).status).toBe(302);
    const refused = await pay(second);
    expect(refused.status).toBe(409);
    expect(refused.fieldErrors).toEqual({ "": ["You already have a subscription. Change or cancel it on the billing page."] });
    expect(await prisma.subscription.findUniqueOrThrow({ where: { userId: user.id } })).toMatchObject({ tier: "BASIC", status: "ACTIVE" });
    expect((await readBalance(user.id)).balance).toBe(40);
  });
});
