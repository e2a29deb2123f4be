/**
 * Print provider webhooks: verified per provider, deduplicated by event id in webhook_events,
 * and applied in the same transaction (item podStatus, merch_shipments, the order's status with its
 * events). Steps only ever move forward: a late "in production" after "shipped" changes nothing, and
 * "delivered" before "shipped" records the shipment first (the SHIPPED event marked inferred) and no
 * dispatch email is sent for it. An order with several provider orders ships when all of them have.
 */
import { prisma, type Prisma } from "../platform/db.server.ts";
import { sendEmail } from "../email/send.server.ts";
import { safeEqual } from "../platform/crypto.server.ts";
import { printConfig, type PrintConfig } from "../providers/print/index.server.ts";
import { record, text } from "../providers/print/http.server.ts";
import { parsePrintfulWebhook } from "../providers/print/printful.server.ts";
import { parseProdigiCallback } from "../providers/print/prodigi.server.ts";
import { SIGNATURE_HEADER, verifySignature } from "../providers/print/signing.server.ts";
import type { PrintStage, PrintUpdate } from "../providers/print/types.ts";
import { orderShippedEmail } from "./emails.server.ts";
import { lockOrder, moveOrder } from "./events.server.ts";
import { orderUrl } from "./fulfilment.server.ts";

const TX = { maxWait: 10_000, timeout: 20_000 };
export const PRINT_WEBHOOK_KINDS = ["local", "prodigi", "printful"] as const;

export type PrintWebhookResult =
  | { status: 200; duplicate: boolean; eventType: string; ignored?: string }
  | { status: 400 | 401 | 404 | 503; message: string };

const STAGE_RANK: Record<string, number> = { ACCEPTED: 0, IN_PRODUCTION: 1, SHIPPED: 2, DELIVERED: 3 };
const ORDER_RANK: Record<string, number> = { SUBMITTED: 0, IN_PRODUCTION: 1, SHIPPED: 2, DELIVERED: 3 };
const FAILED = new Set(["REJECTED", "CANCELLED", "FAILED"]);

/** The local studio's event (see providers/print/local.server.ts studioEvent). */
export function parseStudioEvent(body: unknown): PrintUpdate | null {
  const event = record(body);
  const data = record(event.data);
  const order = record(data.order);
  const shipment = data.shipment ? record(data.shipment) : null;
  const [id, type, providerOrderId, status] = [text(event.id), text(event.type), text(order.id), text(order.status)];
  const provider = data.provider === "PRODIGI" || data.provider === "PRINTFUL" ? data.provider : null;
  if (!id || !type || !providerOrderId || !provider || !status || !(status in STAGE_RANK || status === "CANCELLED")) return null;
  return {
    provider,
    eventId: id,
    eventType: `local.${type}`,
    providerOrderId,
    orderId: text(order.merchantReference),
    stage: status as PrintStage,
    providerStatus: status,
    shipment: shipment
      ? { providerShipId: text(shipment.id), carrier: text(shipment.carrier), trackingNumber: text(shipment.trackingNumber), trackingUrl: text(shipment.trackingUrl), at: text(shipment.at) ? new Date(text(shipment.at)!) : null }
      : null,
    reason: null,
  };
}

function verify(kind: string, rawBody: string, url: URL, headers: Headers, config: PrintConfig): PrintWebhookResult | null {
  if (kind === "local") {
    return verifySignature(rawBody, headers.get(SIGNATURE_HEADER), config.studioSecret) ? null : { status: 401, message: "The print studio signature is missing or does not match." };
  }
  const expected = kind === "prodigi" ? config.prodigiCallbackSecret : config.printfulWebhookSecret;
  const token = url.searchParams.get("token") ?? "";
  return token && safeEqual(token, expected) ? null : { status: 401, message: "The webhook token is missing or does not match." };
}

function parse(kind: string, body: unknown): PrintUpdate | null {
  if (kind === "local") return parseStudioEvent(body);
  if (kind === "prodigi") return parseProdigiCallback(body);
  return parsePrintfulWebhook(body);
}

class NotReady extends Error {}

type Shipped = { orderId: string };

