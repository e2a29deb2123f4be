/** The mixer page's project cards: name and description, and delete. Plain forms posting an `intent`, so they work without JavaScript. */
import { Form } from "@remix-run/react";
import { Button, Card, Field } from "../ui.tsx";

type ProjectNames = { id: string; name: string; description: string | null };

export function ProjectDetailsCard({ project, busy }: { project: ProjectNames; busy: boolean }) {
  return (
    <Card aria-labelledby="project-details-heading">
      <h2 id="project-details-heading" className="text-lg font-semibold text-slate-900">
        Project details
      </h2>
      <Form method="post" className="mt-4 space-y-4" key={`${project.name}|${project.description ?? ""}`}>
        <input type="hidden" name="intent" value="rename" />
        <Field label="Project name" inputProps={{ id: "project-name", name: "name", defaultValue: project.name, required: true, maxLength: 80, autoComplete: "off" }} />
        <Field label="Description" inputProps={{ id: "project-description", name: "description", defaultValue: project.description ?? "", maxLength: 2000, autoComplete: "off" }} />
        <Button type="submit" variant="secondary" disabled={busy}>
          Save details
        </Button>
      </Form>
    </Card>
  );
}

export function DeleteProjectCard({ project, busy }: { project: ProjectNames; busy: boolean }) {
  return (
    <Card aria-labelledby="delete-project-heading">
      <h2 id="delete-project-heading" className="text-lg font-semibold text-slate-900">
        Delete project
      </h2>
      <p className="mt-1 text-sm text-slate-600">Deletes the project, every track in it and their audio files. This cannot be undone.</p>
      <Form
        method="post"
        className="mt-4"
        onSubmit={(event) => {
          if (!window.confirm(`Delete the project "${project.name}" and all its tracks? This cannot be undone.`)) event.preventDefault();
        }}
      >
        <input type="hidden" name="intent" value="delete" />
        <Button type="submit" variant="danger" disabled={busy}>
          Delete project
        </Button>
      </Form>
    </Card>
  );
}
