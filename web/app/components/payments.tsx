/** Small pieces the payment pages share: money, a spinner for redirects, status badges, dates. */
import { formatMoney } from "@spike-land/shared/payments/money";
import { Badge } from "./ui.tsx";
import { formatDate, formatDateTime } from "../lib/format.ts";

export function Money({ amount, currency = "GBP" }: { amount: string; currency?: string }) {
  return <>{formatMoney(amount, currency)}</>;
}

export function Spinner({ className = "h-4 w-4" }: { className?: string }) {
  return (
    <svg aria-hidden className={`${className} animate-spin`} viewBox="0 0 24 24" fill="none">
      <circle cx="12" cy="12" r="10" stroke="currentColor" strokeWidth="4" className="opacity-25" />
      <path d="M4 12a8 8 0 018-8" stroke="currentColor" strokeWidth="4" strokeLinecap="round" className="opacity-90" />
    </svg>
  );
}

const PAYMENT_TONE = { SUCCEEDED: "green", PENDING: "amber", FAILED: "red", REFUNDED: "slate" } as const;
const PAYMENT_LABEL = { SUCCEEDED: "Paid", PENDING: "Awaiting payment", FAILED: "Failed", REFUNDED: "Refunded" } as const;

export function PaymentStatusBadge({ status }: { status: keyof typeof PAYMENT_TONE }) {
  return <Badge tone={PAYMENT_TONE[status]}>{PAYMENT_LABEL[status]}</Badge>;
}

const SUBSCRIPTION_TONE = { ACTIVE: "green", TRIALING: "brand", PAST_DUE: "amber", UNPAID: "red", CANCELED: "slate" } as const;
const SUBSCRIPTION_LABEL = { ACTIVE: "Active", TRIALING: "Trial", PAST_DUE: "Past due", UNPAID: "Unpaid", CANCELED: "Ended" } as const;

export function SubscriptionStatusBadge({ status }: { status: keyof typeof SUBSCRIPTION_TONE }) {
  return <Badge tone={SUBSCRIPTION_TONE[status]}>{SUBSCRIPTION_LABEL[status]}</Badge>;
}

export function longDate(iso: string): string {
  return formatDate(iso, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

export function shortDateTime(iso: string): string {
  return formatDateTime(iso, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
}
