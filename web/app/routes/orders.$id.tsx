/**
 * GET/POST /orders/:id — one order: its lines, totals, address, status and a timeline built from its
 * events, with tracking once shipped. While the order can still change the page refreshes itself
 * every 5 seconds. An unpaid order can be paid from here (POST intent=pay).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { z } from "zod";
import { formatMoney } from "@spike-land/shared/payments/money";
import { ORDER_STATUS_LABEL, ORDER_STATUS_TONE } from "../components/order-status.ts";
import { Badge, Button, Card, cx, FormMessage, PageHeading } from "../components/ui.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import { OrderError, orderView, startOrderPayment } from "../.server/merch/orders.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";
import { appUrlFor } from "../.server/platform/env.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: loaded ? `Order ${loaded.order.orderNumber} — Spike Land` : "Order — Spike Land" }];

const POLL_MS = 5_000;

type Notice = { tone: "success" | "info" | "error"; message: string };

/**
 * The banner for a return from the payment page (?paid=1, ?cancelled=1, ?payment=unavailable), only
 * while it still describes the order: the query stays in the address when the page is reloaded or
 * polled long after the order has moved on.
 */
function noticeFor(query: URLSearchParams, order: { status: string; payable: boolean }): Notice | null {
  if (query.get("paid") === "1") {
    if (order.status === "PAID") return { tone: "success", message: "Payment authorised — we'll take payment when the print studio accepts your order." };
    if (order.payable) return { tone: "info", message: "We are confirming your payment with the card provider; this page updates by itself." };
    return null;
  }
  if (!order.payable) return null;
  if (query.get("cancelled") === "1") return { tone: "info", message: "You left the payment page. Your order is saved: pay when you are ready." };
  if (query.get("payment") === "unavailable") return { tone: "error", message: "Your order is saved, but the payment page could not be opened. Try paying again in a minute." };
  return null;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const order = await orderView(user.id, params.id ?? "");
  if (!order) throw new Response("Not found", { status: 404 });
  return { order, notice: noticeFor(new URL(request.url).searchParams, order) };
}

const actionSchema = z.object({ intent: z.literal("pay", { error: "Unknown action." }) });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ message: parsed.error.issues[0]?.message ?? "Unknown action." }, { status: 400 });
  try {
    return redirect(await startOrderPayment(user.id, params.id ?? "", appUrlFor(request)));
  } catch (error) {
    if (error instanceof OrderError) {
      if (error.status === 404) throw new Response("Not found", { status: 404 });
      return data({ message: error.message }, { status: error.status });
    }
    await recordServerError(error, { route: "/orders/:id", userId: user.id });
    return data({ message: "We could not open the payment page. Your order is saved; try again in a minute." }, { status: 502 });
  }
}

const timeFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const when = (iso: string) => `${timeFormat.format(new Date(iso))} UTC`;

