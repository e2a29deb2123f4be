/**
 * The person's boxes as cards: name (opening the box), status, size, cost per hour, how long it has
 * run and until when it is paid, why it failed, and the actions its status allows. Also the empty
 * state that says what a box is.
 */
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { BoxAction } from "@spike-land/shared/boxes";
import type { BoxView } from "../../.server/boxes/boxes.server.ts";
import type { FormReply } from "../../lib/form-reply.ts";
import { formatTime } from "../../lib/format.ts";
import { Card } from "../ui.tsx";
import { BoxActions } from "./box-actions.tsx";
import { formatMemory, formatUptime, tokensPerHour } from "./box-format.ts";
import { BoxStatusBadge } from "./box-status.tsx";

export type BoxCardData = {
  id: string;
  name: string;
  status: string;
  tier: { name: string; cpu: number; ramMb: number; storageGb: number; tokensPerHour: number } | null;
  /** Seconds the current run has lasted when the page was loaded; null when not running. */
  uptimeSeconds: number | null;
  paidUntil: Date | string | null;
  failure: string | null;
  actions: BoxAction[];
};

/** What a card shows of a box, as of `now`. */
export function boxCard(box: BoxView, now: Date): BoxCardData {
  return {
    id: box.id,
    name: box.name,
    status: box.status,
    tier: box.tier ? { name: box.tier.name, cpu: box.tier.cpu, ramMb: box.tier.ramMb, storageGb: box.tier.storageGb, tokensPerHour: box.tier.tokensPerHour } : null,
    uptimeSeconds: box.running ? Math.max(0, Math.floor((now.getTime() - box.running.startedAt.getTime()) / 1000)) : null,
    paidUntil: box.running?.paidUntil ?? null,
    failure: box.status === "ERROR" ? (box.lastAction?.error ?? "Something went wrong with this box.") : null,
    actions: box.actions,
  };
}

const clock = (value: Date | string) => `${formatTime(value, { hour: "2-digit", minute: "2-digit", timeZone: "UTC" })} UTC`;

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="flex gap-2">
      <dt className="w-20 shrink-0 text-slate-600">{term}</dt>
      <dd className="min-w-0 text-slate-900">{children}</dd>
    </div>
  );
}

function BoxCard({ box, reply }: { box: BoxCardData; reply: FormReply | undefined }) {
  return (
    <article aria-labelledby={`box-${box.id}-name`} className="flex h-full flex-col gap-4 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <div className="flex items-start justify-between gap-3">
        <h2 id={`box-${box.id}-name`} className="min-w-0 text-lg font-semibold text-slate-900">
          <Link to={`/boxes/${box.id}`} className="block truncate hover:text-brand-700 hover:underline">
            {box.name}
          </Link>
        </h2>
        <BoxStatusBadge status={box.status} />
      </div>
      <dl className="space-y-1 text-sm">
        <Fact term="Size">
          {box.tier ? `${box.tier.name} · ${box.tier.cpu} vCPU · ${formatMemory(box.tier.ramMb)} RAM · ${box.tier.storageGb} GB storage` : "No longer offered"}
        </Fact>
        {box.tier ? <Fact term="Cost">{tokensPerHour(box.tier.tokensPerHour)}</Fact> : null}
        {box.uptimeSeconds !== null ? <Fact term="Up for">{formatUptime(box.uptimeSeconds)}</Fact> : null}
        {box.paidUntil ? <Fact term="Paid until">{clock(box.paidUntil)}</Fact> : null}
      </dl>
      {box.failure ? <p className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">{box.failure}</p> : null}
      <div className="mt-auto space-y-3">
        <BoxActions box={{ id: box.id, name: box.name, actions: box.actions, tokensPerHour: box.tier?.tokensPerHour ?? null }} reply={reply} />
        <Link to={`/boxes/${box.id}`} className="inline-block text-sm font-semibold text-brand-700 hover:underline">
          {box.status === "RUNNING" ? "Open the screen and chat" : "Open the box"}
          <span aria-hidden="true"> →</span>
          <span className="sr-only"> {box.name}</span>
        </Link>
      </div>
    </article>
  );
}

export function BoxList({ boxes, reply }: { boxes: BoxCardData[]; reply: FormReply | undefined }) {
  return (
    <ul aria-label="Your boxes" className="grid grid-cols-1 gap-5 md:grid-cols-2 lg:grid-cols-3">
      {boxes.map((box) => (
        <li key={box.id} data-testid="box-card">
          <BoxCard box={box} reply={reply} />
        </li>
      ))}
    </ul>
  );
}

export function NoBoxes() {
  return (
    <Card className="text-center" aria-labelledby="no-boxes-heading">
      <h2 id="no-boxes-heading" className="text-lg font-semibold text-slate-900">
        You have no boxes yet
      </h2>
      <div className="mx-auto mt-3 max-w-2xl space-y-2 text-slate-600">
        <p>
          A box is a desktop in the cloud with its own web browser. Watch its screen here and drive it with your mouse and keyboard, or tell it in its
          chat what to do: open a page, click, type, read text and take screenshots.
        </p>
        <p>
          It is paid by the hour in tokens: the first hour when it starts, then each hour it keeps running. Stop it whenever you like; a stopped box
          costs nothing and keeps its files until you delete it.
        </p>
      </div>
    </Card>
  );
}
