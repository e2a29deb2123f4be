/**
 * A small Stripe-shaped API on a random local port, for testing the real Stripe SDK client without
 * the network. It implements what the app calls, the way Stripe answers it (form-encoded requests,
 * Bearer secret key, Stripe's error shapes):
 *
 *   POST /v1/customers                 create a customer
 *   POST /v1/checkout/sessions         create a Checkout session (payment or subscription mode)
 *   GET  /v1/checkout/sessions/:id     retrieve it
 *   GET  /v1/subscriptions/:id         retrieve a subscription
 *   POST /v1/subscriptions/:id         cancel_at_period_end, or items[0][price] with proration_behavior
 *   POST /v1/payment_intents/:id/capture, /cancel   a manual-capture PaymentIntent (shop orders)
 *   POST /v1/refunds                   a full refund of a captured PaymentIntent
 *
 * What Stripe would do on its own (a customer paying on the hosted page, a month passing) is driven
 * by the test: completeCheckout, failCheckout, renew. Each produces the events Stripe would send;
 * `webhookRequest` signs one for POST /webhooks/stripe with the SDK's test-header helper.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { url as appUrl } from "./request.ts";
import { SUBSCRIPTION_PLANS, TOKEN_PACKS } from "@spike-land/shared/catalog";
import { toMinorUnits } from "@spike-land/shared/payments/money";

export type Price = { amount: number; currency: string; recurring: boolean };
export type RecordedRequest = { method: string; path: string; form: Record<string, unknown>; authorization: string | null; stripeVersion: string | null };
export type StripeEventPayload = { id: string; object: "event"; type: string; created: number; data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> } };

type Session = Record<string, unknown> & { id: string; mode: "payment" | "subscription"; customer: string; status: string };
type Subscription = {
  id: string;
  customer: string;
  status: string;
  cancel_at_period_end: boolean;
  ended_at: number | null;
  metadata: Record<string, string>;
  itemId: string;
  price: string;
  start: number;
  end: number;
};

type PaymentIntent = { id: string; amount: number; currency: string; customer: string | null; metadata: Record<string, string>; status: string; refunded: boolean };

const MONTH_SECONDS = 30 * 24 * 60 * 60;
const now = () => Math.floor(Date.now() / 1000);
const newId = (prefix: string) => `${prefix}_test_${randomBytes(8).toString("hex")}`;

/** `a[b][0][c]=v` form fields → nested objects and arrays, as Stripe reads them. */
export function parseStripeForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.replace(/\]/g, "").split("[");
    let node = root;
    path.forEach((part, index) => {
      if (index === path.length - 1) node[part] = value;
      else node = (node[part] ??= {}) as Record<string, unknown>;
    });
  }
  const arrays = (value: unknown): unknown => {
    if (!value || typeof value !== "object") return value;
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, arrays(v)] as const);
    return entries.length && entries.every(([k]) => /^\d+$/.test(k)) ? entries.map(([, v]) => v) : Object.fromEntries(entries);
  };
  return arrays(root) as Record<string, unknown>;
}

export type LocalStripeServer = {
  url: string;
  secretKey: string;
  webhookSecret: string;
  requests: RecordedRequest[];
  sessions: Map<string, Session>;
  subscriptions: Map<string, Subscription>;
  /** PaymentIntents of completed manual-capture (shop) checkouts, by id. */
  intents: Map<string, PaymentIntent>;
  /** Events produced so far and not yet taken, oldest first. */
  takeEvents(): StripeEventPayload[];
  /** The customer pays on the hosted page. `invoiceFirst` sends the invoice before the other events, as Stripe may. */
  completeCheckout(sessionId: string, options?: { invoiceFirst?: boolean }): void;
  /** The customer's card is declined on the hosted page (payment_intent.payment_failed). */
  failCheckout(sessionId: string): void;
  /** A month passes: the subscription renews (invoice.paid) or, if set to cancel, ends. */
  renew(subscriptionId: string): void;
  /** The next proration charge (an upgrade) is declined. */
  declineNextCharge(): void;
  subscriptionObject(id: string): Record<string, unknown>;
  close(): Promise<void>;
};

