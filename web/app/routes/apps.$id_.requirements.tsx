/**
 * An app's requirements board for its owner: a column per status with cards sorted by priority; add,
 * edit, move (a select and a button, so it works by keyboard and without scripts) and delete cards.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { z } from "zod";
import {
  REQUIREMENT_PRIORITIES,
  REQUIREMENT_PRIORITY_LABEL,
  REQUIREMENT_STATUSES,
  REQUIREMENT_STATUS_LABEL,
  requirementFieldsSchema,
  requirementStatusSchema,
  type RequirementPriorityName,
} from "@spike-land/shared/apps/forms";
import { Badge, Button, Card, Field, SelectField, TextareaField } from "../components/ui.tsx";
import { ReplyMessage } from "../components/form-reply.tsx";
import { resultFor, type FormReply } from "../lib/form-reply.ts";
import { AppHeader } from "../components/apps/app-ui.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { orPageError } from "../.server/http/domain-errors.server.ts";
import { createRequirement, deleteRequirement, listRequirements, moveRequirement, requireOwnedApp, updateRequirement, type RequirementCard } from "../.server/apps/apps.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `Requirements · ${loaded?.app.name ?? "App"} — Spike Land` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const app = await orPageError(requireOwnedApp(user.id, params.id ?? ""));
  return { app: { id: app.id, name: app.name }, cards: await listRequirements(user.id, app.id) };
}

const requirementId = z.string({ error: "Choose a requirement." }).trim().min(1, "Choose a requirement.").max(64, "That id is not valid.");
const createSchema = requirementFieldsSchema.extend({ intent: z.literal("create") });
const editSchema = requirementFieldsSchema.extend({ intent: z.literal("edit"), requirementId });
const intents = z.discriminatedUnion(
  "intent",
  [createSchema, editSchema, z.object({ intent: z.literal("move"), requirementId, status: requirementStatusSchema }), z.object({ intent: z.literal("delete"), requirementId })],
  { error: "That action is not one this page offers." },
);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const app = await orPageError(requireOwnedApp(user.id, params.id ?? ""));
  return handleForm(
    request,
    intents,
    async (input) => {
      switch (input.intent) {
        case "create":
          await createRequirement(user.id, app.id, input);
          return "Requirement added.";
        case "edit":
          await updateRequirement(user.id, app.id, input.requirementId, input);
          return "Requirement saved.";
        case "move":
          await moveRequirement(user.id, app.id, input.requirementId, input.status);
          return `Moved to ${REQUIREMENT_STATUS_LABEL[input.status]}.`;
        case "delete":
          await deleteRequirement(user.id, app.id, input.requirementId);
          return "Requirement deleted.";
      }
    },
    { notFoundIsPage: true, resetForm: true },
  );
}

const PRIORITY_TONE: Record<RequirementPriorityName, "red" | "amber" | "brand" | "slate"> = { CRITICAL: "red", HIGH: "amber", MEDIUM: "brand", LOW: "slate" };

function postedFor(posted: FormReply | undefined, intent: string, id: string): FormReply | undefined {
  return posted?.intent === intent && posted.result.initialValue?.requirementId === id ? posted : undefined;
}

function CardView({ card, posted }: { card: RequirementCard; posted: FormReply | undefined }) {
  const editReply = postedFor(posted, "edit", card.id);
  const [form, fields] = useForm({
    id: `edit-${card.id}`,
    lastResult: editReply?.result,
    defaultValue: { title: card.title, details: card.details, priority: card.priority },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: editSchema }),
  });
  const moveReply = postedFor(posted, "move", card.id) ?? postedFor(posted, "delete", card.id);
  return (
    <li className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" aria-labelledby={`card-${card.id}`}>
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={PRIORITY_TONE[card.priority]}>{REQUIREMENT_PRIORITY_LABEL[card.priority]}</Badge>
        <span className="text-xs font-medium text-slate-500">v{card.version}</span>
      </div>
      <h3 id={`card-${card.id}`} className="mt-2 break-words font-semibold text-slate-900">
        {card.title}
      </h3>
      {card.details ? <p className="mt-1 whitespace-pre-line break-words text-sm text-slate-600">{card.details}</p> : null}
      <ReplyMessage reply={moveReply} />
      <Form method="post" className="mt-3 flex items-end gap-2">
        <input type="hidden" name="intent" value="move" />
        <input type="hidden" name="requirementId" value={card.id} />
        <div className="min-w-0 flex-1">
          <label htmlFor={`move-${card.id}`} className="sr-only">
            Move “{card.title}” to
          </label>
          <select id={`move-${card.id}`} name="status" defaultValue={card.status} className="block w-full rounded-lg border-0 bg-white px-2 py-2 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600">
            {REQUIREMENT_STATUSES.map((status) => (
              <option key={status} value={status}>
                {REQUIREMENT_STATUS_LABEL[status]}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" variant="secondary" className="px-3 py-2">
          Move
        </Button>
      </Form>
      <details className="mt-3 text-sm" open={editReply?.result.status === "error" ? true : undefined}>
        <summary className="cursor-pointer rounded font-medium text-brand-700 hover:underline">Edit or delete</summary>
        <Form method="post" className="mt-3 space-y-3" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="edit" />
          <input type="hidden" name="requirementId" value={card.id} />
          <ReplyMessage reply={editReply} />
          <Field label="Title" errors={fields.title.errors} inputProps={{ ...getInputProps(fields.title, { type: "text" }), required: true, maxLength: 120, autoComplete: "off" }} />
          <TextareaField label="Details" errors={fields.details.errors} textareaProps={{ ...getInputProps(fields.details, { type: "text" }), maxLength: 4000 }} />
          <SelectField label="Priority" errors={fields.priority.errors} selectProps={{ id: fields.priority.id, name: fields.priority.name, defaultValue: fields.priority.initialValue ?? card.priority }}>
            {REQUIREMENT_PRIORITIES.map((priority) => (
              <option key={priority} value={priority}>
                {REQUIREMENT_PRIORITY_LABEL[priority]}
              </option>
            ))}
          </SelectField>
          <Button type="submit" className="px-3 py-2">
            Save
          </Button>
        </Form>
        <Form method="post" className="mt-3">
          <input type="hidden" name="intent" value="delete" />
          <input type="hidden" name="requirementId" value={card.id} />
          <Button type="submit" variant="ghost" className="px-0 py-1 text-red-700 hover:bg-transparent hover:underline">
            Delete requirement
          </Button>
        </Form>
      </details>
    </li>
  );
}

export default function RequirementsBoard() {
  const { app, cards } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "new-requirement",
    lastResult: resultFor(posted, "create"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: createSchema }),
  });
  return (
    <div className="mx-auto max-w-7xl px-4 py-10">
      <AppHeader app={app} description="What the app must do, from idea to done. Cards are sorted by priority; move them as work progresses." />
      <ReplyMessage reply={posted?.intent === "create" ? posted : undefined} />
      <div className="mt-4 grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {REQUIREMENT_STATUSES.map((status) => {
          const column = cards.filter((card) => card.status === status);
          return (
            <section key={status} aria-labelledby={`column-${status}`} className="rounded-2xl bg-slate-100/80 p-3">
              <h2 id={`column-${status}`} className="flex items-center justify-between px-1 pb-2 text-sm font-semibold text-slate-800">
                {REQUIREMENT_STATUS_LABEL[status]}
                <span className="rounded-full bg-white px-2 py-0.5 text-xs text-slate-600 ring-1 ring-slate-200">{column.length}</span>
              </h2>
              {column.length ? (
                <ul className="space-y-3">
                  {column.map((card) => (
                    <CardView key={`${card.id}-${card.version}-${card.status}-${card.priority}`} card={card} posted={posted} />
                  ))}
                </ul>
              ) : (
                <p className="rounded-xl border border-dashed border-slate-300 px-3 py-6 text-center text-sm text-slate-500">Nothing here.</p>
              )}
            </section>
          );
        })}
      </div>
      <Card className="mt-10 max-w-2xl">
        <h2 className="text-lg font-semibold text-slate-900">Add a requirement</h2>
        <Form method="post" className="mt-4 space-y-4" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="create" />
          <Field label="Title" errors={fields.title.errors} inputProps={{ ...getInputProps(fields.title, { type: "text" }), required: true, maxLength: 120, autoComplete: "off" }} />
          <TextareaField label="Details (optional)" errors={fields.details.errors} textareaProps={{ ...getInputProps(fields.details, { type: "text" }), maxLength: 4000 }} />
          <SelectField label="Priority" errors={fields.priority.errors} selectProps={{ id: fields.priority.id, name: fields.priority.name, defaultValue: fields.priority.initialValue ?? "MEDIUM" }}>
            {REQUIREMENT_PRIORITIES.map((priority) => (
              <option key={priority} value={priority}>
                {REQUIREMENT_PRIORITY_LABEL[priority]}
              </option>
            ))}
          </SelectField>
          <Button type="submit">Add requirement</Button>
        </Form>
      </Card>
    </div>
  );
}
