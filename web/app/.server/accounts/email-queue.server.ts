/**
 * Account emails sent from the job queue instead of inside the request. A forgot-password request
 * only queues a job naming the address, whether or not an account uses it; the worker looks the
 * account up, issues the link and sends it. The request therefore does the same work for every
 * address, and its timing cannot tell anyone which addresses have accounts.
 */
import type PgBoss from "pg-boss";
import { z } from "zod";
import { prisma } from "../platform/db.server.ts";
import { env } from "../platform/env.server.ts";
import { ensureQueue, queue } from "../platform/queue.server.ts";
import { sendEmail } from "../email/send.server.ts";
import { passwordResetEmail } from "../email/templates.server.ts";
import { issueToken } from "./verification.server.ts";

export const ACCOUNT_EMAIL_QUEUE = "account-email";
const RETRIES = 3;

// baseUrl: the origin of the link, taken from the request that asked (absent in jobs queued before it was added).
const accountEmailJob = z.discriminatedUnion("kind", [z.object({ kind: z.literal("password-reset"), email: z.string().min(1), baseUrl: z.url().optional() })]);
export type AccountEmailJob = z.infer<typeof accountEmailJob>;

export async function ensureAccountEmailQueue(boss: PgBoss) {
  await ensureQueue(boss, ACCOUNT_EMAIL_QUEUE, { retryLimit: RETRIES, retryBackoff: true, retryDelay: 10 });
}

export async function enqueueAccountEmail(job: AccountEmailJob) {
  const boss = queue();
  await ensureAccountEmailQueue(boss);
  await boss.send(ACCOUNT_EMAIL_QUEUE, job, { retryLimit: RETRIES, retryBackoff: true, retryDelay: 10 });
}

/** Runs one queued account email. Throws when delivery failed, so the queue tries again. */
export async function processAccountEmail(data: unknown): Promise<"sent" | "no-account"> {
  const job = accountEmailJob.parse(data);
  switch (job.kind) {
    case "password-reset": {
      const user = await prisma.user.findUnique({ where: { email: job.email }, select: { id: true, email: true, name: true } });
      if (!user?.email) return "no-account";
      const token = await issueToken("resetPassword", user.id);
      const url = `${job.baseUrl ?? env.appUrl}/reset-password?token=${encodeURIComponent(token)}`;
      await sendEmail(user.id, "reset-password", passwordResetEmail(user.email, user.name, url));
      return "sent";
    }
  }
}

export async function startAccountEmailWorker(boss: PgBoss, options: { pollingIntervalSeconds?: number } = {}) {
  await ensureAccountEmailQueue(boss);
  await boss.work<unknown>(ACCOUNT_EMAIL_QUEUE, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async (jobs) => {
    for (const job of jobs) await processAccountEmail(job.data);
  });
}
