import { describe, expect, it } from "vitest";
import { prisma, type ReferralStatus } from "../.server/platform/db.server.ts";
import { loader } from "./admin.referrals.tsx";
import { getRequest, routeArgs, run } from "../../test/request.ts";
import { makeUser, signIn } from "../../test/fixtures.ts";

async function referral(status: ReferralStatus) {
  const [referrer, referee] = await Promise.all([makeUser(), makeUser()]);
  return prisma.referral.create({ data: { referrerId: referrer.id, refereeId: referee.id, status, ipAddress: "203.0.113.5" } });
}

async function open(path: string, role: "ADMIN" | "USER" = "ADMIN") {
  const user = await makeUser({ role });
  const { cookie } = await signIn(user.id);
  return run(() => loader(routeArgs(getRequest(path, { cookie }))));
}

describe("the admin referrals list", () => {
  it("is for admins only", async () => {
    expect((await open("/admin/referrals", "USER")).status).toBe(403);
  });

  it("lists every referral with both people, and counts each status", async () => {
    const pending = await referral("PENDING");
    await referral("COMPLETED");
    await referral("INVALID");
    const page = await open("/admin/referrals");
    expect(page.body.total).toBe(3);
    expect(page.body.byStatus).toEqual({ PENDING: 1, COMPLETED: 1, INVALID: 1 });
    const row = page.body.referrals.find((r: { id: string }) => r.id === pending.id);
    expect(row).toMatchObject({ status: "PENDING", ipAddress: "203.0.113.5" });
    expect(row.referrer.email).toMatch(/@example\.com$/);
    expect(row.referee.email).toMatch(/@example\.com$/);
  });

  it("filters by status, ignoring an unknown one", async () => {
    const invalid = await referral("INVALID");
    await referral("COMPLETED");
    const filtered = await open("/admin/referrals?status=INVALID");
    expect(filtered.body.status).toBe("INVALID");
    expect(filtered.body.referrals.map((r: { id: string }) => r.id)).toContain(invalid.id);
    expect(filtered.body.referrals.every((r: { status: string }) => r.status === "INVALID")).toBe(true);
    const unknown = await open("/admin/referrals?status=BOGUS&page=abc");
    expect(unknown.body).toMatchObject({ status: null, page: 1 });
  });
});
