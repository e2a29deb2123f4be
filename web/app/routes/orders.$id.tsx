/**
 * GET/POST /orders/:id — one order: its lines, totals, address, status and a timeline built from its
 * events, with tracking once shipped. While the order can still change the page refreshes itself
 * every 5 seconds. An unpaid order can be paid from here (POST intent=pay).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { z } from "zod";
import { DomainError, isDomainError } from "@spike-land/shared/errors";
import { ORDER_STATUS_LABEL, ORDER_STATUS_TONE } from "../components/shop/order-status.ts";
import { OrderItemsCard, PayOrderCard, ShippingAddressCard, TimelineCard, TrackingCard, when } from "../components/shop/order-sections.tsx";
import { ReplyMessage } from "../components/form-reply.tsx";
import { Badge, FormMessage, PageHeading } from "../components/ui.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { orderView, startOrderPayment } from "../.server/merch/orders.server.ts";
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
  return handleForm(
    request,
    actionSchema,
    async () => {
      const paymentPage = await startOrderPayment(user.id, params.id ?? "", appUrlFor(request)).catch(async (error: unknown) => {
        if (isDomainError(error)) throw error;
        await recordServerError(error, { route: "/orders/:id", userId: user.id });
        throw new DomainError(502, "We could not open the payment page. Your order is saved; try again in a minute.");
      });
      return redirect(paymentPage);
    },
    // Someone else's order, or none, is the page's 404.
    { notFoundIsPage: true },
  );
}

export default function OrderPage() {
  const { order, notice } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const revalidator = useRevalidator();

  useEffect(() => {
    if (order.final) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && revalidator.state === "idle") revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [order.final, revalidator]);

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
        <ReplyMessage reply={reply} />
        {order.payable ? <PayOrderCard order={order} /> : null}
      </div>
      <div className="mt-8 grid gap-8 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="space-y-8">
          <OrderItemsCard order={order} />
          {order.shipments.length ? <TrackingCard shipments={order.shipments} /> : null}
        </div>
        <div className="space-y-8">
          <TimelineCard events={order.events} />
          <ShippingAddressCard order={order} />
        </div>
      </div>
    </div>
  );
}
