/** One feedback message for review: who sent it from where, its status, and a reply that can be emailed. */
import { getFormProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FEEDBACK_STATUS_TONE, feedbackTypeLabel } from "../components/admin/feedback-display.ts";
import { ReplyMessage } from "../components/form-reply.tsx";
import { Badge, Button, Card, cx } from "../components/ui.tsx";
import { requireRole } from "../.server/auth/guards.server.ts";
import { getFeedback, reviewFeedback } from "../.server/feedback/feedback.server.ts";
import { orPageError } from "../.server/http/domain-errors.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { clientIp } from "../.server/platform/rate-limit.server.ts";
import { FEEDBACK_MESSAGE_MAX, FEEDBACK_STATUSES, feedbackReviewSchema } from "../lib/feedback-form.ts";
import { formatDateTime } from "../lib/format.ts";

export const meta: MetaFunction = () => [{ title: "Feedback — Admin — Spike Land" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  return { item: await orPageError(getFeedback(params.id ?? "")) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, "ADMIN");
  return handleForm(request, feedbackReviewSchema, (value) =>
    reviewFeedback(actor, clientIp(request), { id: params.id ?? "", status: value.status, reply: value.reply, sendReply: value.sendReply === "on" }),
    { notFoundIsPage: true },
  );
}

const control = "block w-full rounded-lg border-0 bg-white px-3 py-2.5 ring-1 ring-inset focus:ring-2 focus:ring-brand-600";

export default function AdminFeedbackItem() {
  const { item } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: reply?.result,
    defaultValue: { status: item.status, reply: item.adminNote ?? "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: feedbackReviewSchema }),
    shouldRevalidate: "onInput",
  });
  const address = item.email ?? item.user?.email ?? null;
  const { key: statusKey, ...statusProps } = getSelectProps(fields.status);
  const { key: replyKey, ...replyProps } = getTextareaProps(fields.reply);
  const ring = (errors: string[] | undefined) => (errors?.length ? "ring-red-500" : "ring-slate-300");
  return (
    <div className="space-y-6">
      <Link to="/admin/feedback" className="text-sm font-semibold text-brand-700 hover:underline">← Feedback</Link>
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2" aria-labelledby="feedback-message-heading">
          <div className="flex flex-wrap items-center gap-2">
            <h2 id="feedback-message-heading" className="mr-2 text-lg font-semibold">{feedbackTypeLabel(item.type)}</h2>
            <Badge tone={FEEDBACK_STATUS_TONE[item.status] ?? "slate"}>{item.status}</Badge>
          </div>
          <p className="mt-4 whitespace-pre-wrap break-words text-slate-900" data-testid="feedback-message">{item.message}</p>
          <dl className="mt-6 grid gap-2 text-sm sm:grid-cols-[8rem_1fr]">
            <dt className="text-slate-600">Sent</dt><dd>{formatDateTime(item.createdAt)}</dd>
            <dt className="text-slate-600">From</dt>
            <dd>{item.user ? <Link to={`/admin/users/${item.user.id}`} className="text-brand-700 hover:underline">{item.user.email ?? item.user.name ?? item.user.id}</Link> : "Signed-out visitor"}{item.email && item.email !== item.user?.email ? ` · ${item.email}` : null}</dd>
            <dt className="text-slate-600">Page</dt><dd className="break-all font-mono text-xs">{item.page}</dd>
            <dt className="text-slate-600">Browser</dt><dd className="break-words text-xs text-slate-700">{item.userAgent ?? "Not given"}</dd>
          </dl>
        </Card>
        <Card aria-labelledby="feedback-review-heading">
          <h2 id="feedback-review-heading" className="text-lg font-semibold">Review</h2>
          <Form method="post" className="mt-4 space-y-4" {...getFormProps(form)}>
            <div className="space-y-1.5">
              <label htmlFor={fields.status.id} className="block text-sm font-medium text-slate-800">Status</label>
              <select key={statusKey} {...statusProps} className={cx(control, "pr-8", ring(fields.status.errors))}>
                {FEEDBACK_STATUSES.map((status) => <option key={status} value={status}>{status.charAt(0) + status.slice(1).toLowerCase()}</option>)}
              </select>
            </div>
            <div className="space-y-1.5">
              <label htmlFor={fields.reply.id} className="block text-sm font-medium text-slate-800">Reply or note</label>
              <textarea key={replyKey} {...replyProps} rows={6} maxLength={FEEDBACK_MESSAGE_MAX} aria-describedby={fields.reply.errors?.length ? fields.reply.errorId : undefined} className={cx(control, ring(fields.reply.errors))} />
              {fields.reply.errors?.length ? <p id={fields.reply.errorId} className="text-sm font-medium text-red-700">{fields.reply.errors[0]}</p> : null}
            </div>
            <div className="space-y-1">
              <label className="flex items-start gap-2 text-sm text-slate-800">
                <input type="checkbox" name={fields.sendReply.name} id={fields.sendReply.id} disabled={!address} className="mt-0.5 h-4 w-4 rounded border-slate-300 text-brand-600 focus:ring-brand-600" />
                <span>{address ? `Email the reply to ${address}` : "No email address was given, so the reply stays a note"}</span>
              </label>
              {fields.sendReply.errors?.length ? <p id={fields.sendReply.errorId} className="text-sm font-medium text-red-700">{fields.sendReply.errors[0]}</p> : null}
            </div>
            <ReplyMessage reply={reply} />
            <Button type="submit" disabled={navigation.state === "submitting"}>Save</Button>
          </Form>
        </Card>
      </div>
    </div>
  );
}
