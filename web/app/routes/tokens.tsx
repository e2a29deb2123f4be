/** Token history: the user's ledger, newest first, with what each entry was for and when the next free token arrives. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { REGENERATION_INTERVAL_MS } from "@spike-land/shared/tokens/tiers";
import { HOUR_MS, MINUTE_MS } from "@spike-land/shared/time";
import { Badge, Card, PageHeading, TableHead } from "../components/ui.tsx";
import { describeEntry, ENTRY_LABEL } from "../components/ledger.ts";
import { Pagination } from "../components/pagination.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import { history, readBalance } from "../.server/tokens/ledger.server.ts";
import { formatDateTime, formatTime } from "../lib/format.ts";

export const meta: MetaFunction = () => [{ title: "Token history — Spike Land" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const page = z.coerce.number().int().min(1).max(100_000).catch(1).parse(new URL(request.url).searchParams.get("page") ?? 1);
  const balance = await readBalance(user.id);
  const ledger = await history(user.id, page);
  return {
    balance: { ...balance, nextTokenAt: balance.nextTokenAt?.toISOString() ?? null },
    page,
    ...ledger,
    entries: ledger.entries.map((e) => ({ ...e, createdAt: e.createdAt.toISOString(), label: ENTRY_LABEL[e.type] ?? e.type, description: describeEntry(e) })),
  };
}

function minutesUntil(iso: string): number {
  return Math.max(1, Math.ceil((new Date(iso).getTime() - Date.now()) / MINUTE_MS));
}

export default function TokenHistory() {
  const { balance, entries, page, pages, total } = useLoaderData<typeof loader>();
  const perHourFree = HOUR_MS / REGENERATION_INTERVAL_MS;
  return (
    <div className="mx-auto max-w-4xl px-4 py-10">
      <PageHeading title="Tokens" description="Every change to your balance, and why it happened." />
      <div className="grid gap-6 sm:grid-cols-3">
        <Card className="sm:col-span-1">
          <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-600">Balance</h2>
          <p className="mt-2 text-4xl font-extrabold" data-testid="history-balance">{balance.balance}</p>
          <p className="mt-1 text-sm text-slate-600">
            <Badge tone="brand">{balance.tier}</Badge> capacity {balance.capacity}
          </p>
        </Card>
        <Card className="sm:col-span-2">
          <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-600">Free tokens</h2>
          {balance.nextTokenAt ? (
            <p className="mt-2 text-slate-800" data-testid="next-token">
              Your next free token arrives in <strong>{minutesUntil(balance.nextTokenAt)} min</strong> (at{" "}
              {formatTime(balance.nextTokenAt, { hour: "2-digit", minute: "2-digit" })}). You get {perHourFree} an hour until you reach {balance.capacity}.
            </p>
          ) : (
            <p className="mt-2 text-slate-800" data-testid="next-token">
              You're at or above your tier's capacity of {balance.capacity}, so free tokens pause until you spend some.
            </p>
          )}
        </Card>
      </div>

      <Card className="mt-6">
        <h2 className="text-lg font-semibold">History</h2>
        <p className="text-sm text-slate-600">{total} {total === 1 ? "entry" : "entries"}</p>
        <div className="mt-4 overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="ledger">
            <caption className="sr-only">Token ledger, newest first</caption>
            <TableHead columns={["When", "What", { label: "Change", align: "right" }, { label: "Balance", align: "right" }]} />
            <tbody className="divide-y divide-slate-100">
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td className="whitespace-nowrap py-3 pr-4 text-slate-600">{formatDateTime(entry.createdAt, { dateStyle: "medium", timeStyle: "short" })}</td>
                  <td className="py-3 pr-4">
                    <p className="font-medium text-slate-900">{entry.label}</p>
                    <p className="text-slate-600">{entry.description}</p>
                  </td>
                  <td className={`py-3 pr-4 text-right font-semibold ${entry.amount >= 0 ? "text-emerald-700" : "text-red-700"}`}>
                    {entry.amount >= 0 ? `+${entry.amount}` : `−${Math.abs(entry.amount)}`}
                  </td>
                  <td className="py-3 text-right tabular-nums">{entry.balanceAfter}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Pagination page={page} pages={pages} previousLabel="Newer" nextLabel="Older" />
      </Card>
    </div>
  );
}
