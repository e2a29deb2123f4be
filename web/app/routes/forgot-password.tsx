import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { emailField } from "@spike-land/shared/accounts/schemas";
import { AuthLayout, Button, Field, FormMessage } from "../components/ui.tsx";
import { requestPasswordReset } from "../.server/accounts/flows.server.ts";
import { clientIp, RateLimitedError } from "../.server/platform/rate-limit.server.ts";
import { appUrlFor } from "../.server/platform/env.server.ts";

export const meta: MetaFunction = () => [{ title: "Reset your password — Spike Land" }];

const schema = z.object({ email: emailField });

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema });
  if (submission.status !== "success") return data({ result: submission.reply(), sent: false }, { status: 400 });
  try {
    await requestPasswordReset(submission.value.email, clientIp(request), appUrlFor(request));
  } catch (error) {
    if (error instanceof RateLimitedError) {
      return data({ result: submission.reply({ formErrors: [error.message] }), sent: false }, { status: 429 });
    }
    throw error;
  }
  return { result: submission.reply({ resetForm: true }), sent: true };
}

export default function ForgotPassword() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({ lastResult: actionData?.result, onValidate: ({ formData }) => parseWithZod(formData, { schema }) });
  return (
    <AuthLayout
      title="Reset your password"
      subtitle="Enter your account's email and we'll send you a link to choose a new password."
      footer={
        <Link to="/login" className="font-semibold text-brand-700 hover:underline">
          Back to sign in
        </Link>
      }
    >
      <Form method="post" className="space-y-5" {...getFormProps(form)}>
        {actionData?.sent ? (
          <FormMessage tone="success">If an account uses that email, a reset link is on its way. It expires in 1 hour.</FormMessage>
        ) : null}
        {form.errors?.length ? <FormMessage>{form.errors[0]}</FormMessage> : null}
        <Field label="Email" errors={fields.email.errors} inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "email" }} />
        <Button type="submit" className="w-full" disabled={navigation.state === "submitting"}>
          Send reset link
        </Button>
      </Form>
    </AuthLayout>
  );
}
