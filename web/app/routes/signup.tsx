import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { PASSWORD_MIN_LENGTH, signUpSchema } from "@spike-land/shared/accounts/schemas";
import { SIGNUP_GRANT } from "@spike-land/shared/tokens/tiers";
import { AuthLayout, Button, Field, FormMessage } from "../components/ui.tsx";
import { requireAnonymous } from "../.server/auth/guards.server.ts";
import { signUp } from "../.server/accounts/flows.server.ts";
import { EmailTakenError } from "../.server/accounts/users.server.ts";

export const meta: MetaFunction = () => [{ title: "Create your account — Spike Land" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const submission = parseWithZod(await request.formData(), { schema: signUpSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  let emailSent = true;
  try {
    ({ emailSent } = await signUp(submission.value));
  } catch (error) {
    if (error instanceof EmailTakenError) {
      return data(submission.reply({ fieldErrors: { email: [error.message] }, hideFields: ["password"] }), { status: 409 });
    }
    throw error;
  }
  const notice = emailSent ? "" : "&delivery=failed";
  return redirect(`/verify-email?sent=${encodeURIComponent(submission.value.email)}${notice}`);
}

export default function SignUp() {
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signUpSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <AuthLayout
      title="Create your Spike Land account"
      subtitle={`Start with ${SIGNUP_GRANT} free tokens. No card needed.`}
      footer={
        <>
          Already have an account?{" "}
          <Link to="/login" className="font-semibold text-brand-700 hover:underline">
            Sign in
          </Link>
        </>
      }
    >
      <Form method="post" className="space-y-5" {...getFormProps(form)}>
        {form.errors?.length ? <FormMessage>{form.errors[0]}</FormMessage> : null}
        <Field label="Name" errors={fields.name.errors} inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "name" }} />
        <Field label="Email" errors={fields.email.errors} inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "email" }} />
        <Field
          label="Password"
          hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "new-password" }}
        />
        <Button type="submit" className="w-full" disabled={navigation.state === "submitting"}>
          {navigation.state === "submitting" ? "Creating your account…" : "Create account"}
        </Button>
      </Form>
    </AuthLayout>
  );
}
