import { describe, expect, it } from "vitest";
import { prisma } from "../platform/db.server.ts";
import { safeRedirect } from "../auth/guards.server.ts";
import { changeRole } from "./users.server.ts";
import { loader as adminLayoutLoader } from "../../routes/admin.tsx";
import { action as adminUsersAction, loader as adminUsersLoader } from "../../routes/admin._index.tsx";
import { loader as auditLoader } from "../../routes/admin.audit.tsx";
import { action as userAction } from "../../routes/admin.users.$id.tsx";
import { formRequest, getRequest, routeArgs, run } from "../../../test/request.ts";
import { makeUser, signIn, uniqueEmail } from "../../../test/fixtures.ts";

async function browserOf(role: "USER" | "ADMIN" | "SUPER_ADMIN") {
  const user = await makeUser({ role, email: uniqueEmail(role.toLowerCase()) });
  return { user, ...(await signIn(user.id)) };
}

describe("the admin area guard", () => {
  it("sends an anonymous visitor to sign in, remembering where they were going", async () => {
    const layout = await run(() => adminLayoutLoader(routeArgs(getRequest("/admin?q=bob&page=2"))));
    expect(layout.thrown).toBe(true);
    expect(layout.status).toBe(302);
    expect(layout.location).toBe(`/login?redirectTo=${encodeURIComponent("/admin?q=bob&page=2")}`);
    const users = await run(() => adminUsersLoader(routeArgs(getRequest("/admin"))));
    expect(users.location).toBe("/login?redirectTo=%2Fadmin");
  });

  it("answers 403 to a signed-in USER on every admin loader and action", async () => {
    const { cookie } = await browserOf("USER");
    for (const call of [
      () => adminLayoutLoader(routeArgs(getRequest("/admin", { cookie }))),
      () => adminUsersLoader(routeArgs(getRequest("/admin", { cookie }))),
      () => auditLoader(routeArgs(getRequest("/admin/audit", { cookie }))),
    ]) {
      const result = await run(call);
      expect(result.status).toBe(403);
      expect(result.body).toBe("You need more permissions to open this page.");
    }
    const victim = await makeUser();
    const attempt = await run(() => adminUsersAction(routeArgs(formRequest("/admin", { userId: victim.id, role: "ADMIN" }, { cookie }))));
    expect(attempt.status).toBe(403);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: victim.id } })).role).toBe("USER");
  });
});

describe("managing users as an admin", () => {
  it("lets an ADMIN search users but not change roles", async () => {
    const { cookie } = await browserOf("ADMIN");
    const target = await makeUser({ name: "Findable Person", email: uniqueEmail("findable") });
    const layout = await run(() => adminLayoutLoader(routeArgs(getRequest("/admin", { cookie }))));
    expect(layout.status).toBe(200);

    const page = await run(() => adminUsersLoader(routeArgs(getRequest("/admin?q=findable", { cookie }))));
    expect(page.body).toMatchObject({ total: 1, canChangeRoles: false, q: "findable" });
    expect(page.body.users[0]).toMatchObject({ id: target.id, email: target.email, tokenBalance: { balance: 10, tier: "FREE" } });

    const attempt = await run(() => adminUsersAction(routeArgs(formRequest("/admin", { userId: target.id, role: "ADMIN" }, { cookie }))));
    expect(attempt.status).toBe(403);
    expect(attempt.message).toBe("Only a super admin can change roles.");
    expect((await prisma.user.findUniqueOrThrow({ where: { id: target.id } })).role).toBe("USER");
    expect(await prisma.auditLog.count({ where: { targetId: target.id } })).toBe(0);
  });

  it("lets a SUPER_ADMIN change a role, writing an audit entry with from and to", async () => {
    const admin = await browserOf("SUPER_ADMIN");
    const target = await makeUser();
    const result = await run(() =>
      adminUsersAction(routeArgs(formRequest("/admin", { userId: target.id, role: "ADMIN" }, { cookie: admin.cookie, ip: "192.0.2.44" }))),
    );
    expect(result.status).toBe(200);
    expect(result.message).toBe("Role changed to ADMIN.");
    expect((await prisma.user.findUniqueOrThrow({ where: { id: target.id } })).role).toBe("ADMIN");

    const entries = await prisma.auditLog.findMany({ where: { targetId: target.id } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: "ROLE_CHANGE",
      userId: admin.user.id,
      ipAddress: "192.0.2.44",
      metadata: { email: target.email, from: "USER", to: "ADMIN" },
    });

    // The promoted user can now open the admin area.
    const promoted = await signIn(target.id);
    expect((await run(() => adminUsersLoader(routeArgs(getRequest("/admin", { cookie: promoted.cookie }))))).status).toBe(200);

    // The audit page shows the change to admins.
    const audit = await run(() => auditLoader(routeArgs(getRequest("/admin/audit", { cookie: admin.cookie }))));
    expect(JSON.stringify(audit.body)).toContain(target.id);
  });

  it("writes no audit entry when the role is already the requested one", async () => {
    const admin = await browserOf("SUPER_ADMIN");
    const target = await makeUser();
    const result = await run(() => adminUsersAction(routeArgs(formRequest("/admin", { userId: target.id, role: "USER" }, { cookie: admin.cookie }))));
    expect(result.status).toBe(200);
    expect(result.message).toBe("Role changed to USER.");
    expect(await prisma.auditLog.count({ where: { targetId: target.id } })).toBe(0);
  });

  it("does not let a SUPER_ADMIN change their own role", async () => {
    const admin = await browserOf("SUPER_ADMIN");
    const result = await run(() => adminUsersAction(routeArgs(formRequest("/admin", { userId: admin.user.id, role: "USER" }, { cookie: admin.cookie }))));
    expect(result.status).toBe(400);
    expect(result.message).toBe("You can't change your own role. Ask another super admin.");
    expect((await prisma.user.findUniqueOrThrow({ where: { id: admin.user.id } })).role).toBe("SUPER_ADMIN");
    expect(await prisma.auditLog.count({ where: { userId: admin.user.id } })).toBe(0);
  });

  it("answers 404 for a user that no longer exists and 400 for an unknown role", async () => {
    const admin = await browserOf("SUPER_ADMIN");
    const missing = await run(() => adminUsersAction(routeArgs(formRequest("/admin", { userId: "no-such-user", role: "ADMIN" }, { cookie: admin.cookie }))));
    expect(missing.status).toBe(404);
    expect(missing.message).toBe("That user no longer exists.");
    const target = await makeUser();
    const badRole = await run(() => adminUsersAction(routeArgs(formRequest("/admin", { userId: target.id, role: "OWNER" }, { cookie: admin.cookie }))));
    expect(badRole.status).toBe(400);
    expect(badRole.message).toBe("Choose a user and a role.");
    expect((await prisma.user.findUniqueOrThrow({ where: { id: target.id } })).role).toBe("USER");
  });

  it("checks the actor's role, not what the request claims", async () => {
    const admin = await makeUser({ role: "ADMIN" });
    const target = await makeUser();
    await expect(changeRole({ id: admin.id, role: "ADMIN" }, target.id, "SUPER_ADMIN", null)).rejects.toMatchObject({ status: 403, message: "Only a super admin can change roles." });
  });
});

