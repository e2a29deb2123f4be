/**
 * POST /webhooks/print/:provider: verification (the local studio's HMAC signature, the shared token
 * in Prodigi's and Printful's callback URLs), deduplication by event id, and how steps move an
 * order, including events that arrive out of order.
 */
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../.server/platform/db.server.ts";
import { seed } from "../../../prisma/seed.ts";
import { printConfig, printWebhookUrl } from "../.server/providers/print/index.server.ts";
import { studioEvent, type StudioJob, type StudioStep } from "../.server/providers/print/local.server.ts";
import { SIGNATURE_HEADER, signPayload } from "../.server/providers/print/signing.server.ts";
import { makePaidOrder } from "../../test/merch-orders.ts";
import { APP_URL, routeArgs, run } from "../../test/request.ts";
import { action, loader } from "./webhooks.print.$provider.tsx";

beforeAll(async () => {
  await seed();
});

function post(provider: string, body: string, headers: Record<string, string> = {}, query = "") {
  const request = new Request(`${APP_URL}/webhooks/print/${provider}${query}`, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body });
  return run(() => action(routeArgs(request, { provider })));
}

function postLocal(event: unknown, secret = printConfig.studioSecret) {
  const body = JSON.stringify(event);
  return post("local", body, { [SIGNATURE_HEADER]: signPayload(body, secret) });
}

/** A submitted order whose single item the local studio accepted as `providerOrderId`. */
async function submittedOrder(products = ["prod_lustre_print"]) {
  const { order } = await makePaidOrder({ products, status: "SUBMITTED" });
  const providerOrderId = `lps_${order.orderNumber}_${randomBytes(3).toString("hex")}`;
  await prisma.merchOrderItem.updateMany({ where: { orderId: order.id }, data: { podOrderId: providerOrderId, podStatus: "ACCEPTED" } });
  const job: StudioJob = { appUrl: APP_URL, providerOrderId, orderId: order.id, provider: "PRODIGI", step: 0, stepSeconds: 0, trackingNumber: `RM${randomBytes(4).readUInt32BE() % 1_000_000_000}GB` };
  const event = (step: StudioStep) => studioEvent(job, step);
  return { order, providerOrderId, job, event };
}

const types = async (orderId: string) => (await prisma.merchOrderEvent.findMany({ where: { orderId }, orderBy: { createdAt: "asc" } })).map((e) => e.type);
const statusOf = async (orderId: string) => (await prisma.merchOrder.findUniqueOrThrow({ where: { id: orderId } })).status;
const mailTemplates = async (userId: string) => (await prisma.emailLog.findMany({ where: { userId } })).map((m) => m.template);

describe("verification", () => {
  it("refuses a local event with a bad, missing or stale signature (401), and changes nothing", async () => {
    const { order, event } = await submittedOrder();
    const body = JSON.stringify(event("IN_PRODUCTION"));
    expect((await post("local", body, { [SIGNATURE_HEADER]: signPayload(body, "wrong-secret") })).status).toBe(401);
    expect((await post("local", body)).status).toBe(401);
    const stale = signPayload(body, printConfig.studioSecret, Math.floor(Date.now() / 1000) - 3600);
    expect((await post("local", body, { [SIGNATURE_HEADER]: stale })).status).toBe(401);
    // A signature over another body does not verify this one.
    expect((await post("local", body, { [SIGNATURE_HEADER]: signPayload(`${body} `, printConfig.studioSecret) })).status).toBe(401);
    expect(await statusOf(order.id)).toBe("SUBMITTED");
    expect(await prisma.webhookEvent.count({ where: { eventId: event("IN_PRODUCTION").id } })).toBe(0);
  });

  it("refuses Prodigi and Printful callbacks without the right token, and unknown providers (404)", async () => {
    expect((await post("prodigi", "{}", {}, "?token=nope")).status).toBe(401);
    expect((await post("printful", "{}")).status).toBe(401);
    expect((await post("acme", "{}")).status).toBe(404);
    const prodigiToken = new URL(printWebhookUrl("prodigi")).search;
    expect((await post("prodigi", "{}", {}, prodigiToken)).status).toBe(400);
    expect((await run(() => loader())).status).toBe(405);
  });

  it("answers 400 for a signed body that is not an order event", async () => {
    const response = await postLocal({ hello: "world" });
    expect(response.status).toBe(400);
  });
});

