/**
 * Links the app builds while answering a request: APP_URL when it is set and outside development;
 * in development without it, the address the browser used, so emails and payment returns work when
 * the app is opened from another machine.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { seed } from "../../../../prisma/seed.ts";
import { appUrlFor, env } from "./env.server.ts";
import { prisma } from "./db.server.ts";
import { queue, startQueue, stopQueue } from "./queue.server.ts";
import { ACCOUNT_EMAIL_QUEUE, ensureAccountEmailQueue, processAccountEmail } from "../accounts/email-queue.server.ts";
import { checkoutFormSchema, createOrderFromCart } from "../merch/orders.server.ts";
import { paymentEmulator } from "../providers/payments/index.server.ts";
import { action as signupAction } from "../../routes/signup.tsx";
import { action as forgotAction } from "../../routes/forgot-password.tsx";
import { action as orderAction } from "../../routes/orders.$id.tsx";
import { action as oauthStart } from "../../routes/auth.$provider.tsx";
import { formRequest, routeArgs, run } from "../../../test/request.ts";
import { makeUser, PASSWORD, signIn, uniqueEmail, uniqueIp } from "../../../test/fixtures.ts";

const request = (url: string, headers: Record<string, string> = {}) => new Request(url, { headers });
const development = { APP_ENV: "development" as const, APP_URL: undefined, TRUST_PROXY: false, appUrl: "http://localhost:3000" };

describe("appUrlFor", () => {
  it("in development without APP_URL, answers the host the browser used, with the request's scheme", () => {
    expect(appUrlFor(request("http://192.168.1.20:3000/signup", { Host: "192.168.1.20:3000" }), development)).toBe("http://192.168.1.20:3000");
    expect(appUrlFor(request("https://laptop.tail1234.ts.net/signup", { Host: "Laptop.tail1234.ts.net" }), development)).toBe("https://laptop.tail1234.ts.net");
    expect(appUrlFor(request("http://[::1]:3000/", { Host: "[::1]:3000" }), development)).toBe("http://[::1]:3000");
  });

  it("believes X-Forwarded-Proto only with TRUST_PROXY=true", () => {
    const proxied = request("http://dev.example.test/", { Host: "dev.example.test", "X-Forwarded-Proto": "https, http" });
    expect(appUrlFor(proxied, development)).toBe("http://dev.example.test");
    expect(appUrlFor(proxied, { ...development, TRUST_PROXY: true })).toBe("https://dev.example.test");
    const odd = request("http://dev.example.test/", { Host: "dev.example.test", "X-Forwarded-Proto": "javascript" });
    expect(appUrlFor(odd, { ...development, TRUST_PROXY: true })).toBe("http://dev.example.test");
  });

  it("keeps APP_URL when it is set, outside development, without a request or with a Host that is not a host", () => {
    const browsed = request("http://192.168.1.20:3000/", { Host: "192.168.1.20:3000" });
    expect(appUrlFor(browsed, { ...development, APP_URL: "https://dev.spike.land", appUrl: "https://dev.spike.land" })).toBe("https://dev.spike.land");
    expect(appUrlFor(browsed, { ...development, APP_ENV: "production", appUrl: "https://spike.land" })).toBe("https://spike.land");
    expect(appUrlFor(browsed, { ...development, APP_ENV: "test" })).toBe("http://localhost:3000");
    expect(appUrlFor(null, development)).toBe("http://localhost:3000");
    for (const host of ["evil.example/path", "a b", "user@evil.example", ""]) {
      expect(appUrlFor(request("http://localhost:3000/", { Host: host }), development)).toBe("http://localhost:3000");
    }
  });
});

describe("links built from a request in development", () => {
  const saved = { APP_ENV: env.APP_ENV, APP_URL: env.APP_URL, GITHUB_CLIENT_ID: env.GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET: env.GITHUB_CLIENT_SECRET };
  const HOST = "192.168.1.20:3000";
  const browser = { headers: { Host: HOST } };

  beforeAll(async () => {
    await seed();
    await ensureAccountEmailQueue(await startQueue(env.DATABASE_URL, { maintenance: false }));
  });
  afterAll(() => stopQueue());
  afterEach(() => Object.assign(env, saved));

  /** The app as `npm run dev` runs it without APP_URL (the tests otherwise run with APP_ENV=test and APP_URL set). */
  const asDevelopment = () => Object.assign(env, { APP_ENV: "development", APP_URL: undefined });

  const lastEmailText = async (to: string) => ((await prisma.emailLog.findFirstOrThrow({ where: { to }, orderBy: { sentAt: "desc" } })).metadata as { text: string }).text;

  it("puts the browser's address into the verification and password-reset emails", async () => {
    asDevelopment();
    const email = uniqueEmail("lan");
    const ip = uniqueIp();
    await run(() => signupAction(routeArgs(formRequest("/signup", { name: "Lan User", email, password: PASSWORD, confirmPassword: PASSWORD }, { ip, ...browser }))));
    expect(await lastEmailText(email)).toContain(`http://${HOST}/verify-email?token=`);

    await run(() => forgotAction(routeArgs(formRequest("/forgot-password", { email }, { ip, ...browser }))));
    const jobs = await queue().fetch<unknown>(ACCOUNT_EMAIL_QUEUE, { batchSize: 50 });
    for (const job of jobs) {
      await processAccountEmail(job.data);
      await queue().complete(ACCOUNT_EMAIL_QUEUE, job.id);
    }
    expect(await lastEmailText(email)).toContain(`http://${HOST}/reset-password?token=`);
  });

  it("opens the payment page on the address the buyer shops on and sends them back there", async () => {
    asDevelopment();
    const user = await makeUser();
    const cart = await prisma.merchCart.create({ data: { userId: user.id } });
    await prisma.merchCartItem.create({ data: { cartId: cart.id, productId: "prod_canvas", variantId: "var_canvas_30x40", uploadedImageR2Key: `merch/${user.id}/a.jpg`, quantity: 1 } });
    const order = await createOrderFromCart(user.id, checkoutFormSchema.parse({ name: "Ada", line1: "1 Test Street", city: "London", postalCode: "SW1A 1AA", country: "GB", email: "ada@example.com" }), "UK");
    const { cookie } = await signIn(user.id);
    const paying = await run(() => orderAction(routeArgs(formRequest(`/orders/${order.id}`, { intent: "pay" }, { cookie, ...browser }), { id: order.id })));
    expect(paying.location).toMatch(new RegExp(`^http://${HOST}/pay/checkout/`));
    const sessionId = paying.location!.split("/pay/checkout/")[1]!;
    const checkout = await paymentEmulator()!.openCheckout(sessionId);
    expect(checkout?.successUrl).toBe(`http://${HOST}/orders/${order.id}?paid=1`);
    expect(checkout?.cancelUrl).toBe(`http://${HOST}/orders/${order.id}?cancelled=1`);
  });

  it("asks the OAuth provider to send the browser back to the address it started from", async () => {
    asDevelopment();
    Object.assign(env, { GITHUB_CLIENT_ID: "dev-client", GITHUB_CLIENT_SECRET: "dev-secret" });
    const start = await run(() => oauthStart(routeArgs(formRequest("/auth/github", {}, browser), { provider: "github" })));
    expect(start.status).toBe(302);
    expect(new URL(start.location!).searchParams.get("redirect_uri")).toBe(`http://${HOST}/auth/github/callback`);
  });

  it("keeps APP_URL in the links whenever it is set", async () => {
    const email = uniqueEmail("configured");
    await run(() => signupAction(routeArgs(formRequest("/signup", { name: "Configured", email, password: PASSWORD, confirmPassword: PASSWORD }, { ip: uniqueIp(), ...browser }))));
    expect(await lastEmailText(email)).toContain(`${env.appUrl}/verify-email?token=`);
    expect(await lastEmailText(email)).not.toContain(HOST);
  });
});
