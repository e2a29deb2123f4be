/**
 * The request's one session lookup: it answers what the separate session, balance and cart queries
 * answered, ends nothing but expired sessions, and one page request (root loader and route loader)
 * asks the database once for it.
 */
import pg from "pg";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { REGENERATION_INTERVAL_MS, TIER_CAPACITY } from "@spike-land/shared/tokens/tiers";
import { seed } from "../../../../prisma/seed.ts";
import { prisma } from "../platform/db.server.ts";
import { sha256 } from "../platform/crypto.server.ts";
import { peekBalance } from "../tokens/ledger.server.ts";
import { cartItemCount } from "../merch/cart.server.ts";
import { loadShell } from "../layout.server.ts";
import { lookupSession } from "./session-lookup.server.ts";
import { getRequestSession, getRequestSignIn } from "./sessions.server.ts";
import { getOptionalUser, requireSession, requireUser } from "./guards.server.ts";
import { loader as rootLoader } from "../../root.tsx";
import { loader as accountLoader } from "../../routes/account.tsx";
import { getRequest, routeArgs, run } from "../../../test/request.ts";
import { makeUser, signIn } from "../../../test/fixtures.ts";

const MINUTE_MS = 60_000;

/** What the header showed before the single lookup: the session with its user, then the balance and the cart count. */
async function separately(token: string) {
  const session = await prisma.session.findUnique({
    where: { sessionToken: sha256(token) },
    select: { id: true, expires: true, user: { select: { id: true, name: true, email: true, image: true, role: true, emailVerified: true } } },
  });
  if (!session) return null;
  return { session, balance: await peekBalance(session.user.id), cartCount: await cartItemCount(session.user.id) };
}

async function fillCart(userId: string, quantities: number[]) {
  await prisma.merchCart.create({
    data: {
      userId,
      items: {
        create: quantities.map((quantity, index) => ({ productId: "prod_lustre_print", variantId: "var_print_30x40", uploadedImageR2Key: `merch/${userId}-${index}.jpg`, quantity })),
      },
    },
  });
}

