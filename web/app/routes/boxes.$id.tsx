/**
 * One box for its owner: its name and status and, while it runs, its screen (keyboard and mouse
 * passed through), the actions its status allows, and its chat with the steps its browser runs.
 * Others' boxes are not found. While the box is starting or stopping the page checks again every
 * few seconds, so the screen appears once it runs; while a step runs, every two seconds.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { Card, FormMessage, PageHeading } from "../components/ui.tsx";
import { formatTime } from "../lib/format.ts";
import { BoxStatusBadge, SETTLING_STATUSES } from "../components/boxes/box-status.tsx";
import { VncViewer } from "../components/boxes/vnc-viewer.tsx";
import { BoxActions } from "../components/boxes/box-actions.tsx";
import { BoxChat } from "../components/boxes/box-chat.tsx";
import { actionNotice, actionOfIntent, boxActionForm, chatForm } from "../components/boxes/box-forms.ts";
import { UNFINISHED_TASK } from "../components/boxes/task-labels.ts";
import { useCheckAgainWhile } from "../components/boxes/use-check-again.ts";
import { requireUser } from "../.server/auth/guards.server.ts";
import { orPageError } from "../.server/http/domain-errors.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { getBox, requestAction } from "../.server/boxes/boxes.server.ts";
import { listMessages, postUserMessage } from "../.server/boxes/messages.server.ts";
import { listTasks } from "../.server/boxes/agent-tasks.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `${loaded?.box.name ?? "Box"} — Spike Land` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const box = await orPageError(getBox(user.id, params.id ?? ""));
  const [messages, tasks] = await Promise.all([listMessages(user.id, box.id), listTasks(user.id, box.id)]);
  return {
    messages,
    tasks,
    awaitingSteps: awaitingSteps(messages, tasks),
    box: {
      id: box.id,
      name: box.name,
      description: box.description,
      status: box.status as string,
      size: box.tier ? `${box.tier.name} · ${box.tier.cpu} vCPU · ${formatMemory(box.tier.ramMb)} · ${box.tier.tokensPerHour} tokens an hour` : null,
      paidUntil: box.running?.paidUntil ?? null,
      failure: box.status === "ERROR" ? (box.lastAction?.error ?? null) : null,
      actions: box.actions,
      tokensPerHour: box.tier?.tokensPerHour ?? null,
    },
  };
}

/** A report on finished steps lands in the chat a moment after the last step ends. */
const REPORT_WAIT_MS = 15_000;

/** Whether steps are still to run, or have just run and their report is still to come. */
function awaitingSteps(messages: Array<{ role: string; createdAt: Date }>, tasks: Array<{ status: string; updatedAt: Date }>): boolean {
  if (tasks.some((task) => UNFINISHED_TASK.has(task.status))) return true;
  const lastStep = Math.max(0, ...tasks.map((task) => task.updatedAt.getTime()));
  const lastAnswer = Math.max(0, ...messages.filter((message) => message.role !== "USER").map((message) => message.createdAt.getTime()));
  return lastStep > lastAnswer && Date.now() - lastStep < REPORT_WAIT_MS;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const box = await orPageError(getBox(user.id, params.id ?? ""));
  const form = await request.formData();
  if (form.get("intent") === "message") {
    return handleForm(
      form,
      chatForm,
      async ({ text }) => {
        await postUserMessage(user.id, box.id, text);
      },
      { resetForm: true, notFoundIsPage: true },
    );
  }
  return handleForm(
    form,
    boxActionForm,
    async ({ intent }) => {
      const action = actionOfIntent(intent);
      // The page's box, whatever id the form carries.
      await requestAction(user.id, box.id, action);
      if (action === "DELETE") return redirect("/boxes");
      return actionNotice(intent, action === "START" || action === "CLONE" ? (box.tier?.tokensPerHour ?? null) : null);
    },
    { notFoundIsPage: true },
  );
}

const CHECK_AGAIN_MS = 3_000;

function formatMemory(megabytes: number): string {
  return megabytes >= 1024 ? `${Number((megabytes / 1024).toFixed(1))} GB RAM` : `${megabytes} MB RAM`;
}

export default function BoxPage() {
  const { box, messages, tasks, awaitingSteps } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  useCheckAgainWhile(awaitingSteps);
  const revalidator = useRevalidator();
  const latest = useRef(revalidator);
  latest.current = revalidator;
  const settling = SETTLING_STATUSES.has(box.status);

  useEffect(() => {
    if (!settling) return;
    const timer = setInterval(() => {
      if (latest.current.state === "idle") latest.current.revalidate();
    }, CHECK_AGAIN_MS);
    return () => clearInterval(timer);
  }, [settling]);

  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <PageHeading
        title={box.name}
        description={
          <span className="flex flex-col gap-2">
            <span className="inline-flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
              <BoxStatusBadge status={box.status} />
              {box.size ? <span>{box.size}</span> : null}
              {box.paidUntil ? <span>Paid until {formatTime(box.paidUntil, { hour: "2-digit", minute: "2-digit", timeZone: "UTC" })} UTC</span> : null}
            </span>
            {box.description ? <span>{box.description}</span> : null}
          </span>
        }
        actions={
          <Link to="/boxes" className="text-sm font-semibold text-brand-700 hover:underline">
            All boxes
          </Link>
        }
      />
      <div className="mb-6">
        <BoxActions box={box} reply={reply} />
      </div>
      {box.failure ? (
        <div className="mb-6">
          <FormMessage>{box.failure}</FormMessage>
        </div>
      ) : null}
      {box.status === "RUNNING" ? (
        <VncViewer key={box.id} boxId={box.id} boxName={box.name} />
      ) : (
        <Card className="flex flex-col items-center gap-3 py-12 text-center">
          <h2 className="text-lg font-semibold text-slate-900">{settling ? "The box is on its way" : "The box is not running"}</h2>
          <p className="max-w-md text-slate-600">
            {settling
              ? "This page shows the box's screen as soon as it runs."
              : "Start the box to see its screen here."}
          </p>
        </Card>
      )}
      <BoxChat boxId={box.id} running={box.status === "RUNNING"} messages={messages} tasks={tasks} reply={reply} />
    </div>
  );
}
