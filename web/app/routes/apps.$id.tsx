/** One of the user's apps: edit its name, description, domain and status, fork it, or delete it after confirming. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { z } from "zod";
import { APP_NAME_MAX, APP_STATUS_HINT, APP_STATUS_LABEL, EDITABLE_APP_STATUSES, appFieldsSchema } from "@spike-land/shared/apps/forms";
import { Button, Card, Field, SelectField, TextareaField } from "../components/ui.tsx";
import { ReplyMessage } from "../components/form-reply.tsx";
import { resultFor } from "../lib/form-reply.ts";
import { AppHeader, AppStatusBadge } from "../components/apps/app-ui.tsx";
import { ForkedFromLine } from "../components/apps/forked-from.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { orPageError } from "../.server/http/domain-errors.server.ts";
import { appDetails, deleteApp, forkApp, updateApp } from "../.server/apps/apps.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `${loaded?.app.name ?? "App"} — Spike Land` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { app: await orPageError(appDetails(user.id, params.id ?? "")) };
}

const intents = z.discriminatedUnion(
  "intent",
  [
    appFieldsSchema.extend({ intent: z.literal("update") }),
    z.object({ intent: z.literal("fork") }),
    z.object({ intent: z.literal("delete"), confirm: z.literal("yes", { error: "Tick the box to confirm deleting the app." }) }),
  ],
  { error: "That action is not one this page offers." },
);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const app = await orPageError(appDetails(user.id, params.id ?? ""));
  return handleForm(
    request,
    intents,
    async (input) => {
      switch (input.intent) {
        case "update":
          await updateApp(user.id, app.id, input);
          return "App details saved.";
        case "fork": {
          const fork = await forkApp(user.id, app.id);
          return redirect(`/apps/${fork.id}`);
        }
        case "delete":
          await deleteApp(user.id, app.id);
          return redirect("/apps");
      }
    },
    { notFoundIsPage: true },
  );
}

const STATUS_HINT = EDITABLE_APP_STATUSES.map((status) => `${APP_STATUS_LABEL[status]}: ${APP_STATUS_HINT[status].toLowerCase()}`).join(" ");

export default function AppPage() {
  const { app } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const [form, fields] = useForm({
    id: "app-details",
    lastResult: resultFor(posted, "update"),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    defaultValue: { name: app.name, description: app.description, domain: app.domain, status: app.status },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: appFieldsSchema }),
  });
  const [deleteForm] = useForm({ id: "app-delete", lastResult: resultFor(posted, "delete") });
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <AppHeader
        app={app}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <AppStatusBadge status={app.status} />
            <span>
              {app.requirementCount} requirement{app.requirementCount === 1 ? "" : "s"} · {app.tierCount} pricing tier{app.tierCount === 1 ? "" : "s"} · {app.forkCount} fork{app.forkCount === 1 ? "" : "s"}
            </span>
          </span>
        }
        actions={
          <Form method="post">
            <input type="hidden" name="intent" value="fork" />
            <Button type="submit" variant="secondary" disabled={busy === "fork"}>
              {busy === "fork" ? "Forking…" : "Fork this app"}
            </Button>
          </Form>
        }
      />
      {app.forkedFrom ? (
        <p className="-mt-4 mb-6 text-sm text-slate-600">
          <ForkedFromLine source={app.forkedFrom} />
        </p>
      ) : null}
      <div className="grid gap-8 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Card>
          <h2 className="text-lg font-semibold text-slate-900">Details</h2>
          <Form method="post" className="mt-4 space-y-4" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="update" />
            <ReplyMessage reply={posted} intent="update" />
            <Field label="Name" errors={fields.name.errors} inputProps={{ ...getInputProps(fields.name, { type: "text" }), required: true, maxLength: APP_NAME_MAX, autoComplete: "off" }} />
            <TextareaField label="Description (optional)" errors={fields.description.errors} textareaProps={{ ...getInputProps(fields.description, { type: "text" }), maxLength: 2000, rows: 4 }} />
            <Field
              label="Domain (optional)"
              hint="A hostname such as shop.example.com, or a label such as my-shop. Each domain belongs to one app."
              errors={fields.domain.errors}
              inputProps={{ ...getInputProps(fields.domain, { type: "text" }), maxLength: 253, autoComplete: "off", spellCheck: false, inputMode: "url" }}
            />
            <SelectField label="Status" errors={fields.status.errors} hint={STATUS_HINT} selectProps={{ id: fields.status.id, name: fields.status.name, defaultValue: fields.status.initialValue ?? app.status }}>
              {EDITABLE_APP_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {APP_STATUS_LABEL[status]}
                </option>
              ))}
            </SelectField>
            <Button type="submit" disabled={busy === "update"}>
              {busy === "update" ? "Saving…" : "Save details"}
            </Button>
          </Form>
        </Card>
        <Card className="h-fit ring-red-200">
          <h2 className="text-lg font-semibold text-slate-900">Delete this app</h2>
          <p className="mt-2 text-sm text-slate-600">The app, its board and its pricing disappear and its domain becomes free. Forks others made keep their copy and still name this app as their source.</p>
          <Form method="post" className="mt-4 space-y-3" {...getFormProps(deleteForm)}>
            <input type="hidden" name="intent" value="delete" />
            <ReplyMessage reply={posted} intent="delete" />
            <label className="flex items-start gap-2 text-sm text-slate-800">
              <input type="checkbox" name="confirm" value="yes" required className="mt-0.5 h-4 w-4 rounded text-red-600" aria-describedby="confirm-delete-hint" />
              <span id="confirm-delete-hint">Yes, delete “{app.name}”.</span>
            </label>
            <Button type="submit" variant="danger" disabled={busy === "delete"}>
              {busy === "delete" ? "Deleting…" : "Delete app"}
            </Button>
          </Form>
        </Card>
      </div>
    </div>
  );
}