async function apply(tx: Prisma.TransactionClient, update: PrintUpdate, items: Array<{ id: string; orderId: string }>): Promise<Shipped | null> {
  const orderId = items[0]!.orderId;
  const status = await lockOrder(tx, orderId);
  if (status === "PAID") throw new NotReady();
  const itemIds = items.map((item) => item.id);
  const current = await tx.merchOrderItem.findMany({ where: { id: { in: itemIds } }, select: { id: true, podStatus: true } });

  if (update.stage === "CANCELLED") {
    const open = current.filter((item) => (STAGE_RANK[item.podStatus ?? ""] ?? 0) < STAGE_RANK.SHIPPED!).map((item) => item.id);
    if (open.length) await tx.merchOrderItem.updateMany({ where: { id: { in: open } }, data: { podStatus: "CANCELLED" } });
    return null;
  }

  const stage = update.stage;
  if (stage) {
    const forward = current.filter((item) => !FAILED.has(item.podStatus ?? "") && (STAGE_RANK[item.podStatus ?? ""] ?? -1) < STAGE_RANK[stage]!).map((item) => item.id);
    if (forward.length) await tx.merchOrderItem.updateMany({ where: { id: { in: forward } }, data: { podStatus: stage } });
  }

  const shippedNow = stage === "SHIPPED" || stage === "DELIVERED";
  if (update.shipment || shippedNow) {
    const key = update.shipment?.providerShipId ?? update.providerOrderId;
    const existing = await tx.merchShipment.findFirst({ where: { orderId, providerShipId: key } });
    const at = update.shipment?.at ?? new Date();
    const details = {
      ...(update.shipment?.carrier ? { carrier: update.shipment.carrier } : {}),
      ...(update.shipment?.trackingNumber ? { trackingNumber: update.shipment.trackingNumber } : {}),
      ...(update.shipment?.trackingUrl ? { trackingUrl: update.shipment.trackingUrl } : {}),
    };
    const delivered = stage === "DELIVERED" || existing?.status === "DELIVERED";
    const shipmentStatus = delivered ? "DELIVERED" : "SHIPPED";
    const timing = { shippedAt: existing?.shippedAt ?? at, deliveredAt: existing?.deliveredAt ?? (stage === "DELIVERED" ? at : null) };
    const shipment = existing
      ? await tx.merchShipment.update({ where: { id: existing.id }, data: { ...details, status: shipmentStatus, ...timing } })
      : await tx.merchShipment.create({ data: { orderId, provider: update.provider, providerShipId: key, ...details, status: shipmentStatus, ...timing } });
    await tx.merchOrderItem.updateMany({ where: { id: { in: itemIds } }, data: { shipmentId: shipment.id } });
  }

  // The order follows its slowest provider order; it never moves back.
  if (!(status in ORDER_RANK)) return null;
  const all = await tx.merchOrderItem.findMany({ where: { orderId }, select: { podStatus: true } });
  const live = all.filter((item) => !FAILED.has(item.podStatus ?? ""));
  if (!live.length) return null;
  const target = Math.min(...live.map((item) => STAGE_RANK[item.podStatus ?? ""] ?? 0));
  const from = ORDER_RANK[status]!;
  if (target <= from) return null;
  const shipmentData = update.shipment ? { carrier: update.shipment.carrier, trackingNumber: update.shipment.trackingNumber, trackingUrl: update.shipment.trackingUrl } : {};
  const base = { provider: update.provider, providerOrderId: update.providerOrderId };
  let emailShipment: Shipped | null = null;
  if (target === 1) await moveOrder(tx, orderId, "IN_PRODUCTION", "IN_PRODUCTION", { data: base });
  if (target >= 2 && from < 2) {
    const inferred = stage === "DELIVERED";
    await moveOrder(tx, orderId, "SHIPPED", "SHIPPED", { data: { ...base, ...shipmentData, ...(inferred ? { inferred: true } : {}) } });
    if (!inferred) emailShipment = { orderId };
  }
  if (target === 3) await moveOrder(tx, orderId, "DELIVERED", "DELIVERED", { data: base });
  return emailShipment;
}

async function sendShippedEmail(shipped: Shipped) {
  const order = await prisma.merchOrder.findUniqueOrThrow({ where: { id: shipped.orderId }, include: { user: { select: { name: true } }, shipments: { orderBy: { createdAt: "asc" } } } });
  // An order whose customer has deleted their account has nobody left to tell.
  if (!order.userId) return;
  const parcels = order.shipments.map((shipment) => ({ carrier: shipment.carrier, trackingNumber: shipment.trackingNumber, trackingUrl: shipment.trackingUrl }));
  const email = orderShippedEmail(order.customerEmail, order.user?.name ?? null, order.orderNumber, parcels, orderUrl(order.id));
  await sendEmail(order.userId, "merch_order_shipped", email).catch((error: unknown) => console.error("merch: the dispatch email could not be sent:", error));
}

/** Verifies, deduplicates and applies one print provider webhook. */
export async function receivePrintWebhook(kind: string, rawBody: string, url: URL, headers: Headers, config: PrintConfig = printConfig): Promise<PrintWebhookResult> {
  if (!(PRINT_WEBHOOK_KINDS as readonly string[]).includes(kind)) return { status: 404, message: "There is no such print provider." };
  const refused = verify(kind, rawBody, url, headers, config);
  if (refused) return refused;
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return { status: 400, message: "The body is not JSON." };
  }
  const update = parse(kind, body);
  if (!update) return { status: 400, message: `The body is not a ${kind} order event.` };

  const seen = await prisma.webhookEvent.findUnique({ where: { eventId: update.eventId }, select: { processed: true } });
  if (seen?.processed) return { status: 200, duplicate: true, eventType: update.eventType };

  const items = await prisma.merchOrderItem.findMany({
    where: { podOrderId: update.providerOrderId, ...(update.orderId ? { orderId: update.orderId } : {}) },
    select: { id: true, orderId: true },
  });
  if (!items.length && update.orderId) {
    const order = await prisma.merchOrder.findUnique({ where: { id: update.orderId }, select: { status: true } });
    if (order?.status === "PAID") return { status: 503, message: "The order's acceptance is still being recorded; send the event again shortly." };
  }

  let shipped: Shipped | null = null;
  let applied: boolean;
  try {
    applied = await prisma.$transaction(async (tx) => {
      const inserted = await tx.webhookEvent.createMany({
        data: [{ provider: update.provider, eventId: update.eventId, eventType: update.eventType, payload: body as Prisma.InputJsonValue }],
        skipDuplicates: true,
      });
      if (inserted.count === 0) return false;
      // An event for an order we do not have is kept (so the provider stops sending it) and changes nothing.
      if (items.length) shipped = await apply(tx, update, items);
      await tx.webhookEvent.update({ where: { eventId: update.eventId }, data: { processed: true, processedAt: new Date() } });
      return true;
    }, TX);
  } catch (error) {
    if (error instanceof NotReady) return { status: 503, message: "The order's acceptance is still being recorded; send the event again shortly." };
    throw error;
  }
  if (shipped) await sendShippedEmail(shipped);
  return { status: 200, duplicate: !applied, eventType: update.eventType, ...(items.length ? {} : { ignored: "no order has that provider order id" }) };
}
