/** The merch order desk's page for one order, and what the admin may do with it. */
import { Form, Link, useSearchParams } from "@remix-run/react";
import { ORDER_EVENT_LABEL, type OrderEventType } from "@spike-land/shared/merch/orders";
import type { AdminOrder } from "../../.server/merch/order-desk.server.ts";
import type { FormReply } from "../../lib/form-reply.ts";
import { ReplyMessage } from "../form-reply.tsx";
import { Badge, Button, Card } from "../ui.tsx";
import { DESK_STATUS_TONE as STATUS_TONE, deskStatusLabel as label, deskTime as when } from "./order-display.ts";

const eventLabel = (type: string) => ORDER_EVENT_LABEL[type as OrderEventType] ?? label(type);

function EventData({ value }: { value: unknown }) {
  if (value === null || value === undefined || typeof value !== "object") return null;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined && v !== "");
  if (entries.length === 0) return null;
  return (
    <dl className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
      {entries.map(([key, v]) => (
        <div key={key} className="flex gap-1">
          <dt className="font-medium">{key}:</dt>
          <dd className="break-all font-mono">{typeof v === "string" ? v : JSON.stringify(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One order's page: its actions (resubmit, cancel after a confirm step), items, address, payment, shipments and events. */
export function MerchOrderDesk({ order, reply, busy }: { order: AdminOrder; reply: FormReply | undefined; busy: boolean }) {
  const [params] = useSearchParams();
  const confirming = params.get("confirm") === "cancel" && order.canCancel;
  const address = order.shippingAddress;
  return (
    <div className="space-y-6">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <Link to="/admin/merch" className="text-sm font-semibold text-brand-700 hover:underline">← All orders</Link>
          <h3 className="mt-2 font-mono text-xl font-semibold text-slate-900">{order.orderNumber}</h3>
          <p className="text-sm text-slate-600">
            Placed {when(order.createdAt)} UTC by{" "}
            {order.user ? (
              <Link to={`/admin/users/${order.user.id}`} className="text-brand-700 hover:underline">{order.user.email ?? order.user.name ?? order.customerEmail}</Link>
            ) : (
              <span>a deleted account</span>
            )}
          </p>
        </div>
        <Badge tone={STATUS_TONE[order.status] ?? "slate"}>{label(order.status)}</Badge>
      </div>

      <ReplyMessage reply={reply} />

      <Card aria-labelledby="order-actions-heading" className="sm:p-6">
        <h4 id="order-actions-heading" className="text-base font-semibold">Actions</h4>
        <div className="mt-3 flex flex-wrap items-start gap-3">
          <Form method="post">
            <Button type="submit" name="intent" value="resubmit" variant="secondary" disabled={busy || !order.canResubmit} aria-describedby="resubmit-hint">
              Resubmit to provider
            </Button>
          </Form>
          {order.canCancel && !confirming ? (
            <Link to="?confirm=cancel" className="inline-flex items-center rounded-lg bg-white px-4 py-2.5 text-sm font-semibold text-red-700 ring-1 ring-red-300 hover:bg-red-50">
              Cancel and refund…
            </Link>
          ) : null}
        </div>
        <p id="resubmit-hint" className="mt-2 text-sm text-slate-600">
          {order.canResubmit ? "Queues the order for the print provider again." : "Resubmitting is for paid orders, or submitted ones with a failed item."}
          {order.canCancel ? "" : " This order can no longer be cancelled."}
        </p>
        {confirming ? (
          <div role="alertdialog" aria-labelledby="confirm-cancel-heading" className="mt-4 rounded-xl bg-red-50 p-4 ring-1 ring-red-200">
            <p id="confirm-cancel-heading" className="font-semibold text-red-900">Cancel {order.orderNumber}?</p>
            <p className="mt-1 text-sm text-red-900">
              {order.payment.status === "captured"
                ? `The customer is refunded ${order.total} in full.`
                : order.payment.status === "authorized"
                  ? "The payment authorisation is released; the customer is not charged."
                  : "No payment was taken."}{" "}
              This cannot be undone.
            </p>
            <div className="mt-3 flex flex-wrap gap-2">
              <Form method="post">
                <input type="hidden" name="confirm" value="yes" />
                <Button type="submit" name="intent" value="cancel" variant="danger" disabled={busy}>Yes, cancel the order</Button>
              </Form>
              <Link to="." className="inline-flex items-center rounded-lg px-4 py-2.5 text-sm font-semibold text-slate-700 hover:bg-white">Keep it</Link>
            </div>
          </div>
        ) : null}
      </Card>

      <div className="grid gap-6 lg:grid-cols-3">
        <Card aria-labelledby="order-items-heading" className="lg:col-span-2 sm:p-6">
          <h4 id="order-items-heading" className="text-base font-semibold">Items</h4>
          <ul className="mt-3 divide-y divide-slate-100">
            {order.items.map((item) => (
              <li key={item.id} className="flex gap-4 py-3">
                <a href={item.thumbUrl} target="_blank" rel="noreferrer" className="shrink-0 rounded-lg focus:outline-none focus:ring-2 focus:ring-brand-600">
                  <img src={item.thumbUrl} alt={`Print file for ${item.productName}`} loading="lazy" className="h-20 w-20 rounded-lg bg-slate-100 object-cover ring-1 ring-slate-200" />
                </a>
                <div className="min-w-0 flex-1 text-sm">
                  <p className="font-medium text-slate-900">{item.productName}{item.variantName ? ` · ${item.variantName}` : ""}</p>
                  <p className="text-slate-600">{item.quantity} × {item.unitPrice} = <span className="font-medium text-slate-900">{item.totalPrice}</span></p>
                  <p className="mt-1 text-xs text-slate-600">
                    {item.provider}{item.podOrderId ? ` · ${item.podOrderId}` : ""}{" "}
                    {item.podStatus ? <Badge tone={item.failed ? "red" : "slate"}>{item.podStatus}</Badge> : <span>not sent yet</span>}
                  </p>
                  {item.customText ? <p className="mt-1 text-xs text-slate-600">Text: “{item.customText}”</p> : null}
                  <p className="mt-1 truncate font-mono text-xs text-slate-500" title={item.imageKey}>{item.imageKey}</p>
                </div>
              </li>
            ))}
          </ul>
          <dl className="mt-4 grid grid-cols-2 gap-1 border-t border-slate-200 pt-3 text-sm tabular-nums">
            <dt className="text-slate-600">Subtotal</dt><dd className="text-right">{order.subtotal}</dd>
            <dt className="text-slate-600">Shipping</dt><dd className="text-right">{order.shippingCost}</dd>
            <dt className="text-slate-600">Tax</dt><dd className="text-right">{order.taxAmount}</dd>
            <dt className="font-semibold">Total</dt><dd className="text-right font-semibold">{order.total}</dd>
          </dl>
        </Card>

        <div className="space-y-6">
          <Card aria-labelledby="order-address-heading" className="sm:p-6">
            <h4 id="order-address-heading" className="text-base font-semibold">Ship to</h4>
            <address className="mt-2 text-sm not-italic text-slate-800">
              {[address.name, address.line1, address.line2, `${address.postalCode} ${address.city}`.trim(), address.country].filter(Boolean).map((line) => <span key={line} className="block">{line}</span>)}
            </address>
            <p className="mt-2 text-sm text-slate-600">{order.customerEmail}{order.customerPhone ? ` · ${order.customerPhone}` : ""}</p>
          </Card>
          <Card aria-labelledby="order-payment-heading" className="sm:p-6">
            <h4 id="order-payment-heading" className="text-base font-semibold">Payment</h4>
            <dl className="mt-2 space-y-1 text-sm">
              <div className="flex justify-between gap-2"><dt className="text-slate-600">Status</dt><dd className="font-medium">{order.payment.status ?? "none"}</dd></div>
              <div className="flex justify-between gap-2"><dt className="text-slate-600">Authorised</dt><dd>{when(order.payment.paidAt)}</dd></div>
              <div className="flex flex-col"><dt className="text-slate-600">PaymentIntent</dt><dd className="truncate font-mono text-xs" title={order.payment.intentId ?? ""}>{order.payment.intentId ?? "—"}</dd></div>
            </dl>
          </Card>
        </div>
      </div>

      <Card aria-labelledby="order-shipments-heading" className="sm:p-6">
        <h4 id="order-shipments-heading" className="text-base font-semibold">Shipments</h4>
        {order.shipments.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">Nothing shipped yet.</p>
        ) : (
          <ul className="mt-3 divide-y divide-slate-100 text-sm">
            {order.shipments.map((shipment) => (
              <li key={shipment.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 py-2">
                <Badge tone={shipment.status === "DELIVERED" ? "green" : shipment.status === "FAILED" ? "red" : "slate"}>{label(shipment.status)}</Badge>
                <span>{shipment.provider}{shipment.carrier ? ` · ${shipment.carrier}` : ""}</span>
                {shipment.trackingNumber ? (
                  shipment.trackingUrl ? <a href={shipment.trackingUrl} target="_blank" rel="noreferrer" className="font-mono text-brand-700 hover:underline">{shipment.trackingNumber}</a> : <span className="font-mono">{shipment.trackingNumber}</span>
                ) : null}
                <span className="text-slate-600">Shipped {when(shipment.shippedAt)} · Delivered {when(shipment.deliveredAt)}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card aria-labelledby="order-events-heading" className="sm:p-6">
        <h4 id="order-events-heading" className="text-base font-semibold">Events</h4>
        <ol className="mt-3 space-y-3 border-l-2 border-slate-200 pl-4" data-testid="order-events">
          {order.events.map((event) => (
            <li key={event.id} className="text-sm">
              <p><span className="font-medium text-slate-900">{eventLabel(event.type)}</span> <span className="text-slate-600">· {when(event.createdAt)} UTC · <code className="text-xs">{event.type}</code></span></p>
              <EventData value={event.data} />
            </li>
          ))}
          {order.events.length === 0 ? <li className="text-sm text-slate-600">No events recorded.</li> : null}
        </ol>
      </Card>
    </div>
  );
}