describe("applying events", () => {
  it("moves the order through production and dispatch, stores the shipment and emails the tracking", async () => {
    const { order, event, job } = await submittedOrder();
    expect((await postLocal(event("IN_PRODUCTION"))).status).toBe(200);
    expect(await statusOf(order.id)).toBe("IN_PRODUCTION");
    expect((await postLocal(event("SHIPPED"))).status).toBe(200);
    const after = await prisma.merchOrder.findUniqueOrThrow({ where: { id: order.id }, include: { shipments: true, items: true } });
    expect(after.status).toBe("SHIPPED");
    expect(after.shipments).toHaveLength(1);
    expect(after.shipments[0]).toMatchObject({ provider: "PRODIGI", carrier: "Royal Mail", trackingNumber: job.trackingNumber, status: "SHIPPED" });
    expect(after.items[0]).toMatchObject({ podStatus: "SHIPPED", shipmentId: after.shipments[0]!.id });
    expect(await types(order.id)).toEqual(["IN_PRODUCTION", "SHIPPED"]);
    const mail = await prisma.emailLog.findFirstOrThrow({ where: { userId: order.userId!, template: "merch_order_shipped" } });
    expect(String((mail.metadata as { text: string }).text)).toContain(job.trackingNumber);
  });

  it("treats a replayed event as a no-op: 200, no second order event, no second email", async () => {
    const { order, event } = await submittedOrder();
    const first = await postLocal(event("SHIPPED"));
    expect(first.body).toMatchObject({ received: true, duplicate: false });
    const again = await postLocal(event("SHIPPED"));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ received: true, duplicate: true });
    expect(await types(order.id)).toEqual(["SHIPPED"]);
    expect(await mailTemplates(order.userId!)).toEqual(["merch_order_shipped"]);
    expect(await prisma.merchShipment.count({ where: { orderId: order.id } })).toBe(1);
  });

  it("handles delivery before dispatch: the shipment is inferred, nothing moves back, no dispatch email", async () => {
    const { order, event, job } = await submittedOrder();
    expect((await postLocal(event("DELIVERED"))).status).toBe(200);
    expect(await statusOf(order.id)).toBe("DELIVERED");
    const events = await prisma.merchOrderEvent.findMany({ where: { orderId: order.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => e.type)).toEqual(["SHIPPED", "DELIVERED"]);
    expect(events[0]!.data).toMatchObject({ inferred: true });
    // The late events are accepted (so the studio stops sending them) but change nothing.
    expect((await postLocal(event("SHIPPED"))).status).toBe(200);
    expect((await postLocal(event("IN_PRODUCTION"))).status).toBe(200);
    expect(await statusOf(order.id)).toBe("DELIVERED");
    expect(await types(order.id)).toEqual(["SHIPPED", "DELIVERED"]);
    const shipment = await prisma.merchShipment.findFirstOrThrow({ where: { orderId: order.id } });
    expect(shipment).toMatchObject({ status: "DELIVERED", trackingNumber: job.trackingNumber });
    expect(shipment.deliveredAt).not.toBeNull();
    expect(await mailTemplates(order.userId!)).toEqual([]);
  });

  it("answers 503 (send again) while the order's acceptance is not yet recorded", async () => {
    const { order } = await makePaidOrder();
    const job: StudioJob = { appUrl: APP_URL, providerOrderId: "lps_not_yet", orderId: order.id, provider: "PRODIGI", step: 0, stepSeconds: 0, trackingNumber: "RM1GB" };
    const response = await postLocal(studioEvent(job, "IN_PRODUCTION"));
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("5");
    expect(await prisma.webhookEvent.count({ where: { eventId: studioEvent(job, "IN_PRODUCTION").id } })).toBe(0);
  });

  it("applies a Prodigi callback carrying the shared token", async () => {
    const { order } = await makePaidOrder({ status: "SUBMITTED" });
    await prisma.merchOrderItem.updateMany({ where: { orderId: order.id }, data: { podOrderId: `ord_${order.id}`, podStatus: "ACCEPTED" } });
    const callback = {
      specversion: "1.0",
      type: "com.prodigi.order.status.stage.changed#Complete",
      id: `evt_${randomBytes(4).toString("hex")}`,
      time: new Date().toISOString(),
      data: {
        order: {
          id: `ord_${order.id}`,
          merchantReference: order.id,
          status: { stage: "Complete", issues: [], details: { inProduction: "Complete", shipping: "Complete" } },
          shipments: [{ id: "shp_9", carrier: { name: "DPD" }, tracking: { number: "DPD42", url: "https://track.example/DPD42" }, dispatchDate: new Date().toISOString() }],
        },
      },
    };
    const response = await post("prodigi", JSON.stringify(callback), {}, new URL(printWebhookUrl("prodigi")).search);
    expect(response.status).toBe(200);
    expect(await statusOf(order.id)).toBe("SHIPPED");
    expect(await prisma.merchShipment.findFirstOrThrow({ where: { orderId: order.id } })).toMatchObject({ carrier: "DPD", trackingNumber: "DPD42", providerShipId: "shp_9" });
    const stored = await prisma.webhookEvent.findUniqueOrThrow({ where: { eventId: `prodigi_${callback.id}` } });
    expect(stored).toMatchObject({ provider: "PRODIGI", processed: true });
  });

  it("applies a Printful package_shipped webhook carrying the shared token", async () => {
    const { order } = await makePaidOrder({ products: ["prod_tshirt"], status: "SUBMITTED" });
    await prisma.merchOrderItem.updateMany({ where: { orderId: order.id }, data: { podOrderId: "777001", podStatus: "ACCEPTED" } });
    const webhook = {
      type: "package_shipped",
      created: Math.floor(Date.now() / 1000),
      retries: 0,
      store: 1,
      data: { shipment: { id: 31, carrier: "USPS", tracking_number: "9400", tracking_url: "https://track.example/9400" }, order: { id: 777001, external_id: order.id, status: "fulfilled" } },
    };
    const query = new URL(printWebhookUrl("printful")).search;
    expect((await post("printful", JSON.stringify(webhook), {}, query)).status).toBe(200);
    expect((await post("printful", JSON.stringify({ ...webhook, retries: 1 }), {}, query)).body).toMatchObject({ duplicate: true });
    expect(await statusOf(order.id)).toBe("SHIPPED");
    expect(await types(order.id)).toEqual(["SHIPPED"]);
    expect(await prisma.merchShipment.findFirstOrThrow({ where: { orderId: order.id } })).toMatchObject({ provider: "PRINTFUL", carrier: "USPS", trackingNumber: "9400" });
  });
});
