/**
 * A box's chat beside the steps it runs: the conversation oldest first (the owner's messages, the
 * box's answers and the service's notes each styled apart, links made clickable), and a form to
 * tell the box what to do, with the commands it understands as a hint.
 */
import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useRef, type KeyboardEvent } from "react";
import { MESSAGE_MAX } from "@spike-land/shared/boxes-agent";
import { resultFor, type FormReply } from "../../lib/form-reply.ts";
import { formatTime } from "../../lib/format.ts";
import { Button, cx, FormMessage } from "../ui.tsx";
import { chatForm } from "./box-forms.ts";
import { BoxTasks } from "./box-tasks.tsx";
import { shortUrl, type TaskRow } from "./task-labels.ts";

export type ChatMessage = { id: string; role: string; content: string; createdAt: Date | string };

const LINK = /(https?:\/\/[^\s<>"“”]+[^\s<>"“”.,;:!?)])/g;
const LINK_TEXT_MAX = 48;

function linkText(url: string): string {
  const short = shortUrl(url.split("?")[0] ?? url);
  return short.length > LINK_TEXT_MAX ? `${short.slice(0, LINK_TEXT_MAX - 1)}…` : short;
}

/** The message's text with its web addresses as links. */
function WithLinks({ text }: { text: string }) {
  const parts = text.split(LINK);
  return (
    <>
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          <a key={index} href={part} target="_blank" rel="noreferrer" className="font-medium underline underline-offset-2">
            {linkText(part)}
          </a>
        ) : (
          part
        ),
      )}
    </>
  );
}

const when = (value: Date | string) => formatTime(value, { hour: "2-digit", minute: "2-digit", timeZone: "UTC" });

function Message({ message }: { message: ChatMessage }) {
  if (message.role === "SYSTEM") {
    return (
      <li className="flex justify-center" data-role="SYSTEM">
        <p className="max-w-[90%] wrap-anywhere rounded-2xl bg-amber-50 px-3 py-1 text-center text-xs font-medium text-amber-900 ring-1 ring-amber-200">
          <WithLinks text={message.content} /> <span className="text-amber-800">· {when(message.createdAt)}</span>
        </p>
      </li>
    );
  }
  const mine = message.role === "USER";
  return (
    <li className={cx("flex flex-col gap-1", mine ? "items-end" : "items-start")} data-role={message.role}>
      <span className="text-xs text-slate-600">
        {mine ? "You" : "Box"} · {when(message.createdAt)}
      </span>
      <p
        className={cx(
          "max-w-[85%] whitespace-pre-wrap wrap-anywhere rounded-2xl px-3.5 py-2 text-sm",
          mine ? "rounded-br-sm bg-brand-600 text-white" : "rounded-bl-sm bg-slate-100 text-slate-900",
        )}
      >
        <WithLinks text={message.content} />
      </p>
    </li>
  );
}

type Props = { boxId: string; running: boolean; messages: ChatMessage[]; tasks: TaskRow[]; reply: FormReply | undefined };

export function BoxChat({ boxId, running, messages, tasks, reply }: Props) {
  const navigation = useNavigation();
  const sending = navigation.state === "submitting" && navigation.formData?.get("intent") === "message";
  const [form, fields] = useForm({
    id: `box-chat-${boxId}`,
    lastResult: resultFor(reply, "message"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: chatForm }),
    shouldValidate: "onSubmit",
  });
  const list = useRef<HTMLOListElement>(null);
  const newest = messages.at(-1)?.id;
  useEffect(() => {
    // Keep the newest message in view inside the chat, without moving the page.
    if (list.current) list.current.scrollTop = list.current.scrollHeight;
  }, [newest]);
  const { key: _key, ...textarea } = getTextareaProps(fields.text);
  const hintId = `${fields.text.id}-hint`;
  const errorId = `${fields.text.id}-error`;
  const sendOnCtrlEnter = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.currentTarget.form?.requestSubmit();
    }
  };
  return (
    <div className="mt-8 grid grid-cols-1 gap-6 lg:grid-cols-5">
      <section aria-labelledby="box-chat-heading" className="flex min-w-0 flex-col rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 lg:col-span-3">
        <h2 id="box-chat-heading" className="text-lg font-semibold text-slate-900">
          Chat
        </h2>
        {messages.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">No messages yet. Tell the box what to do in its browser and it answers here.</p>
        ) : (
          <ol ref={list} aria-label="Messages" className="mt-3 max-h-[28rem] space-y-3 overflow-y-auto pr-1" data-testid="box-messages">
            {messages.map((message) => (
              <Message key={message.id} message={message} />
            ))}
          </ol>
        )}
        <Form method="post" className="mt-4 space-y-2 border-t border-slate-100 pt-4" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="message" />
          <label htmlFor={fields.text.id} className="block text-sm font-medium text-slate-800">
            Message
          </label>
          <textarea
            {...textarea}
            key={fields.text.key}
            rows={3}
            maxLength={MESSAGE_MAX}
            placeholder="go to example.com then screenshot"
            onKeyDown={sendOnCtrlEnter}
            aria-describedby={[fields.text.errors ? errorId : null, hintId].filter(Boolean).join(" ")}
            className={cx(
              "block w-full rounded-lg border-0 bg-white px-3 py-2.5 text-slate-900 ring-1 ring-inset placeholder:text-slate-500 focus:ring-2 focus:ring-brand-600",
              fields.text.errors ? "ring-red-500" : "ring-slate-300",
            )}
          />
          {fields.text.errors ? (
            <p id={errorId} className="text-sm font-medium text-red-700">
              {fields.text.errors[0]}
            </p>
          ) : null}
          {form.errors ? <FormMessage>{form.errors[0]}</FormMessage> : null}
          <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
            <p id={hintId} className="text-sm text-slate-600">
              Commands, one per line or joined with “then”: go to example.com, click "Sign in", type hello into #q, screenshot, read h1.
              {running ? " Ctrl+Enter sends." : " Start the box first: its browser carries out the steps."}
            </p>
            <Button type="submit" disabled={sending} className="shrink-0">
              {sending ? "Sending…" : "Send"}
            </Button>
          </div>
        </Form>
      </section>
      <div className="min-w-0 lg:col-span-2">
        <BoxTasks tasks={tasks} />
      </div>
    </div>
  );
}
