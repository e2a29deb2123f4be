/** Two states: "check your inbox" after sign-up (with a resend form), and using the link from the email. */
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { AuthLayout, Button, FormMessage } from "../components/ui.tsx";
import { ReplyMessage } from "../components/form-reply.tsx";
import { resendVerification, verifyEmail } from "../.server/accounts/flows.server.ts";
import { clientIp } from "../.server/platform/rate-limit.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { appUrlFor } from "../.server/platform/env.server.ts";

export const meta: MetaFunction = () => [{ title: "Confirm your email — Spike Land" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const token = url.searchParams.get("token");
  if (token) {
    const result = await verifyEmail(token);
    if (result.ok) return redirect("/login?notice=verified");
    return { state: "invalid" as const, reason: result.reason, deliveryFailed: false };
  }
  // The address is not taken from the link: a crafted link must not put its own words on this page.
  return { state: "sent" as const, reason: null, deliveryFailed: url.searchParams.get("delivery") === "failed" };
}

const RESEND_HINT = "Enter the email address you signed up with.";

/** The sign-up email rule, with one message: whatever is wrong, the page asks for the address used at sign-up. */
const resendSchema = z.object({
  email: z.string({ error: RESEND_HINT }).trim().toLowerCase().min(1, RESEND_HINT).max(254, RESEND_HINT).pipe(z.email(RESEND_HINT)),
});

export async function action({ request }: ActionFunctionArgs) {
  return handleForm(request, resendSchema, async ({ email }) => {
    await resendVerification(email, clientIp(request), appUrlFor(request));
    return `If ${email} has an unconfirmed account, a new link is on its way.`;
  });
}

export default function VerifyEmail() {
  const loaderData = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [form, fields] = useForm({ lastResult: reply?.result, onValidate: ({ formData }) => parseWithZod(formData, { schema: resendSchema }) });
  const invalid = loaderData.state === "invalid";
  return (
    <AuthLayout
      title={invalid ? "That link doesn't work" : "Check your inbox"}
      subtitle={
        invalid
          ? loaderData.reason === "expired"
            ? "The confirmation link has expired. Ask for a new one below."
            : "The confirmation link was already used or is not valid. Ask for a new one below."
          : "We sent a confirmation link to your email address. Open it to finish setting up your account."
      }
      footer={
        <Link to="/login" className="font-semibold text-brand-700 hover:underline">
          Back to sign in
        </Link>
      }
    >
      <Form method="post" className="space-y-4" {...getFormProps(form)}>
        {loaderData.deliveryFailed && !reply ? (
          <FormMessage>Your account is ready, but we couldn't send the confirmation email just now. Send a new link below.</FormMessage>
        ) : null}
        {fields.email.errors?.length ? <FormMessage>{fields.email.errors[0]}</FormMessage> : <ReplyMessage reply={reply} />}
        <div className="space-y-1.5">
          <label htmlFor="resend-email" className="block text-sm font-medium text-slate-800">
            Email
          </label>
          <input
            id="resend-email"
            name="email"
            type="email"
            required
            autoComplete="email"
            className="block w-full rounded-lg border-0 px-3 py-2.5 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600"
          />
        </div>
        <Button type="submit" variant="secondary" className="w-full">
          Send a new link
        </Button>
      </Form>
    </AuthLayout>
  );
}