/** Counts every statement this process sends, through any pool (Prisma's adapter and the shared pool use the same driver). */
function countStatements() {
  const sent: string[] = [];
  const original = pg.Client.prototype.query;
  vi.spyOn(pg.Client.prototype, "query").mockImplementation(function (this: pg.Client, ...args: unknown[]) {
    const first = args[0];
    sent.push(typeof first === "string" ? first : ((first as { name?: string; text?: string }).name ?? (first as { text?: string }).text ?? "?"));
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original);
  return sent;
}

beforeAll(async () => {
  await seed();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the session lookup", () => {
  it("answers what the separate session, balance and cart queries answered, regeneration included", async () => {
    const user = await makeUser({ name: "Lookup" });
    const { token } = await signIn(user.id);
    // Three intervals (and a bit) ago with 4 of 10 tokens: 7 now, the next one 15 minutes after the third.
    await prisma.userTokenBalance.update({ where: { userId: user.id }, data: { balance: 4, lastRegeneration: new Date(Date.now() - 3 * REGENERATION_INTERVAL_MS - 2 * MINUTE_MS) } });
    await fillCart(user.id, [3, 2]);

    const found = await lookupSession(sha256(token));
    const before = await separately(token);
    expect(found).toEqual(before);
    expect(found?.balance).toMatchObject({ balance: 7, tier: "FREE", capacity: TIER_CAPACITY.FREE.capacity });
    expect(found?.balance?.nextTokenAt).toBeInstanceOf(Date);
    expect(found?.cartCount).toBe(5);
    expect(found?.session.user).toMatchObject({ id: user.id, name: "Lookup", email: user.email, role: "USER" });
    expect(found?.session.user.emailVerified?.getTime()).toBe(user.emailVerified?.getTime());
  });

  it("agrees on a paid tier above its capacity, an unverified admin without a cart, and a missing balance row", async () => {
    const admin = await makeUser({ role: "ADMIN", verified: false });
    const { token } = await signIn(admin.id);
    await prisma.userTokenBalance.update({ where: { userId: admin.id }, data: { tier: "PREMIUM", balance: TIER_CAPACITY.PREMIUM.capacity + 40, lastRegeneration: new Date(Date.now() - 10 * REGENERATION_INTERVAL_MS) } });
    const found = await lookupSession(sha256(token));
    expect(found).toEqual(await separately(token));
    expect(found).toMatchObject({ balance: { balance: TIER_CAPACITY.PREMIUM.capacity + 40, tier: "PREMIUM", nextTokenAt: null }, cartCount: 0, session: { user: { role: "ADMIN", emailVerified: null } } });

    await prisma.userTokenBalance.delete({ where: { userId: admin.id } });
    const withoutBalance = await lookupSession(sha256(token));
    expect(withoutBalance).toEqual(await separately(token));
    expect(withoutBalance?.balance).toBeNull();
    expect((await loadShell(getRequest("/", { headers: { Authorization: `Bearer ${token}` } }))).tokens).toBeNull();
  });

  it("gives the header the same user, balance, tier and cart count as before", async () => {
    const user = await makeUser({ name: "Header" });
    const { cookie, token } = await signIn(user.id);
    await prisma.userTokenBalance.update({ where: { userId: user.id }, data: { balance: 1, tier: "BASIC", lastRegeneration: new Date(Date.now() - REGENERATION_INTERVAL_MS - MINUTE_MS) } });
    await fillCart(user.id, [4]);
    const before = (await separately(token))!;

    const shell = await loadShell(getRequest("/account", { cookie }));
    expect(shell.user).toEqual({ id: user.id, name: "Header", email: user.email, role: "USER", image: null });
    expect(shell.tokens).toEqual({ balance: before.balance!.balance, tier: "BASIC" });
    expect(shell.tokens?.balance).toBe(2);
    expect(shell.cartCount).toBe(4);
  });

  it("finds no user for an expired session (and deletes it), a revoked one, or an unknown token", async () => {
    const user = await makeUser();
    const expired = await signIn(user.id);
    await prisma.session.update({ where: { id: expired.sessionId }, data: { expires: new Date(Date.now() - 1000) } });
    expect(await getOptionalUser(getRequest("/account", { cookie: expired.cookie }))).toBeNull();
    expect(await getRequestSignIn(getRequest("/account", { cookie: expired.cookie }))).toBeNull();
    expect(await prisma.session.count({ where: { id: expired.sessionId } })).toBe(0);
    expect((await loadShell(getRequest("/account", { cookie: expired.cookie }))).user).toBeNull();

    const revoked = await signIn(user.id);
    expect(await getOptionalUser(getRequest("/account", { cookie: revoked.cookie }))).not.toBeNull();
    await prisma.session.delete({ where: { id: revoked.sessionId } });
    expect(await getOptionalUser(getRequest("/account", { cookie: revoked.cookie }))).toBeNull();
    const page = await run(() => accountLoader(routeArgs(getRequest("/account", { cookie: revoked.cookie }))));
    expect(page.location).toBe("/login?redirectTo=%2Faccount");

    expect(await lookupSession(sha256("no-such-token"))).toBeNull();
    expect(await getOptionalUser(getRequest("/account", { headers: { Authorization: "Bearer no-such-token" } }))).toBeNull();
  });

  it("keeps a session that expires later, and its expiry, as stored", async () => {
    const user = await makeUser();
    const { cookie, sessionId } = await signIn(user.id);
    const expires = new Date(Date.now() + 5 * MINUTE_MS);
    await prisma.session.update({ where: { id: sessionId }, data: { expires } });
    const session = await getRequestSession(getRequest("/account", { cookie }));
    expect(session).toMatchObject({ id: sessionId, user: { id: user.id } });
    expect(session?.expires.getTime()).toBe(expires.getTime());
    expect(await prisma.session.findUniqueOrThrow({ where: { id: sessionId }, select: { expires: true } })).toEqual({ expires });
  });

  it("asks the database once per request for the root and route loaders together, and once more for the account page's own data", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    const request = getRequest("/account", { cookie });

    const sent = countStatements();
    // As the server runs them: the root and route loaders of a page at the same time.
    const [root, account] = await Promise.all([rootLoader(routeArgs(request)), accountLoader(routeArgs(request))]);
    await Promise.all([requireUser(request), requireSession(request), getOptionalUser(request), getRequestSession(request)]);
    expect(sent).toEqual(expect.arrayContaining(["session_lookup", "account_overview"]));
    expect(sent).toHaveLength(2);

    expect(root.user?.id).toBe(user.id);
    expect(account.user.id).toBe(user.id);
    expect(account.balance).toEqual(await peekBalance(user.id));

    // A new request looks again.
    await getOptionalUser(getRequest("/account", { cookie }));
    expect(sent.filter((name) => name === "session_lookup")).toHaveLength(2);
  });
});

