/** /pipelines/new — create a saved pipeline. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { DEFAULT_PIPELINE_FORM_VALUES, pipelineFormSchema } from "@spike-land/shared/images/pipelines";
import { Button, Card, PageHeading } from "../components/ui.tsx";
import { PipelineFormFields, PipelineFormMessage, pipelineFormDefaults } from "../components/pipelines/pipeline-form.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { createPipeline } from "../.server/pipelines/pipelines.server.ts";

export const meta: MetaFunction = () => [{ title: "New pipeline — Spike Land" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return handleForm(request, pipelineFormSchema, async (input) => {
    const pipeline = await createPipeline(user.id, input);
    return redirect(`/pipelines/${pipeline.id}`);
  });
}

export default function NewPipelinePage() {
  const posted = useActionData<typeof action>();
  const saving = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    lastResult: posted?.result,
    defaultValue: pipelineFormDefaults(DEFAULT_PIPELINE_FORM_VALUES),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: pipelineFormSchema }),
  });
  return (
    <div className="mx-auto max-w-3xl px-4 py-10">
      <PageHeading
        title="New pipeline"
        description="Save a set of enhancement settings to reuse on any image, share, or set as an album's default."
        actions={
          <Link to="/pipelines" className="whitespace-nowrap text-sm font-medium text-brand-700 hover:underline">
            Back to pipelines
          </Link>
        }
      />
      <Card>
        <PipelineFormMessage reply={posted} />
        <Form method="post" {...getFormProps(form)}>
          <PipelineFormFields fields={fields} />
          <div className="mt-8 flex flex-wrap gap-3">
            <Button type="submit" disabled={saving}>
              {saving ? "Saving…" : "Create pipeline"}
            </Button>
            <Link to="/pipelines" className="inline-flex items-center rounded-lg px-4 py-2.5 text-sm font-semibold text-slate-700 hover:bg-slate-100">
              Cancel
            </Link>
          </div>
        </Form>
      </Card>
    </div>
  );
}
