/** Sign-in with email and password (or an OAuth provider), with the notices the other account pages send here. */
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { signInSchema } from "@spike-land/shared/accounts/schemas";
import { AuthLayout, Button, Field, FormMessage } from "../components/ui.tsx";
import { requireAnonymous, safeRedirect } from "../.server/auth/guards.server.ts";
import { signInAndRedirect } from "../.server/auth/sessions.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { passwordAuthenticator } from "../.server/auth/password-strategy.server.ts";
import { enabledOAuthProviders, oauthErrorMessage } from "../.server/auth/oauth.server.ts";

export const meta: MetaFunction = () => [{ title: "Sign in — Spike Land" }];

const schema = signInSchema.extend({ redirectTo: z.string().optional() });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  const params = new URL(request.url).searchParams;
  return { providers: enabledOAuthProviders(), oauthError: oauthErrorMessage(params.get("oauthError"), params.get("provider")) };
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAnonymous(request);
  // The strategy reads the body itself, so validation reads a copy.
  const form = await request.clone().formData();
  return handleForm(
    form,
    schema,
    async ({ redirectTo }) => {
      // A refused sign-in (401, or 403 while unconfirmed) and the attempt limit are domain errors.
      const userId = await passwordAuthenticator.authenticate("password", request);
      return signInAndRedirect(userId, safeRedirect(redirectTo));
    },
    { hideFields: ["password"] },
  );
}

export default function Login() {
  const { providers, oauthError } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: reply?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldRevalidate: "onInput",
  });
  const notice = params.get("notice");
  return (
    <AuthLayout
      title="Sign in to Spike Land"
      subtitle="Welcome back. Your tokens and albums are waiting."
      footer={
        <>
          New here?{" "}
          <Link to="/signup" className="font-semibold text-brand-700 hover:underline">
            Create an account
          </Link>
        </>
      }
    >
      <Form method="post" className="space-y-5" {...getFormProps(form)}>
        {notice === "verified" ? <FormMessage tone="success">Your email is confirmed. Sign in to continue.</FormMessage> : null}
        {notice === "password-reset" ? <FormMessage tone="success">Your password was changed. Sign in with the new one.</FormMessage> : null}
        {oauthError ? <FormMessage>{oauthError}</FormMessage> : null}
        {form.errors?.length ? <FormMessage>{form.errors[0]}</FormMessage> : null}
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <Field label="Email" errors={fields.email.errors} inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "email" }} />
        <Field
          label="Password"
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "current-password" }}
        />
        <div className="flex items-center justify-between text-sm">
          <Link to="/forgot-password" className="font-medium text-brand-700 hover:underline">
            Forgot your password?
          </Link>
        </div>
        <Button type="submit" className="w-full" disabled={navigation.state === "submitting"}>
          {navigation.state === "submitting" ? "Signing in…" : "Sign in"}
        </Button>
      </Form>
      {providers.length ? (
        <div className="mt-6 space-y-3 border-t border-slate-200 pt-6">
          {providers.map((provider) => (
            <Form key={provider.id} method="post" action={`/auth/${provider.id}`}>
              <Button type="submit" variant="secondary" className="w-full">
                Continue with {provider.label}
              </Button>
            </Form>
          ))}
        </div>
      ) : null}
    </AuthLayout>
  );
}
