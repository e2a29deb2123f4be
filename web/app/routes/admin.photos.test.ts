import { describe, expect, it } from "vitest";
import { prisma } from "../.server/platform/db.server.ts";
import { action, loader } from "./admin.photos.tsx";
import { formRequest, getRequest, routeArgs, run } from "../../test/request.ts";
import { makeUser, signIn } from "../../test/fixtures.ts";

async function photo(userId: string) {
  return prisma.enhancedImage.create({
    data: { userId, name: "Dog", originalUrl: "", originalR2Key: `images/${userId}/d/original.jpg`, originalWidth: 10, originalHeight: 10, originalSizeBytes: 1, originalFormat: "jpeg", isPublic: true, shareToken: `t-${userId}` },
  });
}

describe("the admin photos page", () => {
  it("is for admins only", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    const image = await photo(user.id);
    expect((await run(() => loader(routeArgs(getRequest("/admin/photos", { cookie }))))).status).toBe(403);
    const attempt = await run(() => action(routeArgs(formRequest("/admin/photos", { intent: "unpublish", imageId: image.id }, { cookie }))));
    expect(attempt.status).toBe(403);
    expect((await prisma.enhancedImage.findUniqueOrThrow({ where: { id: image.id } })).isPublic).toBe(true);
  });

  it("lists uploads and unpublishes one, with an audit entry", async () => {
    const admin = await makeUser({ role: "ADMIN" });
    const { cookie } = await signIn(admin.id);
    const owner = await makeUser();
    const image = await photo(owner.id);
    const page = await run(() => loader(routeArgs(getRequest("/admin/photos", { cookie }))));
    expect(page.body.photos.find((row: { id: string }) => row.id === image.id)).toMatchObject({ isPublic: true, shared: true });
    const result = await run(() => action(routeArgs(formRequest("/admin/photos", { intent: "unpublish", imageId: image.id }, { cookie }))));
    expect(result.status).toBe(200);
    expect(result.message).toBe("“Dog” is private again and its share link no longer works.");
    expect(await prisma.enhancedImage.findUniqueOrThrow({ where: { id: image.id } })).toMatchObject({ isPublic: false, shareToken: null });
    expect(await prisma.auditLog.count({ where: { userId: admin.id, targetId: owner.id } })).toBe(1);
  });

  it("answers bad input and missing photos clearly", async () => {
    const admin = await makeUser({ role: "ADMIN" });
    const { cookie } = await signIn(admin.id);
    const bad = await run(() => action(routeArgs(formRequest("/admin/photos", { intent: "burn", imageId: "x" }, { cookie }))));
    expect(bad.status).toBe(400);
    expect(bad.message).toBe("Choose a photo and what to do with it.");
    const missing = await run(() => action(routeArgs(formRequest("/admin/photos", { intent: "delete", imageId: "missing" }, { cookie }))));
    expect(missing.status).toBe(404);
    expect(missing.message).toBe("That photo no longer exists.");
  });
});
