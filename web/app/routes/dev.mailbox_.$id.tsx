/** One email from the local outbox, shown as its recipient would see it. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Card } from "../components/ui.tsx";
import { env } from "../.server/platform/env.server.ts";
import { outboxMessage } from "../.server/email/send.server.ts";
import { formatDateTime } from "../lib/format.ts";

export const meta: MetaFunction = () => [{ title: "Email (development) — Spike Land" }];

export async function loader({ params }: LoaderFunctionArgs) {
  if (env.isProduction || env.SMTP_URL) throw new Response("Not found", { status: 404 });
  const message = await outboxMessage(params.id ?? "");
  if (!message) throw new Response("That email is not in the outbox.", { status: 404 });
  const meta = (message.metadata ?? {}) as { html?: string; text?: string };
  return { subject: message.subject, to: message.to, sentAt: message.sentAt.toISOString(), html: meta.html ?? "", text: meta.text ?? "" };
}

export default function MailboxMessage() {
  const message = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-4xl px-4 py-10">
      <Link to="/dev/mailbox" className="text-sm font-semibold text-brand-700 hover:underline">← Mailbox</Link>
      <h1 className="mt-4 text-2xl font-bold">{message.subject}</h1>
      <p className="text-sm text-slate-600">To {message.to} · {formatDateTime(message.sentAt)}</p>
      <Card className="mt-6">
        <iframe title="Email content" srcDoc={message.html} sandbox="allow-popups allow-top-navigation-by-user-activation" className="h-[520px] w-full rounded-lg border border-slate-200" />
        <details className="mt-4">
          <summary className="cursor-pointer text-sm font-medium">Plain text version</summary>
          <pre className="mt-2 whitespace-pre-wrap text-sm" data-testid="email-text">{message.text}</pre>
        </details>
      </Card>
    </div>
  );
}
