/**
 * The embedded local print studio: the default print provider when no Prodigi or Printful key is
 * configured. It behaves as a real lab does: it downloads each print file and refuses the order when
 * a file cannot be fetched or is smaller than the product's minimum print size (or when the
 * recipient is named "Reject Me", so the refusal path can be tried by hand), then moves an accepted
 * order through production, dispatch (Royal Mail, with a tracking number) and delivery, one step
 * every `stepSeconds`, by POSTing signed webhooks to `${appUrl}/webhooks/print/local`.
 *
 * It keeps no table: each next step is a delayed pg-boss job carrying what it needs, and "was this
 * order cancelled" is read from the order items' podStatus, the state its own webhooks wrote.
 */
import { randomInt } from "node:crypto";
import type PgBoss from "pg-boss";
import sharp from "sharp";
import { prisma } from "../../platform/db.server.ts";
import { queue } from "../../platform/queue.server.ts";
import { SIGNATURE_HEADER, signPayload } from "./signing.server.ts";
import { PrintProviderError, type PodProviderName, type PrintOrderInput, type PrintOrderRef, type PrintProvider, type PrintStage } from "./types.ts";

const PRINT_STUDIO_QUEUE = "print-studio";
const REJECT_ME = "reject me";
export const LOCAL_CARRIER = "Royal Mail";

/** The steps an accepted order goes through, in order. */
const STUDIO_STEPS = ["IN_PRODUCTION", "SHIPPED", "DELIVERED"] as const satisfies readonly PrintStage[];
export type StudioStep = (typeof STUDIO_STEPS)[number];

export type StudioOptions = { appUrl: string; secret: string; stepSeconds: number; standsInFor: PodProviderName };

export type StudioJob = {
  appUrl: string;
  providerOrderId: string;
  orderId: string;
  provider: PodProviderName;
  step: number;
  stepSeconds: number;
  trackingNumber: string;
};

export type LocalStudio = PrintProvider & { readonly kind: "local"; readonly options: StudioOptions };

export function trackingUrl(trackingNumber: string): string {
  return `https://www.royalmail.com/track-your-item#/tracking-results/${trackingNumber}`;
}

function digits(count: number): string {
  return Array.from({ length: count }, () => randomInt(10)).join("");
}

async function ensureStudioQueue(boss: PgBoss) {
  if (await boss.getQueue(PRINT_STUDIO_QUEUE)) return;
  try {
    await boss.createQueue(PRINT_STUDIO_QUEUE, { name: PRINT_STUDIO_QUEUE, retryLimit: 20, retryDelay: 2 });
  } catch (error) {
    if (!(await boss.getQueue(PRINT_STUDIO_QUEUE))) throw error;
  }
}

/** Downloads a print file and checks its size, as a lab's file check would. */
async function checkFile(url: string, item: { sku: string; minWidth?: number; minHeight?: number }) {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new PrintProviderError(`The print studio could not reach the print file (${error instanceof Error ? error.message : String(error)}).`, { rejected: false });
  }
  if (!response.ok) throw new PrintProviderError(`The print file for ${item.sku} could not be downloaded (HTTP ${response.status}).`, { rejected: true, status: 400 });
  let size: { width?: number; height?: number };
  try {
    size = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
  } catch {
    throw new PrintProviderError(`The print file for ${item.sku} is not an image the studio can print.`, { rejected: true, status: 400 });
  }
  const [width, height] = [size.width ?? 0, size.height ?? 0];
  const [minWidth, minHeight] = [item.minWidth ?? 0, item.minHeight ?? 0];
  const fits = Math.min(width, height) >= Math.min(minWidth, minHeight) && Math.max(width, height) >= Math.max(minWidth, minHeight);
  if (!fits) {
    throw new PrintProviderError(`The print file for ${item.sku} is ${width} × ${height} px, below the ${minWidth} × ${minHeight} px the product needs.`, { rejected: true, status: 400 });
  }
}

