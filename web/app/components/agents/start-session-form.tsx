/** The admin's form to start a coding-agent session: the task, a repository and branch, and whether its plan needs approval. */
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useState } from "react";
import { resultFor, type FormReply } from "../../lib/form-reply.ts";
import { CheckboxField, SelectField, TextareaField, textInput } from "../admin/form-fields.tsx";
import { ReplyMessage } from "../form-reply.tsx";
import { Button, Card, Field, FormMessage } from "../ui.tsx";
import { PROMPT_MAX, startSessionForm } from "./agent-forms.ts";

export type SourceOption = { name: string; label: string; defaultBranch: string | null; branches: string[] };

type Props = { sources: SourceOption[]; sourcesError: string | null; reply: FormReply | undefined; busy: boolean; local: boolean };

export function StartSessionForm({ sources, sourcesError, reply, busy, local }: Props) {
  const [form, fields] = useForm({
    id: "start-session",
    lastResult: resultFor(reply, "start"),
    defaultValue: { source: sources[0]?.name ?? "", branch: sources[0]?.defaultBranch ?? "main", requirePlanApproval: "on" },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: startSessionForm }),
  });
  const [chosen, setChosen] = useState(sources[0]?.name ?? "");
  const branches = sources.find((source) => source.name === chosen)?.branches ?? [];
  return (
    <Card aria-labelledby="start-session-heading">
      <h2 id="start-session-heading" className="text-lg font-semibold">Start a session</h2>
      <p className="mt-1 text-sm text-slate-600">
        {local
          ? "No JULES_API_KEY is set, so the built-in local agent runs the session: it plans from your task and works through the plan a step every few seconds, without changing any code."
          : "Jules clones the repository, plans the work and, once the plan is approved, writes the change on a new branch."}
      </p>
      {sourcesError ? (
        <div className="mt-4">
          <FormMessage>{sourcesError}</FormMessage>
        </div>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="mt-6 space-y-5">
        <input type="hidden" name="intent" value="start" />
        <TextareaField label="Task" meta={fields.prompt} rows={5} maxLength={PROMPT_MAX} hint="What should be done, one step a line if you like." />
        <Field label="Title (optional)" errors={fields.title.errors} hint="Shown in the list; the task's first line otherwise." inputProps={{ ...textInput(fields.title), id: fields.title.id, maxLength: 120 }} />
        {/* The branch suggestions follow the repository chosen. */}
        <div
          className="grid gap-5 sm:grid-cols-2 lg:grid-cols-1"
          onChange={(event) => {
            const target = event.target as HTMLSelectElement;
            if (target.name === fields.source.name) setChosen(target.value);
          }}
        >
          <SelectField label="Repository" meta={fields.source}>
            {sources.length === 0 ? <option value="">No connected repositories</option> : null}
            {sources.map((source) => (
              <option key={source.name} value={source.name}>
                {source.label}
              </option>
            ))}
          </SelectField>
          <Field
            label="Starting branch"
            errors={fields.branch.errors}
            inputProps={{ ...textInput(fields.branch), id: fields.branch.id, list: "start-session-branches", autoComplete: "off" }}
          />
          <datalist id="start-session-branches">
            {branches.map((branch) => (
              <option key={branch} value={branch} />
            ))}
          </datalist>
        </div>
        <CheckboxField label="Ask me to approve the plan before work starts" meta={fields.requirePlanApproval} />
        <ReplyMessage reply={reply} intent="start" />
        <Button type="submit" disabled={busy || sources.length === 0}>
          {busy ? "Starting…" : "Start session"}
        </Button>
      </Form>
    </Card>
  );
}
