/** The person's audio projects: each with its tracks, length and last change, storage used, a form to start a project, and delete. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { z } from "zod";
import { createAudioProjectRequest } from "@spike-land/shared/api/audio";
import { PageHeading } from "../components/ui.tsx";
import { ReplyMessage } from "../components/form-reply.tsx";
import { replyMessage, resultFor } from "../lib/form-reply.ts";
import { CreateProjectForm, NoProjects, ProjectList, StorageUsage } from "../components/audio/project-list.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { createProject, deleteProject, listProjects } from "../.server/audio/projects.server.ts";

export const meta: MetaFunction = () => [{ title: "Audio — Spike Land" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return listProjects(user.id);
}

const createForm = createAudioProjectRequest.extend({ intent: z.literal("create") });

const intents = z.discriminatedUnion(
  "intent",
  [
    createForm,
    z.object({
      intent: z.literal("delete"),
      projectId: z.string({ error: "Choose a project to delete." }).trim().min(1, "Choose a project to delete.").max(64, "That project id is not valid."),
    }),
  ],
  { error: "That action is not one this page offers." },
);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return handleForm(request, intents, async (input) => {
    switch (input.intent) {
      case "create": {
        const project = await createProject(user.id, { name: input.name, description: input.description ?? null });
        return redirect(`/audio/${project.id}`);
      }
      case "delete":
        await deleteProject(user.id, input.projectId);
        return "Project deleted, with its tracks.";
    }
  });
}

export default function AudioProjectsPage() {
  const { projects, usage } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const [form, fields] = useForm({
    id: "new-project",
    lastResult: resultFor(posted, "create"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: createForm }),
    shouldRevalidate: "onInput",
  });
  const full = usage.projectCount >= usage.projectLimit ? `You have ${usage.projectLimit} projects, the most you can keep. Delete one to start another.` : null;
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <PageHeading
        title="Audio"
        description="Multi-track projects: upload or record tracks, mix them with volume, mute and solo, and export the mix as a WAV file."
        actions={
          <a href="#new-project-heading" className="text-sm font-semibold text-brand-700 hover:underline">
            New project
          </a>
        }
      />
      {replyMessage(posted, "delete") ? (
        <div className="mb-6">
          <ReplyMessage reply={posted} intent="delete" />
        </div>
      ) : null}
      <StorageUsage usage={usage} />
      {projects.length ? <ProjectList projects={projects} busy={busy} /> : <NoProjects />}
      <CreateProjectForm form={form} fields={fields} busy={busy && navigation.formData?.get("intent") === "create"} disabledReason={full} />
    </div>
  );
}
