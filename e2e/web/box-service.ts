/**
 * The box service of the server under test, run in a process of its own (the app reads its
 * configuration once per process): `tsx e2e/web/box-service.ts start <email> <name>` makes the
 * account a box through the service, as its page would, and prints `{"boxId"}` once the server's
 * worker has it running; `stop <email> <boxId>` stops it again, since a box's desktop outlives the
 * server that started it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

const [command, email, arg] = process.argv.slice(2);
const dataDir = process.env.E2E_DATA_DIR;
if (!dataDir || !email || !arg || (command !== "start" && command !== "stop")) {
  console.error("usage (with E2E_DATA_DIR set): box-service.ts start <email> <name> | stop <email> <boxId>");
  process.exit(2);
}

const port = readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[3]?.trim();
const secrets = JSON.parse(readFileSync(path.join(dataDir, "secrets.json"), "utf8")) as { SESSION_SECRET: string; ENCRYPTION_KEY: string };
Object.assign(process.env, {
  DATABASE_URL: `postgresql://spike:spike-local@127.0.0.1:${port}/spike_land`,
  APP_ENV: "development",
  DATA_DIR: dataDir,
  ...secrets,
});

const { prisma } = await import("../../web/app/.server/platform/db.server.ts");
const { env } = await import("../../web/app/.server/platform/env.server.ts");
const { startQueue, stopQueue } = await import("../../web/app/.server/platform/queue.server.ts");
const { credit } = await import("../../web/app/.server/tokens/ledger.server.ts");
const { createBox, getBox, listTiers, requestAction } = await import("../../web/app/.server/boxes/boxes.server.ts");

/** Waits for the server's worker to move the box on from a passing status. */
async function settled(userId: string, boxId: string, passing: string[]) {
  for (let waited = 0; waited < 90_000; waited += 500) {
    const box = await getBox(userId, boxId);
    if (!passing.includes(box.status)) return box;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The box ${boxId} did not leave ${passing.join("/")} within 90 s.`);
}

await startQueue(env.DATABASE_URL, { maintenance: false });
try {
  const user = await prisma.user.findUniqueOrThrow({ where: { email } });
  if (command === "start") {
    const [tier] = await listTiers();
    if (!tier) throw new Error("No box sizes are on offer: the catalogue was not seeded.");
    await credit(user.id, tier.tokensPerHour * 2, "EARN_BONUS", { source: "e2e" });
    const { box } = await createBox(user.id, { name: arg, tierId: tier.id });
    const running = await settled(user.id, box.id, ["CREATING", "STARTING"]);
    if (running.status !== "RUNNING") throw new Error(`The box ended ${running.status}: ${running.lastAction?.error ?? "no reason given"}`);
    console.log(JSON.stringify({ boxId: box.id }));
  } else {
    await requestAction(user.id, arg, "STOP");
    await settled(user.id, arg, ["RUNNING", "STOPPING"]);
  }
} finally {
  await stopQueue();
  await prisma.$disconnect();
}
