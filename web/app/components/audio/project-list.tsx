/**
 * The audio projects page's parts: the person's projects (name, tracks, length, last change, delete),
 * how much of their audio storage is used, the empty state, and the "New project" form. Every form
 * posts to /audio, so all of it works without JavaScript.
 */
import { getFormProps, getInputProps, type FieldMetadata, type FormMetadata } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import type { AudioProjectSummary, AudioStorageUsage } from "@spike-land/shared/api/audio";
import { formatDuration } from "@spike-land/shared/audio/formats";
import { Button, Card, Field, FormMessage } from "../ui.tsx";
import { formatDay, formatStorage, plural } from "./format.ts";

export function StorageUsage({ usage }: { usage: AudioStorageUsage }) {
  const share = usage.limitBytes > 0 ? Math.min(1, usage.usedBytes / usage.limitBytes) : 0;
  const percent = Math.round(share * 100);
  const tone = share >= 0.9 ? "bg-red-600" : share >= 0.75 ? "bg-amber-500" : "bg-brand-600";
  return (
    <section aria-labelledby="storage-heading" className="mb-8 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="storage-heading" className="text-sm font-semibold text-slate-900">
          Audio storage
        </h2>
        <p className="text-sm text-slate-600" data-testid="storage-text">
          {formatStorage(usage.usedBytes)} of {formatStorage(usage.limitBytes)} used · {usage.projectCount} of {usage.projectLimit} projects
        </p>
      </div>
      <div
        role="progressbar"
        aria-label="Audio storage used"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}% used`}
        className="mt-3 h-2.5 overflow-hidden rounded-full bg-slate-100"
      >
        <div className={`h-full rounded-full ${tone}`} style={{ width: `${Math.max(share > 0 ? 1 : 0, percent)}%` }} />
      </div>
    </section>
  );
}

function ProjectRow({ project, busy }: { project: AudioProjectSummary; busy: boolean }) {
  return (
    <li data-testid="audio-project" className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between sm:p-5">
      <div className="min-w-0">
        <Link
          to={`/audio/${project.id}`}
          className="block truncate text-base font-semibold text-slate-900 hover:text-brand-700 hover:underline"
        >
          {project.name}
        </Link>
        {project.description ? <p className="mt-0.5 line-clamp-2 text-sm text-slate-600">{project.description}</p> : null}
        <p className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-sm text-slate-600">
          <span>{plural(project.trackCount, "track")}</span>
          <span aria-hidden>·</span>
          <span>
            <span className="sr-only">Length </span>
            {formatDuration(project.duration)}
          </span>
          <span aria-hidden>·</span>
          <span>Updated {formatDay(project.updatedAt)}</span>
        </p>
      </div>
      <div className="flex shrink-0 items-center gap-2">
        <Link
          to={`/audio/${project.id}`}
          className="inline-flex items-center justify-center rounded-lg bg-white px-4 py-2 text-sm font-semibold text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50"
        >
          Open mixer<span className="sr-only"> for {project.name}</span>
        </Link>
        <Form
          method="post"
          onSubmit={(event) => {
            if (!window.confirm(`Delete the project "${project.name}" and all its tracks? This cannot be undone.`)) event.preventDefault();
          }}
        >
          <input type="hidden" name="intent" value="delete" />
          <input type="hidden" name="projectId" value={project.id} />
          <button
            type="submit"
            disabled={busy}
            className="inline-flex items-center justify-center rounded-lg px-4 py-2 text-sm font-semibold text-red-700 transition hover:bg-red-50 disabled:cursor-not-allowed disabled:opacity-60"
          >
            Delete<span className="sr-only"> {project.name}</span>
          </button>
        </Form>
      </div>
    </li>
  );
}

export function ProjectList({ projects, busy }: { projects: AudioProjectSummary[]; busy: boolean }) {
  return (
    <ul aria-label="Your audio projects" className="divide-y divide-slate-200 overflow-hidden rounded-2xl bg-white shadow-sm ring-1 ring-slate-200">
      {projects.map((project) => (
        <ProjectRow key={project.id} project={project} busy={busy} />
      ))}
    </ul>
  );
}

export function NoProjects() {
  return (
    <Card className="text-center" aria-labelledby="no-projects-heading">
      <div aria-hidden className="mx-auto mb-4 flex h-12 items-end justify-center gap-1">
        {[40, 70, 100, 55, 85, 30, 65].map((height, index) => (
          <span key={index} className="w-1.5 rounded-full bg-brand-500/70" style={{ height: `${height}%` }} />
        ))}
      </div>
      <h2 id="no-projects-heading" className="text-lg font-semibold text-slate-900">
        No audio projects yet
      </h2>
      <p className="mx-auto mt-2 max-w-xl text-slate-600">
        A project is a multi-track mix: upload or record tracks, set each one's volume, mute or solo it, play them together and export the mix as a
        WAV file. Start one below.
      </p>
    </Card>
  );
}

export type CreateProjectFields = {
  name: FieldMetadata<string | undefined>;
  description: FieldMetadata<string | null | undefined>;
};

export function CreateProjectForm<Schema extends Record<string, unknown>>({
  form,
  fields,
  busy,
  disabledReason,
}: {
  form: FormMetadata<Schema>;
  fields: CreateProjectFields;
  busy: boolean;
  disabledReason: string | null;
}) {
  return (
    <Card className="mt-10 max-w-2xl" aria-labelledby="new-project-heading">
      <h2 id="new-project-heading" className="text-lg font-semibold text-slate-900">
        New project
      </h2>
      <Form method="post" className="mt-4 space-y-4" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="create" />
        <Field
          label="Name"
          errors={fields.name.errors}
          inputProps={{ ...getInputProps(fields.name, { type: "text" }), required: true, maxLength: 80, autoComplete: "off", placeholder: "Band rehearsal" }}
        />
        <Field
          label="Description (optional)"
          errors={fields.description.errors}
          inputProps={{ ...getInputProps(fields.description, { type: "text" }), maxLength: 2000, autoComplete: "off" }}
        />
        {form.errors?.length ? <FormMessage>{form.errors[0]}</FormMessage> : null}
        {disabledReason ? <p className="text-sm text-slate-600">{disabledReason}</p> : null}
        <Button type="submit" disabled={busy || Boolean(disabledReason)}>
          {busy ? "Creating…" : "Create project"}
        </Button>
      </Form>
    </Card>
  );
}
