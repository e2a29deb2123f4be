/**
 * Agent tasks: things a box's owner asks its browser to do (go to a page, click, type, take a
 * screenshot, read text). Asking records PENDING tasks and sends one job on the "agent-tasks" queue;
 * the worker runs the job's tasks one after another in the box's browser (PROCESSING, then COMPLETED
 * with the result or FAILED with a message a person can read; the steps after a failed one are
 * CANCELLED). Jobs for the same box never run at the same time, in any number of worker processes:
 * each holds a PostgreSQL advisory lock on the box while it runs.
 */
import pg from "pg";
import type PgBoss from "pg-boss";
import { z } from "zod";
import { agentTaskInput, type AgentTaskInput } from "@spike-land/shared/boxes-agent";
import { DomainError, isDomainError } from "@spike-land/shared/errors";
import { HOUR_SECONDS, MINUTE_SECONDS } from "@spike-land/shared/time";
import { prisma, type AgentTask, type JobStatus, type Prisma } from "../platform/db.server.ts";
import { env } from "../platform/env.server.ts";
import { recordServerError } from "../platform/error-log.server.ts";
import { ensureQueue, queue } from "../platform/queue.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { executeTask, type ExecutorDeps } from "./agent-executor.server.ts";
import { boxRuntimeForWorker, getBox } from "./boxes.server.ts";
import { postOutcome } from "./messages-outcome.server.ts";

export const AGENT_QUEUE = "agent-tasks";
export const BOX_NOT_RUNNING = "The box is not running.";
export const SKIPPED_MESSAGE = "Not done: the step before it failed.";
const UNEXPECTED_MESSAGE = "Something went wrong in the box's browser during this step.";
/** A job of ten slow steps, and a wait for the box's previous job, fit well within this. */
const JOB_EXPIRE_SECONDS = 15 * MINUTE_SECONDS;
const RETRIES = 2;
const SCREENSHOT_URL_SECONDS = HOUR_SECONDS;
/** First key of the two-key advisory lock space of boxes' browsers (job locks use 41207). */
const BOX_LOCK_SPACE = 41_208;

const agentJob = z.object({ boxId: z.string().min(1), taskIds: z.array(z.string().min(1)).min(1), reply: z.boolean().default(false) });
export type AgentJob = z.infer<typeof agentJob>;

export type AgentTaskView = {
  id: string;
  boxId: string;
  type: string;
  payload: unknown;
  status: JobStatus;
  result: unknown;
  error: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** A signed link to a finished screenshot, valid for an hour. */
  screenshotUrl: string | null;
};

async function taskView(row: AgentTask): Promise<AgentTaskView> {
  const key = row.status === "COMPLETED" && row.type === "SCREENSHOT" ? (row.result as { key?: unknown } | null)?.key : undefined;
  return {
    id: row.id,
    boxId: row.boxId,
    type: row.type,
    payload: row.payload,
    status: row.status,
    result: row.result,
    error: row.error,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    screenshotUrl: typeof key === "string" ? await objectStorage().signedGetUrl(key, { expiresInSeconds: SCREENSHOT_URL_SECONDS }) : null,
  };
}

/** Queue clients that have made sure of the queue: once per client, not on every job sent. */
const ensured = new WeakSet<PgBoss>();

export async function ensureAgentQueue(boss: PgBoss): Promise<void> {
  if (ensured.has(boss)) return;
  await ensureQueue(boss, AGENT_QUEUE, { retryLimit: RETRIES, retryDelay: 5, expireInSeconds: JOB_EXPIRE_SECONDS });
  ensured.add(boss);
}

/** This process's agent worker, if it runs one, so a job just sent starts now rather than at the next poll. */
let localWorker: { boss: PgBoss; id: string } | null = null;

/**
 * Records the tasks as PENDING, in order, and sends one job that runs them one after another. The
 * caller has checked that the box is the person's. `reply` posts the outcome to the box's chat.
 */
export async function queueTasks(boxId: string, inputs: AgentTaskInput[], options: { reply?: boolean } = {}): Promise<AgentTaskView[]> {
  const start = Date.now();
  // One millisecond apart, so "newest first" keeps the order they were asked in.
  const rows = await prisma.$transaction(
    inputs.map((input, index) =>
      prisma.agentTask.create({ data: { boxId, type: input.type, payload: input.payload, status: "PENDING", createdAt: new Date(start + index) } }),
    ),
  );
  const boss = queue();
  await ensureAgentQueue(boss);
  const job: AgentJob = { boxId, taskIds: rows.map((row) => row.id), reply: options.reply ?? false };
  await boss.send(AGENT_QUEUE, job, { retryLimit: RETRIES, retryDelay: 5, expireInSeconds: JOB_EXPIRE_SECONDS });
  if (localWorker?.boss === boss && localWorker.id) boss.notifyWorker(localWorker.id);
  return Promise.all(rows.map(taskView));
}

/** One task on one of the person's boxes (404 for anyone else's); the payload is checked first. */
export async function queueTask(userId: string, boxId: string, input: { type: string; payload?: unknown }): Promise<AgentTaskView> {
  const parsed = agentTaskInput.safeParse({ type: input.type, payload: input.payload ?? undefined });
  await getBox(userId, boxId);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DomainError(400, issue?.message ?? "The task is not valid.", undefined, { field: issue?.path[0] === "type" ? "type" : "payload" });
  }
  const [task] = await queueTasks(boxId, [parsed.data]);
  return task!;
}

