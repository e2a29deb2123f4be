/** Shows a form reply's message (error or notice) in the page's usual message box. */
import { replyMessage, type FormReply } from "../lib/form-reply.ts";
import { FormMessage } from "./ui.tsx";

export function ReplyMessage({ reply, intent }: { reply: FormReply | undefined; intent?: string }) {
  const message = replyMessage(reply, intent);
  return message ? <FormMessage tone={message.tone}>{message.text}</FormMessage> : null;
}
