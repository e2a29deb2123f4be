/**
 * Every box for the admin, a page at a time: owner, name, size, status, how long the current run has
 * lasted and the tokens the box has cost, with a "Force stop" form on each running box.
 */
import { Form, Link } from "@remix-run/react";
import type { AdminBoxRow } from "../../.server/boxes/boxes.server.ts";
import type { FormReply } from "../../lib/form-reply.ts";
import { formatDateTime } from "../../lib/format.ts";
import { replyTo } from "../admin/replies.ts";
import { ReplyMessage } from "../form-reply.tsx";
import { Pagination } from "../pagination.tsx";
import { Badge, Button, Card } from "../ui.tsx";
import { formatUptime } from "./box-format.ts";
import { BoxStatusBadge } from "./box-status.tsx";

type Row = Omit<AdminBoxRow, "createdAt" | "deletedAt"> & { createdAt: Date | string; deletedAt: Date | string | null };

const when = (value: Date | string) => formatDateTime(value, { timeZone: "UTC", dateStyle: "medium", timeStyle: "short" });

function ForceStop({ box, busy }: { box: Row; busy: boolean }) {
  return (
    <Form
      method="post"
      onSubmit={(event) => {
        if (!confirm(`Stop “${box.name}” of ${box.owner.email ?? "this user"} now? Its owner is told in the box's chat.`)) event.preventDefault();
      }}
    >
      <input type="hidden" name="boxId" value={box.id} />
      <Button type="submit" name="intent" value="force-stop" variant="danger" className="whitespace-nowrap px-3 py-1.5" disabled={busy} aria-label={`Force stop ${box.name}`}>
        Force stop
      </Button>
    </Form>
  );
}

type Props = { boxes: Row[]; total: number; page: number; pages: number; reply: FormReply | undefined; busy: boolean };

export function AdminBoxList({ boxes, total, page, pages, reply, busy }: Props) {
  const answer = replyTo(reply, ["force-stop"]);
  return (
    <Card aria-labelledby="admin-boxes-heading">
      <h2 id="admin-boxes-heading" className="text-lg font-semibold">
        Boxes
      </h2>
      <p className="text-sm text-slate-600">
        {total} {total === 1 ? "box" : "boxes"} in all, deleted ones included. Uptime is the current run; tokens are what the box has cost, less refunds.
      </p>
      {answer ? (
        <div className="mt-4">
          <ReplyMessage reply={answer} />
        </div>
      ) : null}
      {/* Positioned, so the header's screen-reader-only text stays inside the scrolling area. */}
      <div className="relative mt-6 overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="admin-boxes">
          <thead className="border-b border-slate-200 text-slate-600">
            <tr>
              <th scope="col" className="py-2 pr-4 font-medium">Created (UTC)</th>
              <th scope="col" className="py-2 pr-4 font-medium">Owner</th>
              <th scope="col" className="py-2 pr-4 font-medium">Name</th>
              <th scope="col" className="py-2 pr-4 font-medium">Size</th>
              <th scope="col" className="py-2 pr-4 font-medium">Status</th>
              <th scope="col" className="py-2 pr-4 text-right font-medium">Uptime</th>
              <th scope="col" className="py-2 pr-4 text-right font-medium">Tokens</th>
              <th scope="col" className="py-2 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {boxes.map((box) => (
              <tr key={box.id}>
                <td className="whitespace-nowrap py-3 pr-4 text-slate-600">{when(box.createdAt)}</td>
                <td className="py-3 pr-4">
                  <Link to={`/admin/users/${box.owner.id}`} className="break-all text-brand-700 hover:underline">
                    {box.owner.email ?? box.owner.id}
                  </Link>
                </td>
                <td className="py-3 pr-4 font-medium text-slate-900">{box.name}</td>
                <td className="py-3 pr-4">{box.tier ?? "—"}</td>
                <td className="py-3 pr-4">
                  <span className="flex flex-wrap gap-1">
                    <BoxStatusBadge status={box.status} />
                    {box.deletedAt && box.status !== "TERMINATED" ? <Badge>Deleted</Badge> : null}
                  </span>
                </td>
                <td className="whitespace-nowrap py-3 pr-4 text-right tabular-nums">{box.status === "RUNNING" ? formatUptime(box.uptimeSeconds) : "—"}</td>
                <td className="py-3 pr-4 text-right tabular-nums">{box.tokensSpent}</td>
                <td className="py-3 pl-2 text-right">{box.status === "RUNNING" ? <ForceStop box={box} busy={busy} /> : null}</td>
              </tr>
            ))}
            {boxes.length === 0 ? (
              <tr>
                <td colSpan={8} className="py-3 text-slate-600">
                  No boxes yet.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      <Pagination page={page} pages={pages} />
    </Card>
  );
}