export async function startLocalStripeServer(options: { prices: Record<string, Price> }): Promise<LocalStripeServer> {
  const secretKey = `sk_test_${randomBytes(12).toString("hex")}`;
  const webhookSecret = `whsec_${randomBytes(24).toString("base64url")}`;
  const requests: RecordedRequest[] = [];
  const sessions = new Map<string, Session>();
  const subscriptions = new Map<string, Subscription>();
  const customers = new Map<string, Record<string, unknown>>();
  const intents = new Map<string, PaymentIntent>();
  let events: StripeEventPayload[] = [];
  let declineNext = false;

  function emit(type: string, object: Record<string, unknown>, previous?: Record<string, unknown>) {
    events.push({ id: newId("evt"), object: "event", type, created: now(), data: { object, ...(previous ? { previous_attributes: previous } : {}) } });
  }

  function subscriptionObject(id: string): Record<string, unknown> {
    const s = subscriptions.get(id)!;
    return {
      id: s.id,
      object: "subscription",
      customer: s.customer,
      status: s.status,
      cancel_at_period_end: s.cancel_at_period_end,
      ended_at: s.ended_at,
      metadata: s.metadata,
      currency: "gbp",
      items: {
        object: "list",
        data: [{ id: s.itemId, object: "subscription_item", price: { id: s.price, object: "price", unit_amount: options.prices[s.price]?.amount }, quantity: 1, current_period_start: s.start, current_period_end: s.end }],
      },
    };
  }

  function invoice(s: Subscription, reason: string, amount: number, period: { start: number; end: number }) {
    return {
      id: newId("in"),
      object: "invoice",
      customer: s.customer,
      billing_reason: reason,
      amount_paid: amount,
      amount_due: amount,
      currency: "gbp",
      created: now(),
      status: "paid",
      parent: { type: "subscription_details", subscription_details: { subscription: s.id, metadata: s.metadata } },
      lines: { object: "list", data: [{ id: newId("il"), object: "line_item", amount, currency: "gbp", period, pricing: { type: "price_details", price_details: { price: s.price } } }] },
    };
  }

  function error(res: http.ServerResponse, status: number, body: Record<string, unknown>) {
    res.writeHead(status, { "Content-Type": "application/json", "Request-Id": newId("req") });
    res.end(JSON.stringify({ error: body }));
  }

  function ok(res: http.ServerResponse, body: unknown) {
    res.writeHead(200, { "Content-Type": "application/json", "Request-Id": newId("req") });
    res.end(JSON.stringify(body));
  }

  function missing(res: http.ServerResponse, param: string) {
    error(res, 400, { type: "invalid_request_error", code: "parameter_missing", param, message: `Missing required param: ${param}.` });
  }

  function intentObject(intent: PaymentIntent) {
    return {
      id: intent.id,
      object: "payment_intent",
      amount: intent.amount,
      amount_capturable: intent.status === "requires_capture" ? intent.amount : 0,
      amount_received: intent.status === "succeeded" ? intent.amount : 0,
      capture_method: "manual",
      currency: intent.currency,
      customer: intent.customer,
      metadata: intent.metadata,
      status: intent.status,
    };
  }

  /** A payment-mode session with inline price_data line items (the shop), optionally with manual capture. */
  function createItemsSession(form: Record<string, unknown>, res: http.ServerResponse) {
    if (form.mode !== "payment") return error(res, 400, { type: "invalid_request_error", param: "mode", message: "price_data line items are only used in payment mode here." });
    const items = form.line_items as Array<{ quantity?: string; price_data?: { currency?: string; unit_amount?: string; product_data?: { name?: string } } }>;
    let amount = 0;
    const currencies = new Set<string>();
    for (const [index, item] of items.entries()) {
      const data = item.price_data;
      if (!data?.currency || data.unit_amount === undefined || !data.product_data?.name || !item.quantity) return missing(res, `line_items[${index}][price_data]`);
      currencies.add(data.currency);
      amount += Number(data.unit_amount) * Number(item.quantity);
    }
    if (currencies.size !== 1) return error(res, 400, { type: "invalid_request_error", param: "line_items", message: "All line items must use the same currency." });
    for (const param of ["success_url", "cancel_url"]) if (!form[param]) return missing(res, param);
    if (form.customer && !customers.has(form.customer as string)) return error(res, 400, { type: "invalid_request_error", code: "resource_missing", param: "customer", message: `No such customer: '${String(form.customer)}'` });
    const paymentData = (form.payment_intent_data as Record<string, unknown> | undefined) ?? {};
    const id = newId("cs");
    const session: Session = {
      id,
      object: "checkout.session",
      mode: "payment",
      status: "open",
      payment_status: "unpaid",
      customer: (form.customer as string) ?? null,
      customer_email: (form.customer_email as string) ?? null,
      client_reference_id: (form.client_reference_id as string) ?? null,
      metadata: (form.metadata as Record<string, string>) ?? {},
      success_url: form.success_url,
      cancel_url: form.cancel_url,
      amount_total: amount,
      currency: [...currencies][0],
      payment_intent: null,
      subscription: null,
      url: `https://checkout.stripe.test/c/pay/${id}`,
      paymentMetadata: (paymentData.metadata as Record<string, string>) ?? {},
      captureMethod: paymentData.capture_method ?? "automatic",
      lineItems: items,
    };
    sessions.set(id, session);
    ok(res, publicSession(session));
  }

  function moveIntent(id: string, action: "capture" | "cancel", res: http.ServerResponse) {
    const intent = intents.get(id);
    if (!intent) return error(res, 404, { type: "invalid_request_error", code: "resource_missing", message: `No such payment_intent: '${id}'` });
    const allowed = action === "capture" ? intent.status === "requires_capture" : intent.status !== "succeeded" && intent.status !== "canceled";
    if (!allowed) {
      const verb = action === "capture" ? "captured" : "canceled";
      return error(res, 400, { type: "invalid_request_error", code: "payment_intent_unexpected_state", message: `This PaymentIntent could not be ${verb} because it has a status of ${intent.status}.` });
    }
    intent.status = action === "capture" ? "succeeded" : "canceled";
    emit(action === "capture" ? "payment_intent.succeeded" : "payment_intent.canceled", intentObject(intent));
    ok(res, intentObject(intent));
  }

  function refund(form: Record<string, unknown>, res: http.ServerResponse) {
    const id = form.payment_intent as string | undefined;
    if (!id) return missing(res, "payment_intent");
    const intent = intents.get(id);
    if (!intent) return error(res, 400, { type: "invalid_request_error", code: "resource_missing", param: "payment_intent", message: `No such payment_intent: '${id}'` });
    if (intent.refunded) return error(res, 400, { type: "invalid_request_error", code: "charge_already_refunded", message: `Charge for ${id} has already been refunded.` });
    if (intent.status !== "succeeded") return error(res, 400, { type: "invalid_request_error", code: "payment_intent_unexpected_state", message: `This PaymentIntent (${id}) does not have a successful charge to refund.` });
    intent.refunded = true;
    const chargeId = `ch_${id.slice(3)}`;
    emit("charge.refunded", { id: chargeId, object: "charge", amount: intent.amount, amount_refunded: intent.amount, refunded: true, captured: true, currency: intent.currency, customer: intent.customer, payment_intent: id, metadata: intent.metadata });
    ok(res, { id: newId("re"), object: "refund", amount: intent.amount, charge: chargeId, currency: intent.currency, payment_intent: id, status: "succeeded" });
  }

  function createSession(form: Record<string, unknown>, res: http.ServerResponse) {
    if ((form.line_items as Array<{ price_data?: unknown }> | undefined)?.[0]?.price_data) return createItemsSession(form, res);
    const mode = form.mode as string | undefined;
    if (mode !== "payment" && mode !== "subscription") return missing(res, "mode");
    const items = form.line_items as Array<{ price?: string; quantity?: string }> | undefined;
    const priceId = items?.[0]?.price;
    if (!priceId) return missing(res, "line_items");
    const price = options.prices[priceId];
    if (!price) return error(res, 400, { type: "invalid_request_error", code: "resource_missing", param: "line_items[0][price]", message: `No such price: '${priceId}'` });
    if (price.recurring !== (mode === "subscription")) {
      return error(res, 400, { type: "invalid_request_error", param: "line_items[0][price]", message: `The price is ${price.recurring ? "recurring" : "one-time"}; it cannot be used in ${mode} mode.` });
    }
    for (const param of ["success_url", "cancel_url", "customer"]) if (!form[param]) return missing(res, param);
    if (!customers.has(form.customer as string)) return error(res, 400, { type: "invalid_request_error", code: "resource_missing", param: "customer", message: `No such customer: '${String(form.customer)}'` });
    const id = newId("cs");
    const session: Session = {
      id,
      object: "checkout.session",
      mode,
      status: "open",
      payment_status: "unpaid",
      customer: form.customer as string,
      client_reference_id: (form.client_reference_id as string) ?? null,
      metadata: (form.metadata as Record<string, string>) ?? {},
      success_url: form.success_url,
      cancel_url: form.cancel_url,
      amount_total: price.amount,
      currency: price.currency,
      payment_intent: null,
      subscription: null,
      url: `https://checkout.stripe.test/c/pay/${id}`,
      priceId,
      paymentMetadata: ((form.payment_intent_data as Record<string, unknown> | undefined)?.metadata as Record<string, string>) ?? {},
      subscriptionMetadata: ((form.subscription_data as Record<string, unknown> | undefined)?.metadata as Record<string, string>) ?? {},
    };
    sessions.set(id, session);
    ok(res, publicSession(session));
  }

  function publicSession(session: Session) {
    const { priceId: _price, paymentMetadata: _pm, subscriptionMetadata: _sm, captureMethod: _cm, lineItems: _li, ...rest } = session;
    return rest;
  }

  function updateSubscription(id: string, form: Record<string, unknown>, res: http.ServerResponse) {
    const s = subscriptions.get(id);
    if (!s) return error(res, 404, { type: "invalid_request_error", code: "resource_missing", message: `No such subscription: '${id}'` });
    if (s.status === "canceled") return error(res, 400, { type: "invalid_request_error", message: "A canceled subscription can only update its cancellation_details and metadata." });
    const before = subscriptionObject(id);
    if (form.cancel_at_period_end !== undefined) {
      s.cancel_at_period_end = form.cancel_at_period_end === "true";
      emit("customer.subscription.updated", subscriptionObject(id), { cancel_at_period_end: !s.cancel_at_period_end });
      return ok(res, subscriptionObject(id));
    }
    const item = (form.items as Array<{ id?: string; price?: string }> | undefined)?.[0];
    if (!item?.price) return missing(res, "items");
    if (item.id !== s.itemId) return error(res, 400, { type: "invalid_request_error", param: "items[0][id]", message: `No such subscription item: '${item.id}'` });
    const to = options.prices[item.price];
    const from = options.prices[s.price]!;
    if (!to?.recurring) return error(res, 400, { type: "invalid_request_error", code: "resource_missing", message: `No such price: '${item.price}'` });
    const charge =
      form.proration_behavior === "always_invoice" && to.amount > from.amount ? Math.round(((to.amount - from.amount) * (s.end - now())) / (s.end - s.start)) : 0;
    if (charge > 0 && declineNext) {
      declineNext = false;
      return error(res, 402, { type: "card_error", code: "card_declined", decline_code: "generic_decline", message: "Your card was declined." });
    }
    s.price = item.price;
    emit("customer.subscription.updated", subscriptionObject(id), { items: before.items });
    if (charge > 0) emit("invoice.paid", invoice(s, "subscription_update", charge, { start: now(), end: s.end }));
    ok(res, subscriptionObject(id));
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
      const form = parseStripeForm(Buffer.concat(chunks).toString("utf8"));
      const authorization = req.headers.authorization ?? null;
      requests.push({ method: req.method ?? "GET", path, form, authorization, stripeVersion: (req.headers["stripe-version"] as string) ?? null });
      if (authorization !== `Bearer ${secretKey}`) {
        return error(res, 401, { type: "invalid_request_error", message: "Invalid API Key provided: sk_test_****" });
      }
      let match: RegExpMatchArray | null;
      if (req.method === "POST" && path === "/v1/customers") {
        const customer = { id: newId("cus"), object: "customer", email: form.email ?? null, name: form.name ?? null, metadata: form.metadata ?? {} };
        customers.set(customer.id, customer);
        return ok(res, customer);
      }
      if (req.method === "POST" && path === "/v1/checkout/sessions") return createSession(form, res);
      if (req.method === "POST" && (match = path.match(/^\/v1\/payment_intents\/([\w-]+)\/(capture|cancel)$/))) return moveIntent(match[1]!, match[2] as "capture" | "cancel", res);
      if (req.method === "POST" && path === "/v1/refunds") return refund(form, res);
      if (req.method === "GET" && (match = path.match(/^\/v1\/checkout\/sessions\/([\w-]+)$/))) {
        const session = sessions.get(match[1]!);
        return session ? ok(res, publicSession(session)) : error(res, 404, { type: "invalid_request_error", code: "resource_missing", message: `No such checkout.session: '${match[1]}'` });
      }
      if ((match = path.match(/^\/v1\/subscriptions\/([\w-]+)$/))) {
        if (req.method === "GET") {
          return subscriptions.has(match[1]!) ? ok(res, subscriptionObject(match[1]!)) : error(res, 404, { type: "invalid_request_error", code: "resource_missing", message: `No such subscription: '${match[1]}'` });
        }
        if (req.method === "POST") return updateSubscription(match[1]!, form, res);
      }
      error(res, 404, { type: "invalid_request_error", message: `Unrecognized request URL (${req.method}: ${path}).` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    secretKey,
    webhookSecret,
    requests,
    sessions,
    subscriptions,
    intents,
    takeEvents() {
      const taken = events;
      events = [];
      return taken;
    },
    completeCheckout(sessionId, completion = {}) {
      const session = sessions.get(sessionId);
      if (!session) throw new Error(`No session ${sessionId}`);
      session.status = "complete";
      session.payment_status = "paid";
      if (session.captureMethod === "manual") {
        // Manual capture: the card is authorised (requires_capture) and the session completes unpaid.
        const intent: PaymentIntent = { id: newId("pi"), amount: session.amount_total as number, currency: session.currency as string, customer: session.customer, metadata: session.paymentMetadata as Record<string, string>, status: "requires_capture", refunded: false };
        intents.set(intent.id, intent);
        session.payment_intent = intent.id;
        session.payment_status = "unpaid";
        emit("payment_intent.amount_capturable_updated", intentObject(intent));
        emit("checkout.session.completed", publicSession(session));
        return;
      }
      if (session.mode === "payment") {
        session.payment_intent = newId("pi");
        emit("checkout.session.completed", publicSession(session));
        return;
      }
      const start = now();
      const subscription: Subscription = {
        id: newId("sub"),
        customer: session.customer,
        status: "active",
        cancel_at_period_end: false,
        ended_at: null,
        metadata: session.subscriptionMetadata as Record<string, string>,
        itemId: newId("si"),
        price: session.priceId as string,
        start,
        end: start + MONTH_SECONDS,
      };
      subscriptions.set(subscription.id, subscription);
      session.subscription = subscription.id;
      const first = invoice(subscription, "subscription_create", options.prices[subscription.price]!.amount, { start, end: subscription.end });
      if (completion.invoiceFirst) emit("invoice.paid", first);
      emit("customer.subscription.created", subscriptionObject(subscription.id));
      if (!completion.invoiceFirst) emit("invoice.paid", first);
      emit("checkout.session.completed", publicSession(session));
    },
    failCheckout(sessionId) {
      const session = sessions.get(sessionId)!;
      const intent = {
        id: newId("pi"),
        object: "payment_intent",
        amount: session.amount_total,
        currency: session.currency,
        customer: session.customer,
        metadata: session.paymentMetadata,
        status: "requires_payment_method",
        last_payment_error: { type: "card_error", code: "card_declined", decline_code: "generic_decline", message: "Your card was declined." },
      };
      emit("payment_intent.payment_failed", intent);
    },
    renew(subscriptionId) {
      const s = subscriptions.get(subscriptionId)!;
      const before = subscriptionObject(subscriptionId);
      if (s.cancel_at_period_end) {
        s.status = "canceled";
        s.ended_at = s.end;
        emit("customer.subscription.deleted", subscriptionObject(subscriptionId));
        return;
      }
      s.start = s.end;
      s.end = s.start + MONTH_SECONDS;
      emit("customer.subscription.updated", subscriptionObject(subscriptionId), { items: before.items });
      emit("invoice.paid", invoice(s, "subscription_cycle", options.prices[s.price]!.amount, { start: s.start, end: s.end }));
    },
    declineNextCharge() {
      declineNext = true;
    },
    subscriptionObject,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** POST /webhooks/stripe with the event signed as Stripe signs it (or with a signature of your choosing). */
export function webhookRequest(event: unknown, secret: string, options: { signature?: string; body?: string } = {}): Request {
  const body = options.body ?? JSON.stringify(event);
  const signature = options.signature ?? Stripe.webhooks.generateTestHeaderString({ payload: body, secret });
  return new Request(appUrl("/webhooks/stripe"), {
    method: "POST",
    headers: { "Content-Type": "application/json", "Stripe-Signature": signature },
    body,
  });
}

/**
 * Starts the local Stripe server with a price for every pack and plan of the catalogue and points
 * the app's Stripe settings at it. Call before importing app modules: configuration is read once.
 */
export async function startStripeForCatalogue() {
  const priceOf = (id: string) => `price_test_${id}`;
  const stripe = await startLocalStripeServer({
    prices: Object.fromEntries([
      ...TOKEN_PACKS.map((p) => [priceOf(p.id), { amount: toMinorUnits(p.priceGBP), currency: "gbp", recurring: false }]),
      ...SUBSCRIPTION_PLANS.map((p) => [priceOf(p.id), { amount: toMinorUnits(p.priceGBP), currency: "gbp", recurring: true }]),
    ]),
  });
  process.env.STRIPE_SECRET_KEY = stripe.secretKey;
  process.env.STRIPE_WEBHOOK_SECRET = stripe.webhookSecret;
  process.env.STRIPE_API_URL = stripe.url;
  process.env.STRIPE_PRICE_IDS = JSON.stringify(Object.fromEntries([...TOKEN_PACKS, ...SUBSCRIPTION_PLANS].map((item) => [item.id, priceOf(item.id)])));
  return stripe;
}
