/** Two states: "check your inbox" after sign-up (with a resend form), and using the link from the email. */
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { emailField } from "@spike-land/shared/accounts/schemas";
import { AuthLayout, Button, FormMessage } from "../components/ui.tsx";
import { resendVerification, verifyEmail } from "../.server/accounts/flows.server.ts";
import { clientIp, RateLimitedError } from "../.server/platform/rate-limit.server.ts";
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

const resendSchema = z.object({ email: emailField });

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: resendSchema });
  if (submission.status !== "success") return data({ ok: false, message: "Enter the email address you signed up with." }, { status: 400 });
  try {
    await resendVerification(submission.value.email, clientIp(request), appUrlFor(request));
  } catch (error) {
    if (error instanceof RateLimitedError) return data({ ok: false, message: error.message }, { status: 429 });
    throw error;
  }
  return { ok: true, message: `If ${submission.value.email} has an unconfirmed account, a new link is on its way.` };
}

export default function VerifyEmail() {
  const loaderData = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
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
      <Form method="post" className="space-y-4">
        {loaderData.deliveryFailed && !result ? (
          <FormMessage>Your account is ready, but we couldn't send the confirmation email just now. Send a new link below.</FormMessage>
        ) : null}
        {result ? <FormMessage tone={result.ok ? "success" : "error"}>{result.message}</FormMessage> : null}
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