export default function OrderPage() {
  const { order, notice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const paying = navigation.state !== "idle" && navigation.formMethod === "POST";

  useEffect(() => {
    if (order.final) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && revalidator.state === "idle") revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [order.final, revalidator]);

  const money = (amount: string) => formatMoney(amount, order.currency);
  const events = [...order.events].reverse();

  return (
    <div className="mx-auto max-w-5xl px-4 py-10">
      <PageHeading
        title={`Order ${order.orderNumber}`}
        description={`Placed ${when(order.createdAt)}.`}
        actions={
          <div className="flex items-center gap-3">
            <span data-testid="order-status" data-status={order.status}>
              <Badge tone={ORDER_STATUS_TONE[order.status] ?? "slate"}>{ORDER_STATUS_LABEL[order.status] ?? order.status}</Badge>
            </span>
            <Link to="/orders" className="text-sm font-semibold text-brand-700 hover:underline">
              All orders
            </Link>
          </div>
        }
      />
      <div className="space-y-4">
        {notice ? <FormMessage tone={notice.tone}>{notice.message}</FormMessage> : null}
        {result?.message ? <FormMessage>{result.message}</FormMessage> : null}
        {order.payable ? (
          <Card className="flex flex-col gap-4 sm:flex-row sm:items-center sm:justify-between">
            <p className="text-slate-700">This order is waiting for payment. Your card is only authorised now and charged when the print studio accepts the order.</p>
            <Form method="post">
              <input type="hidden" name="intent" value="pay" />
              <Button type="submit" disabled={paying}>
                {paying ? "Opening the payment page…" : `Pay ${money(order.total)}`}
              </Button>
            </Form>
          </Card>
        ) : null}
      </div>

      <div className="mt-8 grid gap-8 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="space-y-8">
          <Card aria-labelledby="items-heading">
            <h2 id="items-heading" className="text-lg font-semibold text-slate-900">
              Items
            </h2>
            <ul className="mt-4 divide-y divide-slate-100">
              {order.items.map((item) => (
                <li key={item.id} className="flex gap-4 py-4">
                  <img src={`${item.imageUrl}?thumb=1`} alt={`The photo printed on your ${item.productName}`} width={72} height={72} loading="lazy" className="h-16 w-16 flex-none rounded-lg bg-slate-100 object-cover" />
                  <div className="min-w-0 flex-1 text-sm">
                    <p className="font-medium text-slate-900">{item.productName}</p>
                    {item.variantName ? <p className="text-slate-600">{item.variantName}</p> : null}
                    {item.customText ? <p className="text-slate-500">Text: “{item.customText}”</p> : null}
                    <p className="text-slate-600">
                      {item.quantity} × {money(item.unitPrice)}
                    </p>
                  </div>
                  <p className="text-sm font-semibold text-slate-900">{money(item.total)}</p>
                </li>
              ))}
            </ul>
            <dl className="mt-4 space-y-2 border-t border-slate-200 pt-4 text-sm">
              <div className="flex justify-between">
                <dt className="text-slate-600">Subtotal</dt>
                <dd>{money(order.subtotal)}</dd>
              </div>
              <div className="flex justify-between">
                <dt className="text-slate-600">Shipping</dt>
                <dd>{order.shipping === "0.00" ? "Free" : money(order.shipping)}</dd>
              </div>
              <div className="flex justify-between border-t border-slate-200 pt-2 text-base font-semibold">
                <dt>Total</dt>
                <dd>{money(order.total)}</dd>
              </div>
            </dl>
          </Card>

          {order.shipments.length ? (
            <Card aria-labelledby="tracking-heading">
              <h2 id="tracking-heading" className="text-lg font-semibold text-slate-900">
                Tracking
              </h2>
              <ul className="mt-4 space-y-3 text-sm">
                {order.shipments.map((shipment) => (
                  <li key={shipment.id} className="rounded-lg bg-slate-50 p-4">
                    <p className="font-medium text-slate-900">
                      {shipment.carrier ?? "Courier"} · {shipment.status.toLowerCase().replaceAll("_", " ")}
                    </p>
                    {shipment.trackingNumber ? (
                      <p className="text-slate-700">
                        Tracking number{" "}
                        {shipment.trackingUrl ? (
                          <a href={shipment.trackingUrl} target="_blank" rel="noreferrer noopener" className="font-mono font-semibold text-brand-700 hover:underline">
                            {shipment.trackingNumber}
                          </a>
                        ) : (
                          <span className="font-mono">{shipment.trackingNumber}</span>
                        )}
                      </p>
                    ) : null}
                    {shipment.shippedAt ? <p className="text-slate-600">Shipped {when(shipment.shippedAt)}</p> : null}
                    {shipment.deliveredAt ? <p className="text-slate-600">Delivered {when(shipment.deliveredAt)}</p> : null}
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
        </div>

        <div className="space-y-8">
          <Card aria-labelledby="timeline-heading">
            <h2 id="timeline-heading" className="text-lg font-semibold text-slate-900">
              Progress
            </h2>
            <ol className="mt-4" aria-live="polite">
              {events.map((event, index) => (
                <li key={event.id} className="relative flex gap-3 pb-5 last:pb-0">
                  {index < events.length - 1 ? <span aria-hidden="true" className="absolute left-[0.4375rem] top-4 h-full w-px bg-slate-200" /> : null}
                  <span aria-hidden="true" className={cx("relative mt-1 h-3.5 w-3.5 flex-none rounded-full ring-4 ring-white", index === 0 ? "bg-brand-600" : "bg-slate-300")} />
                  <div className="text-sm">
                    <p className={cx("font-medium", index === 0 ? "text-slate-900" : "text-slate-700")}>{event.label}</p>
                    {event.detail ? <p className="text-slate-600">{event.detail}</p> : null}
                    <p className="text-xs text-slate-500">
                      <time dateTime={event.at}>{when(event.at)}</time>
                    </p>
                  </div>
                </li>
              ))}
            </ol>
          </Card>

          <Card aria-labelledby="address-heading">
            <h2 id="address-heading" className="text-lg font-semibold text-slate-900">
              Shipping to
            </h2>
            <address className="mt-3 text-sm not-italic leading-6 text-slate-700">
              {order.address.name}
              <br />
              {order.address.line1}
              <br />
              {order.address.line2 ? (
                <>
                  {order.address.line2}
                  <br />
                </>
              ) : null}
              {order.address.city} {order.address.postalCode}
              <br />
              {order.address.countryName}
            </address>
            <p className="mt-3 text-sm text-slate-600">Updates go to {order.customerEmail}.</p>
          </Card>
        </div>
      </div>
    </div>
  );
}
