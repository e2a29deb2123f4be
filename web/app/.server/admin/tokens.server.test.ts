import { describe, expect, it } from "vitest";
import { prisma } from "../platform/db.server.ts";
import { action, loader } from "../../routes/admin.users.$id.tsx";
import { loader as tokensLoader } from "../../routes/tokens.tsx";
import { formRequest, getRequest, routeArgs, run } from "../../../test/request.ts";
import { makeUser, signIn } from "../../../test/fixtures.ts";

async function adjustAs(cookie: string, userId: string, fields: Record<string, string>) {
  return run(() => action(routeArgs(formRequest(`/admin/users/${userId}`, { intent: "adjust", ...fields }, { cookie }), { id: userId })));
}

describe("admin token adjustments", () => {
  it("changes the balance with a reason the user sees, and audits it", async () => {
    const admin = await makeUser({ role: "ADMIN" });
    const customer = await makeUser();
    const { cookie } = await signIn(admin.id);
    const done = await adjustAs(cookie, customer.id, { delta: "25", reason: "Sorry about the failed job" });
    expect(done.status).toBe(200);
    expect(done.message).toBe("Balance is now 35 tokens.");

    const entry = await prisma.tokenTransaction.findFirstOrThrow({ where: { userId: customer.id, type: "EARN_ADMIN_ADJUSTMENT" } });
    expect(entry).toMatchObject({ amount: 25, balanceAfter: 35 });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "TOKEN_ADJUSTMENT", targetId: customer.id } });
    expect(audit).toMatchObject({ userId: admin.id, metadata: { delta: 25, reason: "Sorry about the failed job", balanceAfter: 35 } });

    const own = await signIn(customer.id);
    const page = await run(() => tokensLoader(routeArgs(getRequest("/tokens", { cookie: own.cookie }))));
    const body = page.body as { balance: { balance: number }; entries: Array<{ description: string; amount: number }> };
    expect(body.balance.balance).toBe(35);
    expect(body.entries[0]).toMatchObject({ amount: 25, description: "Sorry about the failed job" });
  });

  it("refuses a missing reason, zero, or taking the balance below zero, and changes nothing", async () => {
    const admin = await makeUser({ role: "ADMIN" });
    const customer = await makeUser();
    const { cookie } = await signIn(admin.id);
    const noReason = await adjustAs(cookie, customer.id, { delta: "5", reason: "" });
    expect(noReason.status).toBe(400);
    expect(noReason.fieldErrors.reason).toEqual(["Say why, so the user and other admins can see it"]);
    const shortReason = await adjustAs(cookie, customer.id, { delta: "5", reason: "oops" });
    expect(shortReason.fieldErrors.reason).toEqual(["Say why in a few words (at least 5 characters)"]);
    expect((await adjustAs(cookie, customer.id, { delta: "0", reason: "nothing at all" })).status).toBe(400);
    const tooMuch = await adjustAs(cookie, customer.id, { delta: "-11", reason: "Chargeback on a pack" });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.message).toBe("That would take the balance below zero: it is 10.");
    expect(await prisma.tokenTransaction.count({ where: { userId: customer.id } })).toBe(1);
    expect(await prisma.auditLog.count({ where: { targetId: customer.id } })).toBe(0);

    const gone = await adjustAs(cookie, "no-such-user", { delta: "5", reason: "Goodwill credit" });
    expect(gone.status).toBe(404);
    expect(gone.message).toBe("That user no longer exists.");
    const page = await run(() => loader(routeArgs(getRequest("/admin/users/no-such-user", { cookie }), { id: "no-such-user" })));
    expect(page.status).toBe(404);
    expect(page.body).toBe("That user no longer exists.");
  });

  it("is for admins only", async () => {
    const user = await makeUser();
    const other = await makeUser();
    const { cookie } = await signIn(user.id);
    const denied = await adjustAs(cookie, other.id, { delta: "100", reason: "free tokens please" });
    expect(denied.status).toBe(403);
    const view = await run(() => loader(routeArgs(getRequest(`/admin/users/${other.id}`, { cookie }), { id: other.id })));
    expect(view.status).toBe(403);
    expect(await prisma.tokenTransaction.count({ where: { userId: other.id } })).toBe(1);
  });
});