describe("safeRedirect", () => {
  it("keeps internal paths and refuses anything that leaves the site", () => {
    expect(safeRedirect("/settings?tab=1")).toBe("/settings?tab=1");
    expect(safeRedirect("//evil.com")).toBe("/account");
    expect(safeRedirect("//evil.com/path")).toBe("/account");
    expect(safeRedirect("/\\evil.com")).toBe("/account");
    expect(safeRedirect("https://evil.com")).toBe("/account");
    expect(safeRedirect("javascript:alert(1)")).toBe("/account");
    expect(safeRedirect("evil.com")).toBe("/account");
    expect(safeRedirect(null)).toBe("/account");
    expect(safeRedirect("https://evil.com", "/")).toBe("/");
  });

  it("refuses paths that browsers would turn into another site by dropping tabs or newlines", () => {
    expect(new URL("/\t/evil.com", "https://spike.land").host).toBe("evil.com");
    expect(safeRedirect("/\t/evil.com")).toBe("/account");
    expect(safeRedirect("/\n/evil.com")).toBe("/account");
    expect(safeRedirect("/\r\n/evil.com")).toBe("/account");
    expect(safeRedirect("/%09/evil.com")).toBe("/%09/evil.com");
  });
});

describe("an admin deleting an account", () => {
  const deleteAs = (cookie: string, userId: string, confirmEmail: string) =>
    run(() => userAction(routeArgs(formRequest(`/admin/users/${userId}`, { intent: "delete", confirmEmail }, { cookie, ip: "192.0.2.9" }), { id: userId })));

  it("deletes a user once their email is typed, and records who did it in the audit log", async () => {
    const admin = await browserOf("ADMIN");
    const customer = await makeUser();
    const album = await prisma.album.create({ data: { userId: customer.id, name: "Holiday" } });

    const mistyped = await deleteAs(admin.cookie, customer.id, "someone-else@example.com");
    expect(mistyped.status).toBe(400);
    expect(mistyped.body.result.error).toEqual({ confirmEmail: ["Type the account's email address exactly to confirm."] });
    expect(await prisma.user.count({ where: { id: customer.id } })).toBe(1);

    const done = await deleteAs(admin.cookie, customer.id, customer.email!.toUpperCase());
    expect(done.status).toBe(302);
    expect(done.location).toBe(`/admin?deleted=${encodeURIComponent(customer.email!)}`);
    expect(await prisma.user.count({ where: { id: customer.id } })).toBe(0);
    expect(await prisma.album.count({ where: { id: album.id } })).toBe(0);
    const entry = await prisma.auditLog.findFirstOrThrow({ where: { userId: admin.user.id } });
    expect(entry).toMatchObject({ action: "USER_DELETE", targetId: customer.id, ipAddress: "192.0.2.9", metadata: { event: "account.delete", role: "USER" } });

    const list = await run(() => adminUsersLoader(routeArgs(getRequest(`/admin?deleted=${encodeURIComponent(customer.email!)}`, { cookie: admin.cookie }))));
    expect(list.body.deleted).toBe(customer.email);
  });

  it("leaves admin accounts to a super admin, and one's own account to their settings", async () => {
    const admin = await browserOf("ADMIN");
    const other = await makeUser({ role: "ADMIN" });
    const refused = await deleteAs(admin.cookie, other.id, other.email!);
    expect(refused.status).toBe(403);
    expect(refused.body.result.error).toEqual({ "": ["Only a super admin can delete an admin's account."] });
    const self = await deleteAs(admin.cookie, admin.user.id, admin.user.email!);
    expect(self.status).toBe(400);
    expect(await prisma.user.count({ where: { id: { in: [other.id, admin.user.id] } } })).toBe(2);

    const superAdmin = await browserOf("SUPER_ADMIN");
    expect((await deleteAs(superAdmin.cookie, other.id, other.email!)).status).toBe(302);
    expect(await prisma.user.count({ where: { id: other.id } })).toBe(0);
  });

  it("is refused to a USER", async () => {
    const { cookie } = await browserOf("USER");
    const customer = await makeUser();
    expect((await deleteAs(cookie, customer.id, customer.email!)).status).toBe(403);
    expect(await prisma.user.count({ where: { id: customer.id } })).toBe(1);
  });
});
