import { describe, expect, it } from "vitest";
import { prisma } from "../platform/db.server.ts";
import { createUser } from "../accounts/users.server.ts";
import { applyRetention } from "./retention.server.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

describe("retention", () => {
  it("removes what has expired and keeps what is still current", async () => {
    const user = await createUser({ email: "keep@example.com", name: "Keep", password: "a-long-password" });
    const now = Date.now();
    await prisma.session.createMany({
      data: [
        { userId: user.id, sessionToken: "expired", expires: new Date(now - 1000) },
        { userId: user.id, sessionToken: "current", expires: new Date(now + DAY_MS) },
      ],
    });
    await prisma.verificationToken.createMany({
      data: [
        { identifier: "verify-email:x", token: "old", expires: new Date(now - 1000) },
        { identifier: "verify-email:y", token: "new", expires: new Date(now + DAY_MS) },
      ],
    });
    await prisma.errorLog.createMany({
      data: [
        { message: "ancient", environment: "BACKEND", timestamp: new Date(now - 31 * DAY_MS) },
        { message: "recent", environment: "BACKEND", timestamp: new Date(now - 29 * DAY_MS) },
      ],
    });
    const visitor = await prisma.visitorSession.create({ data: { visitorId: "v1", landingPage: "/", sessionStart: new Date(now - 91 * DAY_MS) } });
    await prisma.pageView.create({ data: { sessionId: visitor.id, path: "/", timestamp: new Date(now - 91 * DAY_MS) } });

    const removed = await applyRetention();

    expect(removed).toMatchObject({ sessions: 1, tokens: 1, errors: 1, pageViews: 1, visitors: 1 });
    expect(await prisma.session.findMany({ select: { sessionToken: true } })).toEqual([{ sessionToken: "current" }]);
    expect(await prisma.verificationToken.findMany({ select: { token: true } })).toEqual([{ token: "new" }]);
    expect(await prisma.errorLog.findMany({ select: { message: true } })).toEqual([{ message: "recent" }]);
  });
});