export function createLocalStudio(options: StudioOptions): LocalStudio {
  return {
    kind: "local",
    options,
    async submitOrder(order: PrintOrderInput): Promise<PrintOrderRef> {
      if (order.recipient.name.trim().toLowerCase() === REJECT_ME) {
        throw new PrintProviderError("The print studio refused the order: the recipient's address could not be verified.", { rejected: true, status: 400 });
      }
      for (const item of order.items) await checkFile(item.imageUrl, item);
      const providerOrderId = `lps_${order.orderNumber}_${digits(6)}`;
      const boss = queue();
      await ensureStudioQueue(boss);
      const job: StudioJob = {
        appUrl: options.appUrl,
        providerOrderId,
        orderId: order.id,
        provider: options.standsInFor,
        step: 0,
        stepSeconds: options.stepSeconds,
        trackingNumber: `RM${digits(9)}GB`,
      };
      // At least a second, so the acceptance is stored before the first webhook arrives.
      await boss.send(PRINT_STUDIO_QUEUE, job, { startAfter: Math.max(1, options.stepSeconds), retryLimit: 20, retryDelay: 2 });
      return { providerOrderId, status: "ACCEPTED" };
    },
    async getOrder(providerOrderId: string): Promise<PrintOrderRef> {
      const item = await prisma.merchOrderItem.findFirst({ where: { podOrderId: providerOrderId }, select: { podStatus: true } });
      if (!item) throw new PrintProviderError("The print studio has no such order.", { rejected: true, status: 404 });
      const status = (["ACCEPTED", ...STUDIO_STEPS, "CANCELLED"] as string[]).includes(item.podStatus ?? "") ? (item.podStatus as PrintStage) : "ACCEPTED";
      return { providerOrderId, status };
    },
    async cancelOrder(providerOrderId: string): Promise<void> {
      const { status } = await this.getOrder(providerOrderId);
      if (status === "SHIPPED" || status === "DELIVERED") throw new PrintProviderError("The order has already been dispatched.", { rejected: true, status: 409 });
      await prisma.merchOrderItem.updateMany({ where: { podOrderId: providerOrderId }, data: { podStatus: "CANCELLED" } });
    },
  };
}

/** The webhook body the studio posts for one step. */
export function studioEvent(job: StudioJob, step: StudioStep, now = new Date()) {
  const shipped = step === "SHIPPED" || step === "DELIVERED";
  return {
    id: `lps_evt_${job.providerOrderId}_${step.toLowerCase()}`,
    type: `order.${step.toLowerCase()}`,
    created: Math.floor(now.getTime() / 1000),
    data: {
      provider: job.provider,
      order: { id: job.providerOrderId, merchantReference: job.orderId, status: step },
      shipment: shipped
        ? { id: `${job.providerOrderId}_1`, carrier: LOCAL_CARRIER, trackingNumber: job.trackingNumber, trackingUrl: trackingUrl(job.trackingNumber), at: now.toISOString() }
        : null,
    },
  };
}

/** POSTs one signed event; throws unless the app accepted it (the job is then retried). */
export async function postStudioEvent(appUrl: string, secret: string, event: unknown): Promise<void> {
  const body = JSON.stringify(event);
  const response = await fetch(`${appUrl}/webhooks/print/local`, {
    method: "POST",
    headers: { "Content-Type": "application/json", [SIGNATURE_HEADER]: signPayload(body, secret) },
    body,
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) throw new Error(`The app answered the print studio's webhook with HTTP ${response.status}`);
}

/** Runs one step of an accepted order, then queues the next; stops when the order was cancelled. */
async function runStudioStep(job: StudioJob, secret: string): Promise<void> {
  const step = STUDIO_STEPS[job.step];
  if (!step) return;
  const item = await prisma.merchOrderItem.findFirst({ where: { podOrderId: job.providerOrderId }, select: { podStatus: true } });
  if (item?.podStatus === "CANCELLED") return;
  await postStudioEvent(job.appUrl, secret, studioEvent(job, step));
  if (job.step + 1 < STUDIO_STEPS.length) {
    const boss = queue();
    await ensureStudioQueue(boss);
    await boss.send(PRINT_STUDIO_QUEUE, { ...job, step: job.step + 1 }, { startAfter: job.stepSeconds, retryLimit: 20, retryDelay: 2 });
  }
}

export async function startStudioWorker(boss: PgBoss, secret: string, options: { pollingIntervalSeconds?: number } = {}) {
  await ensureStudioQueue(boss);
  await boss.work<StudioJob>(PRINT_STUDIO_QUEUE, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1, batchSize: 1 }, async (jobs) => {
    for (const job of jobs) await runStudioStep(job.data, secret);
  });
}
