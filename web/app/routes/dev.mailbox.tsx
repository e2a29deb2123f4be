/** The local outbox, readable in development only (it 404s in production or when SMTP is configured). */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Badge, Card, PageHeading } from "../components/ui.tsx";
import { env } from "../.server/platform/env.server.ts";
import { listOutbox } from "../.server/email/send.server.ts";
import { formatDateTime } from "../lib/format.ts";

export const meta: MetaFunction = () => [{ title: "Mailbox (development) — Spike Land" }];

export async function loader(_: LoaderFunctionArgs) {
  if (env.isProduction || env.SMTP_URL) throw new Response("Not found", { status: 404 });
  const messages = await listOutbox();
  return { messages: messages.map((m) => ({ id: m.id, to: m.to, subject: m.subject, status: m.status, sentAt: m.sentAt.toISOString() })) };
}

export default function Mailbox() {
  const { messages } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-4xl px-4 py-10">
      <PageHeading title="Mailbox" description="Emails the app sent while no SMTP server is configured. Only available in development." />
      <Card>
        <ul className="divide-y divide-slate-100" data-testid="mailbox">
          {messages.map((m) => (
            <li key={m.id}>
              <Link to={`/dev/mailbox/${m.id}`} className="flex flex-col gap-1 px-2 py-3 hover:bg-slate-50 sm:flex-row sm:items-center sm:justify-between">
                <span>
                  <span className="font-medium text-slate-900">{m.subject}</span>
                  <span className="block text-sm text-slate-600">to {m.to}</span>
                </span>
                <span className="flex items-center gap-2 text-sm text-slate-600">
                  <Badge tone={m.status === "SENT" ? "green" : "red"}>{m.status}</Badge>
                  {formatDateTime(m.sentAt)}
                </span>
              </Link>
            </li>
          ))}
          {messages.length === 0 ? <li className="py-3 text-sm text-slate-600">No emails yet.</li> : null}
        </ul>
      </Card>
    </div>
  );
}
