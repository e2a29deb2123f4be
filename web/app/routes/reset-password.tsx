/** Choosing a new password from the emailed link; the link works once and signs the account out everywhere. */
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DomainError } from "@spike-land/shared/errors";
import { newPasswordField, PASSWORD_MIN_LENGTH } from "@spike-land/shared/accounts/schemas";
import { AuthLayout, Button, Field, FormMessage } from "../components/ui.tsx";
import { peekToken } from "../.server/accounts/verification.server.ts";
import { resetPassword } from "../.server/accounts/flows.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";

export const meta: MetaFunction = () => [{ title: "Choose a new password — Spike Land" }];

const schema = z
  .object({ token: z.string().min(1), password: newPasswordField, confirm: z.string() })
  .refine((value) => value.password === value.confirm, { path: ["confirm"], message: "The two passwords are not the same" });

const INVALID = "This reset link is no longer valid. Ask for a new one.";

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const check = token ? await peekToken("resetPassword", token) : { ok: false as const, reason: "unknown" as const };
  return { token, valid: check.ok, message: check.ok ? null : check.reason === "expired" ? "This reset link has expired. Ask for a new one." : INVALID };
}

export async function action({ request }: ActionFunctionArgs) {
  return handleForm(
    request,
    schema,
    async ({ token, password }) => {
      const result = await resetPassword(token, password);
      if (!result.ok) throw new DomainError(410, INVALID);
      return redirect("/login?notice=password-reset");
    },
    { hideFields: ["password", "confirm"] },
  );
}

export default function ResetPassword() {
  const { token, valid, message } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [form, fields] = useForm({ lastResult: reply?.result, onValidate: ({ formData }) => parseWithZod(formData, { schema }), shouldRevalidate: "onInput" });
  return (
    <AuthLayout title="Choose a new password" footer={<Link to="/forgot-password" className="font-semibold text-brand-700 hover:underline">Ask for a new link</Link>}>
      {valid ? (
        <Form method="post" className="space-y-5" {...getFormProps(form)}>
          {form.errors?.length ? <FormMessage>{form.errors[0]}</FormMessage> : null}
          <input type="hidden" name="token" value={token} />
          <Field
            label="New password"
            hint={`At least ${PASSWORD_MIN_LENGTH} characters. You'll be signed out on every device.`}
            errors={fields.password.errors}
            inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "new-password" }}
          />
          <Field label="Repeat the new password" errors={fields.confirm.errors} inputProps={{ ...getInputProps(fields.confirm, { type: "password" }), autoComplete: "new-password" }} />
          <Button type="submit" className="w-full">
            Save new password
          </Button>
        </Form>
      ) : (
        <FormMessage>{message}</FormMessage>
      )}
    </AuthLayout>
  );
}
