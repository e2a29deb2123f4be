/**
 * The audit log: every entry names its precise event in metadata.event; sign-ins (and failed ones),
 * album deletions and admin changes are recorded; /admin/audit shows and filters by event, for admins only.
 */
import { describe, expect, it } from "vitest";
import { prisma } from "../.server/platform/db.server.ts";
import { AUDIT_EVENTS, recordAudit } from "../.server/platform/audit.server.ts";
import { signInWithPassword } from "../.server/accounts/flows.server.ts";
import { createAlbum, deleteAlbum } from "../.server/albums/albums.server.ts";
import { adjustTokens } from "../.server/admin/tokens.server.ts";
import { makeUser, PASSWORD, signIn, uniqueIp } from "../../test/fixtures.ts";
import { getRequest, routeArgs, run } from "../../test/request.ts";
import { loader } from "./admin.audit.tsx";

const eventsOf = async (userId: string) =>
  (await prisma.auditLog.findMany({ where: { userId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map((row) => ({ action: row.action, event: (row.metadata as { event?: string }).event }));

describe("what is recorded", () => {
  it("records a password sign-in, and a failed one on the account it tried; an admin's sign-in is an ADMIN_LOGIN", async () => {
    const user = await makeUser();
    const ip = uniqueIp();
    await expect(signInWithPassword(user.email!, "not-the-password", ip)).rejects.toThrow();
    await signInWithPassword(user.email!, PASSWORD, ip);
    expect(await eventsOf(user.id)).toEqual([
      { action: "USER_UPDATE", event: "auth.sign_in_failed" },
      { action: "USER_UPDATE", event: "auth.sign_in" },
    ]);
    const entry = await prisma.auditLog.findFirstOrThrow({ where: { userId: user.id, metadata: { path: ["event"], equals: "auth.sign_in" } } });
    expect(entry).toMatchObject({ targetId: user.id, ipAddress: ip, metadata: { event: "auth.sign_in", method: "password" } });

    const admin = await makeUser({ role: "ADMIN" });
    await signInWithPassword(admin.email!, PASSWORD, uniqueIp());
    expect(await eventsOf(admin.id)).toEqual([{ action: "ADMIN_LOGIN", event: "auth.sign_in" }]);
  });

  it("records an album's deletion by its owner", async () => {
    const user = await makeUser();
    const album = await createAlbum(user.id, { name: "Holiday" });
    await deleteAlbum(user.id, album.id);
    const entry = await prisma.auditLog.findFirstOrThrow({ where: { userId: user.id, targetId: album.id } });
    expect(entry).toMatchObject({ action: "USER_UPDATE", metadata: { event: "album.delete", name: "Holiday" } });
  });

  it("names the event on admin changes kept under their own action", async () => {
    const admin = await makeUser({ role: "ADMIN" });
    const user = await makeUser();
    await adjustTokens(admin, user.id, 5, "Goodwill gesture", "192.0.2.9");
    expect(await eventsOf(admin.id)).toEqual([{ action: "TOKEN_ADJUSTMENT", event: "tokens.adjust" }]);
  });

  it("keeps the event over a metadata key of the same name", async () => {
    const user = await makeUser();
    const entry = await recordAudit(prisma, { actorId: user.id, action: "USER_UPDATE", event: "photo.delete", metadata: { event: "something else", imageId: "i1" } });
    expect(entry.metadata).toEqual({ event: "photo.delete", imageId: "i1" });
  });
});

describe("the audit page", () => {
  it("is for admins only", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    expect((await run(() => loader(routeArgs(getRequest("/admin/audit", { cookie }))))).status).toBe(403);
    expect((await run(() => loader(routeArgs(getRequest("/admin/audit"))))).status).toBe(302);
  });

  it("filters by one event or a whole area, and ignores an unknown one", async () => {
    const admin = await makeUser({ role: "ADMIN" });
    const { cookie } = await signIn(admin.id);
    const user = await makeUser();
    const album = await createAlbum(user.id, { name: "Filtered" });
    await deleteAlbum(user.id, album.id);
    await signInWithPassword(user.email!, PASSWORD, uniqueIp());

    const byEvent = await run(() => loader(routeArgs(getRequest("/admin/audit?event=album.delete", { cookie }))));
    expect(byEvent.status).toBe(200);
    expect(byEvent.body.event).toBe("album.delete");
    expect(byEvent.body.entries.length).toBeGreaterThan(0);
    expect(byEvent.body.entries.every((e: { metadata: { event: string } }) => e.metadata.event === "album.delete")).toBe(true);
    expect(byEvent.body.entries.some((e: { targetId: string }) => e.targetId === album.id)).toBe(true);

    const byArea = await run(() => loader(routeArgs(getRequest("/admin/audit?event=auth.", { cookie }))));
    expect(byArea.body.entries.length).toBeGreaterThan(0);
    expect(byArea.body.entries.every((e: { metadata: { event: string } }) => e.metadata.event.startsWith("auth."))).toBe(true);

    const unknown = await run(() => loader(routeArgs(getRequest("/admin/audit?event=nope", { cookie }))));
    expect(unknown.body.event).toBeNull();
    expect(unknown.body.events).toEqual([...AUDIT_EVENTS]);
    expect(unknown.body.areas).toContain("merch.");
  });
});
