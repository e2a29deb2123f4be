import { describe, expect, it } from "vitest";
import { prisma } from "../.server/platform/db.server.ts";
import { action, loader } from "./admin.vouchers.tsx";
import { formRequest, getRequest, routeArgs, run } from "../../test/request.ts";
import { makeUser, signIn } from "../../test/fixtures.ts";

async function admin() {
  const user = await makeUser({ role: "ADMIN" });
  return { user, ...(await signIn(user.id)) };
}

function post(cookie: string, fields: Record<string, string>) {
  return run(() => action(routeArgs(formRequest("/admin/vouchers", fields, { cookie, ip: "192.0.2.44" }))));
}

let counter = 0;
function freshCode(): string {
  counter += 1;
  return `admin-code-${counter}-${Math.floor(Math.random() * 1e6)}`;
}

const NEW_VOUCHER = { intent: "create", type: "FIXED_TOKENS", value: "25", maxUses: "", expiresAt: "", status: "ACTIVE", planId: "" };

describe("the admin vouchers page", () => {
  it("is for admins only", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    const page = await run(() => loader(routeArgs(getRequest("/admin/vouchers", { cookie }))));
    expect(page.status).toBe(403);
    const created = await post(cookie, { ...NEW_VOUCHER, code: freshCode() });
    expect(created.status).toBe(403);
  });

  it("lists vouchers with their uses", async () => {
    const { cookie } = await admin();
    const voucher = await prisma.voucher.create({ data: { code: freshCode().toUpperCase(), type: "FIXED_TOKENS", value: 5, maxUses: 9, currentUses: 4 } });
    const page = await run(() => loader(routeArgs(getRequest("/admin/vouchers", { cookie }))));
    const row = page.body.vouchers.find((v: { id: string }) => v.id === voucher.id);
    expect(row).toMatchObject({ code: voucher.code, currentUses: 4, maxUses: 9, status: "ACTIVE", description: "5 tokens" });
  });

  it("opens a voucher for editing, and says when it no longer exists", async () => {
    const { cookie } = await admin();
    const voucher = await prisma.voucher.create({ data: { code: freshCode().toUpperCase(), type: "SUBSCRIPTION_TRIAL", value: 7, metadata: { planId: "plan_hobby" } } });
    const page = await run(() => loader(routeArgs(getRequest(`/admin/vouchers?edit=${voucher.id}`, { cookie }))));
    expect(page.body.editing).toMatchObject({ id: voucher.id, planId: "plan_hobby", description: "a 7-day Hobby trial", redemptions: [] });
    const missing = await run(() => loader(routeArgs(getRequest("/admin/vouchers?edit=nope", { cookie }))));
    expect(missing.status).toBe(404);
    expect(missing.body).toBe("That voucher no longer exists.");
  });
});

describe("creating a voucher", () => {
  it("saves it with the code upper-cased and writes the audit entry", async () => {
    const { user, cookie } = await admin();
    const code = freshCode();
    const result = await post(cookie, { ...NEW_VOUCHER, code: `  ${code} `, maxUses: "100", expiresAt: "2099-01-31T12:00" });
    expect(result.status).toBe(200);
    expect(result.message).toBe(`Voucher ${code.toUpperCase()} created.`);
    const voucher = await prisma.voucher.findUniqueOrThrow({ where: { code: code.toUpperCase() } });
    expect(voucher).toMatchObject({ type: "FIXED_TOKENS", value: 25, maxUses: 100, currentUses: 0, status: "ACTIVE", metadata: null });
    expect(voucher.expiresAt?.toISOString()).toBe("2099-01-31T12:00:00.000Z");
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "VOUCHER_CREATE", targetId: voucher.id } });
    expect(audit).toMatchObject({ userId: user.id, ipAddress: "192.0.2.44" });
    expect(audit.metadata).toMatchObject({ code: code.toUpperCase(), value: 25, maxUses: 100 });
  });

  it("stores the plan of a trial voucher", async () => {
    const { cookie } = await admin();
    const code = freshCode().toUpperCase();
    await post(cookie, { ...NEW_VOUCHER, code, type: "SUBSCRIPTION_TRIAL", value: "14", planId: "plan_studio" });
    expect((await prisma.voucher.findUniqueOrThrow({ where: { code } })).metadata).toEqual({ planId: "plan_studio" });
  });

  it("explains invalid fields and saves nothing", async () => {
    const { cookie } = await admin();
    const result = await post(cookie, { ...NEW_VOUCHER, code: "no spaces", type: "SUBSCRIPTION_TRIAL", value: "0", maxUses: "-2" });
    expect(result.status).toBe(400);
    expect(result.body.result.error).toMatchObject({
      code: ["Use only letters, digits, dashes and underscores"],
      value: ["Enter at least 1"],
      maxUses: ["Allow at least 1 use, or leave it empty for unlimited"],
      planId: ["Choose the plan the trial gives"],
    });
    expect(await prisma.voucher.count({ where: { code: "NO SPACES" } })).toBe(0);
  });

  it("refuses a code that is taken, next to the code field", async () => {
    const { cookie } = await admin();
    const code = freshCode().toUpperCase();
    await post(cookie, { ...NEW_VOUCHER, code });
    const again = await post(cookie, { ...NEW_VOUCHER, code: code.toLowerCase() });
    expect(again.status).toBe(409);
    expect(again.body.result.error.code).toEqual([`A voucher with the code ${code} already exists. Choose another code.`]);
  });

  it("refuses an ACTIVE voucher that has already expired", async () => {
    const { cookie } = await admin();
    const result = await post(cookie, { ...NEW_VOUCHER, code: freshCode(), expiresAt: "2020-01-01T00:00" });
    expect(result.status).toBe(400);
    expect(result.body.result.error.expiresAt).toEqual(["An active voucher needs an expiry in the future, or none"]);
  });
});

