/**
 * A box's action buttons: the ones its status allows (start, stop, restart, clone, delete), each a
 * form post with the intent and the box's id, Delete behind a confirmation step that works without
 * JavaScript, and the answer to the last one shown under them.
 */
import { Form, useNavigation } from "@remix-run/react";
import type { BoxAction } from "@spike-land/shared/boxes";
import type { FormReply } from "../../lib/form-reply.ts";
import { replyTo } from "../admin/replies.ts";
import { ReplyMessage } from "../form-reply.tsx";
import { Button } from "../ui.tsx";
import { ACTION_INTENTS, intentOfAction, type ActionIntent } from "./box-forms.ts";

export type ActionBox = { id: string; name: string; actions: BoxAction[]; tokensPerHour: number | null };

const LABEL: Record<ActionIntent, { idle: string; busy: string }> = {
  start: { idle: "Start", busy: "Starting…" },
  stop: { idle: "Stop", busy: "Stopping…" },
  restart: { idle: "Restart", busy: "Restarting…" },
  clone: { idle: "Clone", busy: "Cloning…" },
  delete: { idle: "Delete for good", busy: "Deleting…" },
};

/** Which of this box's actions is being sent right now, if any. */
function useSending(boxId: string): ActionIntent | null {
  const navigation = useNavigation();
  const form = navigation.formData;
  if (navigation.state !== "submitting" || form?.get("boxId") !== boxId) return null;
  const intent = form.get("intent");
  return ACTION_INTENTS.find((known) => known === intent) ?? null;
}

function chargeHint(intents: ActionIntent[], tokensPerHour: number | null): string | null {
  if (!tokensPerHour) return null;
  const charging = intents.filter((intent) => intent === "start" || intent === "clone").map((intent) => LABEL[intent].idle);
  if (charging.length === 0) return null;
  return `${charging.join(" and ")} ${charging.length === 1 ? "charges" : "charge"} the first hour (${tokensPerHour} tokens) up front.`;
}

export function BoxActions({ box, reply }: { box: ActionBox; reply: FormReply | undefined }) {
  const sending = useSending(box.id);
  const intents = box.actions.map(intentOfAction);
  const buttons = intents.filter((intent) => intent !== "delete");
  const hint = chargeHint(intents, box.tokensPerHour);
  const answer = replyTo(reply, ACTION_INTENTS, box.id, "boxId");
  return (
    <div className="space-y-3" data-testid="box-actions">
      {intents.length === 0 ? (
        <p className="text-sm text-slate-600">The box is changing state; its actions come back once it settles.</p>
      ) : (
        <div className="flex flex-wrap items-start gap-2">
          {buttons.length > 0 ? (
            <Form method="post" className="flex flex-wrap gap-2">
              <input type="hidden" name="boxId" value={box.id} />
              {buttons.map((intent) => (
                <Button
                  key={intent}
                  type="submit"
                  name="intent"
                  value={intent}
                  variant={intent === "start" ? "primary" : "secondary"}
                  disabled={sending !== null}
                  aria-label={`${LABEL[intent].idle} ${box.name}`}
                >
                  {sending === intent ? LABEL[intent].busy : LABEL[intent].idle}
                </Button>
              ))}
            </Form>
          ) : null}
          {intents.includes("delete") ? (
            <details className="group open:basis-full">
              <summary
                className="inline-flex cursor-pointer list-none items-center rounded-lg bg-white px-4 py-2.5 text-sm font-semibold text-red-700 ring-1 ring-red-200 hover:bg-red-50 [&::-webkit-details-marker]:hidden"
              >
                <span className="group-open:hidden">
                  Delete<span className="sr-only"> {box.name}</span>
                </span>
                <span className="hidden group-open:inline">Keep the box</span>
              </summary>
              <div className="mt-2 space-y-3 rounded-lg bg-red-50 p-3 text-sm text-red-900 ring-1 ring-red-200">
                <p>Delete “{box.name}” and everything on it? This cannot be undone, and tokens already spent are not given back.</p>
                <Form method="post">
                  <input type="hidden" name="boxId" value={box.id} />
                  <Button type="submit" name="intent" value="delete" variant="danger" disabled={sending !== null}>
                    {sending === "delete" ? LABEL.delete.busy : LABEL.delete.idle}
                  </Button>
                </Form>
              </div>
            </details>
          ) : null}
        </div>
      )}
      {hint ? <p className="text-xs text-slate-600">{hint}</p> : null}
      <ReplyMessage reply={answer} />
    </div>
  );
}