describe("the account page's data", () => {
  /** The page's data as the two Prisma queries read it. */
  async function separateOverview(userId: string) {
    const [profile, recent] = await Promise.all([
      prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { referralCode: true, createdAt: true } }),
      prisma.tokenTransaction.findMany({
        where: { userId },
        orderBy: { createdAt: "desc" },
        take: 5,
        select: { id: true, amount: true, type: true, source: true, balanceAfter: true, createdAt: true },
      }),
    ]);
    return { profile, recent };
  }

  it("shows the referral code, the join date and the last five ledger entries, newest first", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    // After the welcome entry, so these seven are the newest.
    const start = Date.now();
    for (let i = 1; i <= 7; i++) {
      await prisma.tokenTransaction.create({
        data: { userId: user.id, amount: -i, type: "SPEND_ENHANCEMENT", source: i % 2 ? "job" : null, balanceAfter: 10 - i, createdAt: new Date(start + i * MINUTE_MS) },
      });
    }
    const page = await accountLoader(routeArgs(getRequest("/account", { cookie })));
    const before = await separateOverview(user.id);
    expect({ profile: page.profile, recent: page.recent }).toEqual(before);
    expect(page.recent.map((entry) => entry.amount)).toEqual([-7, -6, -5, -4, -3]);
    expect(page.profile.referralCode).toBe(user.referralCode);
    expect(page.user).toEqual(await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { id: true, name: true, email: true, image: true, role: true, emailVerified: true } }));
  });

  it("lists entries of the same instant as the token history does (the later id first), and a new account's welcome entry alone", async () => {
    const fresh = await makeUser();
    const freshPage = await accountLoader(routeArgs(getRequest("/account", { cookie: (await signIn(fresh.id)).cookie })));
    expect(freshPage.recent).toEqual((await separateOverview(fresh.id)).recent);
    expect(freshPage.recent).toHaveLength(1);
    expect(freshPage.recent[0]).toMatchObject({ type: "EARN_BONUS", source: "signup" });

    const user = await makeUser();
    const at = new Date(Date.now() + MINUTE_MS);
    await prisma.tokenTransaction.createMany({
      data: [
        { id: "c-same-instant-a", userId: user.id, amount: 1, type: "EARN_REGENERATION", balanceAfter: 9, createdAt: at },
        { id: "c-same-instant-b", userId: user.id, amount: -2, type: "SPEND_ENHANCEMENT", balanceAfter: 7, createdAt: at },
      ],
    });
    const page = await accountLoader(routeArgs(getRequest("/account", { cookie: (await signIn(user.id)).cookie })));
    expect(page.recent.slice(0, 2).map((entry) => entry.id)).toEqual(["c-same-instant-b", "c-same-instant-a"]);
  });
});

describe("a page request through the request handler", () => {
  /** The root and account routes in Remix's own request handling; the document is the loaders' data as JSON. */
  function accountApp() {
    const route = (id: string, parentId: string | undefined, path: string, module: Record<string, unknown>) => ({ id, parentId, path, index: undefined, caseSensitive: undefined, module });
    const build = {
      mode: "production",
      entry: { module: { default: (_request: Request, status: number, headers: Headers, context: { staticHandlerContext: { loaderData: unknown } }) => new Response(JSON.stringify(context.staticHandlerContext.loaderData), { status, headers }) } },
      // A module with a component is a page (one without is a resource route, answered by its loader alone).
      routes: { root: route("root", undefined, "", { loader: rootLoader, default: () => null }), "routes/account": route("routes/account", "root", "account", { loader: accountLoader, default: () => null }) },
      assets: {
        entry: { imports: [], module: "/entry.client.js" },
        routes: {
          root: { id: "root", path: "", module: "/root.js", hasAction: false, hasLoader: true, hasClientAction: false, hasClientLoader: false, hasErrorBoundary: false },
          "routes/account": { id: "routes/account", parentId: "root", path: "account", module: "/account.js", hasAction: false, hasLoader: true, hasClientAction: false, hasClientLoader: false, hasErrorBoundary: false },
        },
        url: "/manifest.js",
        version: "test",
      },
      publicPath: "/build/",
      assetsBuildDirectory: "build",
      future: { v3_singleFetch: true },
      isSpaMode: false,
    };
    return createRequestHandler(build as unknown as ServerBuild, "production");
  }

  it("finds the session once for the root and route loaders together, for the page and for its data", async () => {
    const user = await makeUser({ name: "Handler" });
    const { cookie } = await signIn(user.id);
    const handle = accountApp();

    const sent = countStatements();
    const page = await handle(getRequest("/account", { cookie }));
    expect(page.status).toBe(200);
    const data = (await page.json()) as { root: { user: { id: string } }; "routes/account": { user: { id: string } } };
    expect(data.root.user.id).toBe(user.id);
    expect(data["routes/account"].user.id).toBe(user.id);
    expect(sent.filter((name) => name === "session_lookup")).toHaveLength(1);
    expect(sent).toHaveLength(2);

    // A client-side navigation asks for both routes' data in one request.
    sent.length = 0;
    const navigation = await handle(getRequest("/account.data?_routes=root,routes/account", { cookie }));
    expect(navigation.status).toBe(200);
    expect(await navigation.text()).toContain(user.id);
    expect(sent.filter((name) => name === "session_lookup")).toHaveLength(1);
    expect(sent).toHaveLength(2);
  });
});