describe("editing a voucher", () => {
  it("saves the changes and audits before and after", async () => {
    const { cookie } = await admin();
    const voucher = await prisma.voucher.create({ data: { code: freshCode().toUpperCase(), type: "FIXED_TOKENS", value: 5, maxUses: 3, currentUses: 3, status: "DEPLETED" } });
    const result = await post(cookie, { ...NEW_VOUCHER, intent: "update", id: voucher.id, code: voucher.code, value: "6", maxUses: "10", status: "ACTIVE" });
    expect(result.status).toBe(200);
    expect(result.message).toBe(`Voucher ${voucher.code} saved.`);
    expect(await prisma.voucher.findUniqueOrThrow({ where: { id: voucher.id } })).toMatchObject({ value: 6, maxUses: 10, currentUses: 3, status: "ACTIVE" });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "VOUCHER_UPDATE", targetId: voucher.id } });
    expect(audit.metadata).toMatchObject({ before: { value: 5, maxUses: 3, status: "DEPLETED" }, after: { value: 6, maxUses: 10, status: "ACTIVE" } });
  });

  it("will not set maxUses below the uses already taken", async () => {
    const { cookie } = await admin();
    const voucher = await prisma.voucher.create({ data: { code: freshCode().toUpperCase(), type: "FIXED_TOKENS", value: 5, maxUses: 10, currentUses: 4 } });
    const result = await post(cookie, { ...NEW_VOUCHER, intent: "update", id: voucher.id, code: voucher.code, maxUses: "2", status: "INACTIVE" });
    expect(result.status).toBe(400);
    expect(result.body.result.error.maxUses).toEqual(["This voucher has already been used 4 times; allow at least that many"]);
    expect((await prisma.voucher.findUniqueOrThrow({ where: { id: voucher.id } })).maxUses).toBe(10);
  });

  it("says when the voucher is gone", async () => {
    const { cookie } = await admin();
    const result = await post(cookie, { ...NEW_VOUCHER, intent: "update", id: "missing", code: freshCode() });
    expect(result.status).toBe(404);
    expect(result.message).toBe("That voucher no longer exists.");
  });
});

describe("deactivating and deleting", () => {
  it("deactivates and reactivates, auditing each change", async () => {
    const { cookie } = await admin();
    const voucher = await prisma.voucher.create({ data: { code: freshCode().toUpperCase(), type: "FIXED_TOKENS", value: 5 } });
    const off = await post(cookie, { intent: "deactivate", id: voucher.id });
    expect(off.status).toBe(200);
    expect(off.message).toBe(`Voucher ${voucher.code} deactivated: it can no longer be redeemed.`);
    expect((await prisma.voucher.findUniqueOrThrow({ where: { id: voucher.id } })).status).toBe("INACTIVE");
    const on = await post(cookie, { intent: "activate", id: voucher.id });
    expect(on.status).toBe(200);
    expect(on.message).toBe(`Voucher ${voucher.code} is active again.`);
    const audits = await prisma.auditLog.findMany({ where: { action: "VOUCHER_UPDATE", targetId: voucher.id }, orderBy: { createdAt: "asc" } });
    expect(audits.map((a) => a.metadata)).toEqual([
      { event: "voucher.deactivate", code: voucher.code, from: "ACTIVE", to: "INACTIVE" },
      { event: "voucher.activate", code: voucher.code, from: "INACTIVE", to: "ACTIVE" },
    ]);
  });

  it("won't reactivate a voucher with no uses left", async () => {
    const { cookie } = await admin();
    const voucher = await prisma.voucher.create({ data: { code: freshCode().toUpperCase(), type: "FIXED_TOKENS", value: 5, maxUses: 2, currentUses: 2, status: "INACTIVE" } });
    const result = await post(cookie, { intent: "activate", id: voucher.id });
    expect(result.status).toBe(400);
    expect(result.message).toContain(`${voucher.code} can't be reactivated as it is.`);
  });

  it("deletes an unredeemed voucher, and keeps a redeemed one", async () => {
    const { cookie } = await admin();
    const unused = await prisma.voucher.create({ data: { code: freshCode().toUpperCase(), type: "FIXED_TOKENS", value: 5 } });
    const used = await prisma.voucher.create({ data: { code: freshCode().toUpperCase(), type: "FIXED_TOKENS", value: 5, currentUses: 1 } });
    const deleted = await post(cookie, { intent: "delete", id: unused.id });
    expect(deleted.status).toBe(200);
    expect(deleted.message).toBe(`Voucher ${unused.code} deleted.`);
    expect(await prisma.voucher.count({ where: { id: unused.id } })).toBe(0);
    expect(await prisma.auditLog.count({ where: { action: "VOUCHER_DELETE", targetId: unused.id } })).toBe(1);
    const refused = await post(cookie, { intent: "delete", id: used.id });
    expect(refused.status).toBe(409);
    expect(refused.message).toBe(`${used.code} has been redeemed 1 time, so it is kept for the record. Deactivate it instead.`);
  });

  it("asks for a voucher and an action", async () => {
    const { cookie } = await admin();
    const result = await post(cookie, { intent: "explode" });
    expect(result.status).toBe(400);
    expect(result.message).toBe("Choose a voucher and what to do with it.");
  });
});
