/** Asking for a password reset link: the same answer whether or not the address has an account. */
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { emailField } from "@spike-land/shared/accounts/schemas";
import { AuthLayout, Button, Field, FormMessage } from "../components/ui.tsx";
import { ReplyMessage } from "../components/form-reply.tsx";
import { requestPasswordReset } from "../.server/accounts/flows.server.ts";
import { clientIp } from "../.server/platform/rate-limit.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { appUrlFor } from "../.server/platform/env.server.ts";

export const meta: MetaFunction = () => [{ title: "Reset your password — Spike Land" }];

const schema = z.object({ email: emailField });

export async function action({ request }: ActionFunctionArgs) {
  return handleForm(
    request,
    schema,
    async ({ email }) => {
      await requestPasswordReset(email, clientIp(request), appUrlFor(request));
      return "If an account uses that email, a reset link is on its way. It expires in 1 hour.";
    },
    { resetForm: true },
  );
}

export default function ForgotPassword() {
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({ lastResult: reply?.result, onValidate: ({ formData }) => parseWithZod(formData, { schema }) });
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
        {reply?.notice ? <ReplyMessage reply={reply} /> : null}
        {form.errors?.length ? <FormMessage>{form.errors[0]}</FormMessage> : null}
        <Field label="Email" errors={fields.email.errors} inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "email" }} />
        <Button type="submit" className="w-full" disabled={navigation.state === "submitting"}>
          Send reset link
        </Button>
      </Form>
    </AuthLayout>
  );
}
