/**
 * The parts of a customer's order page: the lines with their totals, tracking once shipped, the
 * timeline built from the order's events, the shipping address, and "Pay" while it is unpaid.
 */
import { Form, useNavigation } from "@remix-run/react";
import { formatMoney } from "@spike-land/shared/payments/money";
import type { OrderView } from "../../.server/merch/orders.server.ts";
import { Button, Card, cx } from "../ui.tsx";

const timeFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** Times on the order page are in UTC, said so, so they read the same wherever the page is opened. */
export const when = (iso: string) => `${timeFormat.format(new Date(iso))} UTC`;

export function PayOrderCard({ order }: { order: OrderView }) {
  const navigation = useNavigation();
  const paying = navigation.state !== "idle" && navigation.formMethod === "POST";
  return (
    <Card className="flex flex-col gap-4 sm:flex-row sm:items-center sm:justify-between">
      <p className="text-slate-700">This order is waiting for payment. Your card is only authorised now and charged when the print studio accepts the order.</p>
      <Form method="post">
        <input type="hidden" name="intent" value="pay" />
        <Button type="submit" disabled={paying}>
          {paying ? "Opening the payment page…" : `Pay ${formatMoney(order.total, order.currency)}`}
        </Button>
      </Form>
    </Card>
  );
}

export function OrderItemsCard({ order }: { order: OrderView }) {
  const money = (amount: string) => formatMoney(amount, order.currency);
  return (
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
  );
}

export function TrackingCard({ shipments }: { shipments: OrderView["shipments"] }) {
  return (
    <Card aria-labelledby="tracking-heading">
      <h2 id="tracking-heading" className="text-lg font-semibold text-slate-900">
        Tracking
      </h2>
      <ul className="mt-4 space-y-3 text-sm">
        {shipments.map((shipment) => (
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
  );
}

/** The order's events, newest first. */
export function TimelineCard({ events }: { events: OrderView["events"] }) {
  const newestFirst = [...events].reverse();
  return (
    <Card aria-labelledby="timeline-heading">
      <h2 id="timeline-heading" className="text-lg font-semibold text-slate-900">
        Progress
      </h2>
      <ol className="mt-4" aria-live="polite">
        {newestFirst.map((event, index) => (
          <li key={event.id} className="relative flex gap-3 pb-5 last:pb-0">
            {index < newestFirst.length - 1 ? <span aria-hidden="true" className="absolute left-[0.4375rem] top-4 h-full w-px bg-slate-200" /> : null}
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
  );
}

export function ShippingAddressCard({ order }: { order: OrderView }) {
  const { address } = order;
  return (
    <Card aria-labelledby="address-heading">
      <h2 id="address-heading" className="text-lg font-semibold text-slate-900">
        Shipping to
      </h2>
      <address className="mt-3 text-sm not-italic leading-6 text-slate-700">
        {address.name}
        <br />
        {address.line1}
        <br />
        {address.line2 ? (
          <>
            {address.line2}
            <br />
          </>
        ) : null}
        {address.city} {address.postalCode}
        <br />
        {address.countryName}
      </address>
      <p className="mt-3 text-sm text-slate-600">Updates go to {order.customerEmail}.</p>
    </Card>
  );
}
