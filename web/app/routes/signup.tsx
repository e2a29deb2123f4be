/** Creating an account: name, email and password, with the referral that brought the visitor here. */
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PASSWORD_MIN_LENGTH, signUpSchema } from "@spike-land/shared/accounts/schemas";
import { SIGNUP_GRANT } from "@spike-land/shared/tokens/tiers";
import { REFERRAL_REWARD_TOKENS } from "@spike-land/shared/accounts/referrals";
import { AuthLayout, Button, Field, FormMessage } from "../components/ui.tsx";
import { requireAnonymous } from "../.server/auth/guards.server.ts";
import { signUp } from "../.server/accounts/flows.server.ts";
import { recordServerEvent } from "../.server/analytics/collect.server.ts";
import { clientIp, LIMITS } from "../.server/platform/rate-limit.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { forgetReferralCode, readReferralCode } from "../.server/referrals/cookie.server.ts";
import { findReferrer } from "../.server/referrals/referrals.server.ts";
import { appUrlFor } from "../.server/platform/env.server.ts";

export const meta: MetaFunction = () => [{ title: "Create your account — Spike Land" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  const code = await readReferralCode(request);
  const referrer = code ? await findReferrer(code) : null;
  return { invitedBy: referrer ? (referrer.name ?? "A friend") : null };
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAnonymous(request);
  return handleForm(
    request,
    signUpSchema,
    async (input) => {
      const code = await readReferralCode(request);
      const { user, emailSent } = await signUp(input, { ipAddress: clientIp(request), referralCode: code, baseUrl: appUrlFor(request) });
      await recordServerEvent(request, "signup", { userId: user.id });
      const notice = emailSent ? "" : "&delivery=failed";
      // The referral link has done its job; a later sign-up in this browser is not this referrer's.
      const headers = code ? { "Set-Cookie": await forgetReferralCode() } : undefined;
      return redirect(`/verify-email?sent=1${notice}`, { headers });
    },
    {
      hideFields: ["password"],
      explain: (error) =>
        error.code === "rate_limited" ? `Only ${LIMITS.signUp.points} accounts can be created from one network in an hour. ${error.message}` : undefined,
    },
  );
}

export default function SignUp() {
  const { invitedBy } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: reply?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signUpSchema }),
    shouldRevalidate: "onInput",
  });
  return (
    <AuthLayout
      title="Create your Spike Land account"
      subtitle={
        invitedBy
          ? `${invitedBy} invited you: start with ${SIGNUP_GRANT} free tokens, and you both get ${REFERRAL_REWARD_TOKENS} more when you confirm your email.`
          : `Start with ${SIGNUP_GRANT} free tokens. No card needed.`
      }
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