/** The box's tasks, newest first, with fresh links to their screenshots. */
export async function listTasks(userId: string, boxId: string, options: { limit?: number } = {}): Promise<AgentTaskView[]> {
  await getBox(userId, boxId);
  const rows = await prisma.agentTask.findMany({ where: { boxId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: options.limit ?? 50 });
  return Promise.all(rows.map(taskView));
}

// ---- The worker ----

export type AgentWorkerOptions = {
  pollingIntervalSeconds?: number;
  /** Where the box's browser answers, or null when the box is not running. */
  runtimeOf?: (boxId: string) => Promise<{ host: string; cdpPort: number } | null>;
  executor?: ExecutorDeps;
};

const FINISHED: JobStatus[] = ["COMPLETED", "FAILED", "CANCELLED", "REFUNDED"];

function cdpUrlOf(runtime: { host: string; cdpPort: number }): string {
  const host = runtime.host.includes(":") ? `[${runtime.host}]` : runtime.host;
  return `http://${host}:${runtime.cdpPort}`;
}

async function finish(taskId: string, data: { status: JobStatus; result?: Prisma.InputJsonValue; error?: string }) {
  await prisma.agentTask.updateMany({ where: { id: taskId, status: { in: ["PENDING", "PROCESSING"] } }, data });
}

/**
 * Runs one job's tasks in order. A retried job (its worker died, or the database failed it) goes
 * on from the first task not yet finished. Returns normally whatever the tasks' outcome; it throws
 * only when the tasks' rows could not be updated, so the queue tries again.
 */
export async function runAgentJob(data: unknown, options: AgentWorkerOptions = {}): Promise<void> {
  const job = agentJob.parse(data);
  const rows = await prisma.agentTask.findMany({ where: { boxId: job.boxId, id: { in: job.taskIds } } });
  const tasks = job.taskIds.map((id) => rows.find((row) => row.id === id)).filter((row) => row !== undefined);
  const runtimeOf = options.runtimeOf ?? boxRuntimeForWorker;
  let stopped = tasks.some((task) => task.status === "FAILED" || task.status === "CANCELLED");
  let runtime = stopped ? null : await runtimeOf(job.boxId);
  for (const task of tasks) {
    if (FINISHED.includes(task.status)) continue;
    if (stopped) {
      await finish(task.id, { status: "CANCELLED", error: SKIPPED_MESSAGE });
      continue;
    }
    if (!runtime) {
      await finish(task.id, { status: "FAILED", error: BOX_NOT_RUNNING });
      continue;
    }
    await prisma.agentTask.update({ where: { id: task.id }, data: { status: "PROCESSING", error: null } });
    try {
      const result = await executeTask(cdpUrlOf(runtime), task, options.executor);
      await finish(task.id, { status: "COMPLETED", result });
    } catch (error) {
      let message: string;
      if (isDomainError(error)) {
        // A browser that stopped answering usually means the box was stopped meanwhile.
        runtime = await runtimeOf(job.boxId);
        message = runtime ? error.message : BOX_NOT_RUNNING;
      } else {
        await recordServerError(error, { route: `queue:${AGENT_QUEUE}` });
        message = UNEXPECTED_MESSAGE;
      }
      await finish(task.id, { status: "FAILED", error: message });
      stopped = true;
    }
  }
  if (job.reply) await postOutcome(job.boxId, job.taskIds);
}

type BoxLocks = { hold(boxId: string): Promise<() => Promise<void>>; close(): Promise<void> };

/**
 * Session advisory locks on boxes, on a connection of this worker's own (PostgreSQL drops them with
 * the connection, so a worker that dies frees its boxes). The worker runs one job at a time, so the
 * connection never waits on one lock while it should release another.
 */
function boxLocks(connectionString = env.DATABASE_URL): BoxLocks {
  let client: Promise<pg.Client> | null = null;
  const connected = () => {
    client ??= (async () => {
      const fresh = new pg.Client({ connectionString, application_name: "spike-land box locks" });
      fresh.on("error", (error) => {
        console.error("box locks:", error.message);
        client = null; // the next job connects again
      });
      await fresh.connect();
      return fresh;
    })().catch((error: unknown) => {
      client = null;
      throw error;
    });
    return client;
  };
  return {
    async hold(boxId) {
      const connection = await connected();
      await connection.query("SELECT pg_advisory_lock($1, hashtext($2))", [BOX_LOCK_SPACE, boxId]);
      return async () => {
        await connection.query("SELECT pg_advisory_unlock($1, hashtext($2))", [BOX_LOCK_SPACE, boxId]).catch(() => undefined);
      };
    },
    async close() {
      const current = client;
      client = null;
      await (await current?.catch(() => null))?.end().catch(() => undefined);
    },
  };
}

export async function startAgentWorker(boss: PgBoss, options: AgentWorkerOptions = {}): Promise<void> {
  await ensureAgentQueue(boss);
  const locks = boxLocks();
  boss.once("stopped", () => void locks.close());
  const worker = { boss, id: "" };
  worker.id = await boss.work<unknown>(AGENT_QUEUE, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1, batchSize: 1 }, async (jobs) => {
    for (const job of jobs) {
      const boxId = agentJob.shape.boxId.parse((job.data as { boxId?: unknown } | null)?.boxId);
      const release = await locks.hold(boxId);
      try {
        await runAgentJob(job.data, options);
      } finally {
        await release();
      }
    }
    // There was work, so there may be more: fetch again at once rather than after the polling interval.
    if (worker.id) boss.notifyWorker(worker.id);
  });
  localWorker = worker;
}
