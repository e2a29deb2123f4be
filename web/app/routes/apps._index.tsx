/** The user's apps: a list with status, domain, forks and last change, and a form to create an app. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { APP_NAME_MAX, APP_STATUS_HINT, APP_STATUS_LABEL, EDITABLE_APP_STATUSES, appFieldsSchema } from "@spike-land/shared/apps/forms";
import { Button, Card, Field, PageHeading, SelectField, TextareaField } from "../components/ui.tsx";
import { ReplyMessage } from "../components/form-reply.tsx";
import { AppStatusBadge } from "../components/apps/app-ui.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { createApp, listApps } from "../.server/apps/apps.server.ts";

export const meta: MetaFunction = () => [{ title: "Apps — Spike Land" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { apps: await listApps(user.id) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return handleForm(request, appFieldsSchema, async (input) => {
    const app = await createApp(user.id, input);
    return redirect(`/apps/${app.id}`);
  });
}

const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

const STATUS_HINT = EDITABLE_APP_STATUSES.map((status) => `${APP_STATUS_LABEL[status]}: ${APP_STATUS_HINT[status].toLowerCase()}`).join(" ");

export default function AppsPage() {
  const { apps } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({ lastResult: posted?.result, shouldValidate: "onSubmit", shouldRevalidate: "onInput", onValidate: ({ formData }) => parseWithZod(formData, { schema: appFieldsSchema }) });
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <PageHeading title="Apps" description="Plan the apps you build: what they must do on a requirements board, how they are priced, and a public page others can fork." />
      {apps.length ? (
        <ul className="grid gap-4 md:grid-cols-2" aria-label="Your apps">
          {apps.map((app) => (
            <li key={app.id} className="flex flex-col rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
              <div className="flex items-start justify-between gap-3">
                <h2 className="min-w-0 break-words text-lg font-semibold text-slate-900">
                  <Link to={`/apps/${app.id}`} className="hover:text-brand-700 hover:underline">
                    {app.name}
                  </Link>
                </h2>
                <AppStatusBadge status={app.status} />
              </div>
              {app.description ? <p className="mt-1 line-clamp-2 text-sm text-slate-600">{app.description}</p> : null}
              <dl className="mt-4 grid grid-cols-3 gap-2 text-sm">
                <div className="min-w-0">
                  <dt className="text-slate-500">Domain</dt>
                  <dd className="truncate font-medium text-slate-800">{app.domain ?? "—"}</dd>
                </div>
                <div>
                  <dt className="text-slate-500">Forks</dt>
                  <dd className="font-medium text-slate-800">{app.forkCount}</dd>
                </div>
                <div>
                  <dt className="text-slate-500">Updated</dt>
                  <dd className="font-medium text-slate-800">
                    <time dateTime={app.updatedAt}>{dateFormat.format(new Date(app.updatedAt))}</time>
                  </dd>
                </div>
              </dl>
              <div className="mt-4 flex flex-wrap gap-x-4 gap-y-1 border-t border-slate-100 pt-3 text-sm font-medium">
                <Link to={`/apps/${app.id}`} className="text-brand-700 hover:underline">
                  Edit<span className="sr-only"> {app.name}</span>
                </Link>
                <Link to={`/apps/${app.id}/requirements`} className="text-brand-700 hover:underline">
                  Requirements<span className="sr-only"> of {app.name}</span>
                </Link>
                <Link to={`/apps/${app.id}/monetization`} className="text-brand-700 hover:underline">
                  Pricing<span className="sr-only"> of {app.name}</span>
                </Link>
                <Link to={`/a/${app.id}`} className="text-brand-700 hover:underline">
                  Public page<span className="sr-only"> of {app.name}</span>
                </Link>
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="rounded-2xl border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">You have no apps yet. Create your first one below, or fork a published app.</p>
      )}
      <Card className="mt-10 max-w-2xl">
        <h2 className="text-lg font-semibold text-slate-900">Create an app</h2>
        <Form method="post" className="mt-4 space-y-4" {...getFormProps(form)}>
          <ReplyMessage reply={posted} />
          <Field label="Name" errors={fields.name.errors} inputProps={{ ...getInputProps(fields.name, { type: "text" }), required: true, maxLength: APP_NAME_MAX, autoComplete: "off" }} />
          <TextareaField label="Description (optional)" errors={fields.description.errors} textareaProps={{ ...getInputProps(fields.description, { type: "text" }), maxLength: 2000 }} />
          <Field
            label="Domain (optional)"
            hint="A hostname such as shop.example.com, or a label such as my-shop. Each domain belongs to one app."
            errors={fields.domain.errors}
            inputProps={{ ...getInputProps(fields.domain, { type: "text" }), maxLength: 253, autoComplete: "off", spellCheck: false, inputMode: "url" }}
          />
          <SelectField label="Status" errors={fields.status.errors} hint={STATUS_HINT} selectProps={{ id: fields.status.id, name: fields.status.name, defaultValue: fields.status.initialValue ?? "DRAFT" }}>
            {EDITABLE_APP_STATUSES.map((status) => (
              <option key={status} value={status}>
                {APP_STATUS_LABEL[status]}
              </option>
            ))}
          </SelectField>
          <Button type="submit" disabled={busy}>
            {busy ? "Creating…" : "Create app"}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
