/**
 * Boxes for agent task tests: a user's box marked RUNNING whose runtime row points at a test
 * chromium's DevTools port, so the worker reaches it exactly as it reaches a real box. Import only
 * from test files (after test/setup-database.ts has set the environment).
 */
import { prisma } from "../app/.server/platform/db.server.ts";
import { encryptSecret } from "../app/.server/platform/crypto.server.ts";
import { makeUser } from "./fixtures.ts";

export async function makeRunningBox(options: { cdpPort: number; userId?: string; running?: boolean }) {
  const userId = options.userId ?? (await makeUser()).id;
  const running = options.running ?? true;
  const box = await prisma.box.create({ data: { name: "Agent test box", userId, status: running ? "RUNNING" : "STOPPED" } });
  if (running) {
    const now = new Date();
    await prisma.boxRuntimeRow.create({
      data: {
        boxId: box.id,
        provider: "local",
        host: "127.0.0.1",
        vncPort: 5_999,
        vncPasswordEncrypted: encryptSecret("testpass"),
        cdpPort: options.cdpPort,
        handle: {},
        startedAt: now,
        paidUntil: new Date(now.getTime() + 3_600_000),
      },
    });
  }
  return { userId, boxId: box.id };
}
