/**
 * The feedback disclosure in every page's footer: what kind, the message, and an email address for
 * signed-out visitors. A plain form posting to /feedback, so it works without JavaScript; with it,
 * the reply shows in place and the visitor stays on the page.
 */
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useFetcher, useLocation } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import type { FormReply } from "../lib/form-reply.ts";
import { FEEDBACK_MESSAGE_MAX, FEEDBACK_TYPE_LABEL, FEEDBACK_TYPES, feedbackSchema } from "../lib/feedback-form.ts";
import { ReplyMessage } from "./form-reply.tsx";
import { Button, cx } from "./ui.tsx";

const control = "block w-full rounded-lg border-0 bg-white px-3 py-2.5 text-slate-900 ring-1 ring-inset focus:ring-2 focus:ring-brand-600";

/** The form itself, also shown on the /feedback page for visitors without JavaScript. */
export function FeedbackForm({ signedIn, page, reply, submitting, action }: { signedIn: boolean; page: string; reply: FormReply | undefined; submitting: boolean; action: (props: { children: ReactNode; formProps: ReturnType<typeof getFormProps> }) => ReactNode }) {
  const [form, fields] = useForm({
    id: "feedback",
    lastResult: reply?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: feedbackSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const ring = (errors: string[] | undefined) => (errors?.length ? "ring-red-500" : "ring-slate-300");
  const { key: typeKey, ...typeProps } = getSelectProps(fields.type);
  const { key: messageKey, ...messageProps } = getTextareaProps(fields.message);
  const sent = reply?.notice && !reply.result.error;
  return (
    <>
      {action({
        formProps: getFormProps(form),
        children: (
          <div className="space-y-3">
            <input type="hidden" name="page" value={page} />
            <div className="space-y-1.5">
              <label htmlFor={fields.type.id} className="block text-sm font-medium text-slate-800">What is it about?</label>
              <select key={typeKey} {...typeProps} defaultValue={fields.type.initialValue ?? "BUG"} className={cx(control, "pr-8", ring(fields.type.errors))}>
                {FEEDBACK_TYPES.map((type) => <option key={type} value={type}>{FEEDBACK_TYPE_LABEL[type]}</option>)}
              </select>
              {fields.type.errors?.length ? <p id={fields.type.errorId} className="text-sm font-medium text-red-700">{fields.type.errors[0]}</p> : null}
            </div>
            <div className="space-y-1.5">
              <label htmlFor={fields.message.id} className="block text-sm font-medium text-slate-800">Your message</label>
              <textarea key={messageKey} {...messageProps} rows={4} maxLength={FEEDBACK_MESSAGE_MAX} required aria-describedby={fields.message.errors?.length ? fields.message.errorId : undefined} className={cx(control, ring(fields.message.errors))} />
              {fields.message.errors?.length ? <p id={fields.message.errorId} className="text-sm font-medium text-red-700">{fields.message.errors[0]}</p> : null}
            </div>
            {signedIn ? null : (
              <div className="space-y-1.5">
                <label htmlFor={fields.email.id} className="block text-sm font-medium text-slate-800">Email (optional, if you would like an answer)</label>
                <input {...getInputProps(fields.email, { type: "email" })} autoComplete="email" aria-describedby={fields.email.errors?.length ? fields.email.errorId : undefined} className={cx(control, ring(fields.email.errors))} />
                {fields.email.errors?.length ? <p id={fields.email.errorId} className="text-sm font-medium text-red-700">{fields.email.errors[0]}</p> : null}
              </div>
            )}
            <p className="text-xs text-slate-600">We also keep the page you are on and your browser’s name, to help us look into it.</p>
            {reply && (sent || reply.result.error?.[""]) ? <ReplyMessage reply={reply} /> : null}
            <Button type="submit" disabled={submitting}>{submitting ? "Sending…" : "Send feedback"}</Button>
          </div>
        ),
      })}
    </>
  );
}

export function FeedbackButton({ signedIn }: { signedIn: boolean }) {
  const fetcher = useFetcher<FormReply>();
  const location = useLocation();
  const details = useRef<HTMLDetailsElement>(null);
  const page = `${location.pathname}${location.search}`;
  const reply = fetcher.data;
  // A sent message clears the form, so the next one starts empty.
  const formKey = reply?.notice && !reply.result.error ? `sent-${reply.notice}-${fetcher.state}` : "open";
  useEffect(() => {
    if (fetcher.state === "idle" && reply?.notice && !reply.result.error) details.current?.querySelector("summary")?.focus();
  }, [fetcher.state, reply]);
  return (
    <details
      ref={details}
      className="group relative"
      data-testid="feedback"
      onKeyDown={(event) => {
        if (event.key !== "Escape" || !details.current?.open) return;
        details.current.open = false;
        details.current.querySelector("summary")?.focus();
      }}
    >
      <summary className="cursor-pointer list-none rounded-md font-medium text-slate-700 underline-offset-2 hover:text-slate-900 hover:underline focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-600">
        Feedback
      </summary>
      {/* A sheet at the top of a phone's screen (the footer link stays reachable), a popover above the link on wider ones. */}
      <div
        role="group"
        aria-labelledby="feedback-heading"
        className="fixed inset-x-4 top-4 z-[60] max-h-[calc(100vh-2rem)] overflow-y-auto rounded-xl bg-white p-4 text-left shadow-xl ring-1 ring-slate-200 sm:absolute sm:inset-x-auto sm:bottom-8 sm:right-0 sm:top-auto sm:w-[22rem]"
      >
        <div className="mb-3 flex items-center justify-between gap-2">
          <h2 id="feedback-heading" className="text-base font-semibold text-slate-900">Send us feedback</h2>
          <button
            type="button"
            aria-label="Close feedback"
            className="rounded-md px-2 py-1 text-lg leading-none text-slate-600 hover:bg-slate-100 focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-600"
            onClick={() => {
              if (details.current) details.current.open = false;
              details.current?.querySelector("summary")?.focus();
            }}
          >
            ×
          </button>
        </div>
        {reply?.notice && !reply.result.error ? <div className="mb-3"><ReplyMessage reply={reply} /></div> : null}
        <FeedbackForm
          key={formKey}
          signedIn={signedIn}
          page={page}
          reply={reply?.notice ? undefined : reply}
          submitting={fetcher.state !== "idle"}
          action={({ children, formProps }) => (
            <fetcher.Form method="post" action="/feedback" {...formProps}>
              {children}
            </fetcher.Form>
          )}
        />
      </div>
    </details>
  );
}
