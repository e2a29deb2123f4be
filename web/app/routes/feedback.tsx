/**
 * /feedback: where the feedback form in every page's footer posts. With JavaScript the footer shows
 * the reply in place; without it the visitor lands here and sees it, with the form again if needed.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FeedbackForm } from "../components/feedback.tsx";
import { Card, PageHeading } from "../components/ui.tsx";
import { getOptionalUser } from "../.server/auth/guards.server.ts";
import { submitFeedback } from "../.server/feedback/feedback.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { clientIp } from "../.server/platform/rate-limit.server.ts";
import { feedbackPage, feedbackSchema } from "../lib/feedback-form.ts";

export const meta: MetaFunction = () => [{ title: "Feedback — Spike Land" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  // After a post without JavaScript this runs for the same request, whose Referer is the page the form was on.
  const referer = request.headers.get("Referer");
  const sameSite = referer && new URL(referer, request.url).origin === new URL(request.url).origin ? new URL(referer).pathname + new URL(referer).search : undefined;
  const from = new URL(request.url).searchParams.get("from") ?? (sameSite === "/feedback" ? undefined : sameSite);
  return { signedIn: Boolean(user), from: feedbackPage(from) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await getOptionalUser(request);
  return handleForm(
    request,
    feedbackSchema,
    async (value) => {
      await submitFeedback({ userId: user?.id ?? null, ip: clientIp(request), userAgent: request.headers.get("User-Agent") }, value);
      return "Thank you! Your feedback has reached the team.";
    },
    { resetForm: true, explain: (error) => (error.status === 429 ? `You have sent a lot of feedback in the last hour. ${error.message}` : undefined) },
  );
}

export default function FeedbackPage() {
  const { signedIn, from } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const sent = Boolean(reply?.notice);
  const submittedPage = reply?.result.initialValue?.page;
  const page = typeof submittedPage === "string" ? submittedPage : from;
  return (
    <div className="mx-auto max-w-xl px-4 py-10">
      <PageHeading title="Feedback" description="Something broken, an idea, anything else: tell us." />
      <Card className="mt-6">
        <FeedbackForm
          key={sent ? "sent" : "form"}
          signedIn={signedIn}
          page={page}
          reply={reply}
          submitting={navigation.state === "submitting"}
          action={({ children, formProps }) => (
            <Form method="post" action="/feedback" {...formProps}>
              {children}
            </Form>
          )}
        />
        {sent ? <p className="mt-4 text-sm"><Link to={feedbackPage(page)} className="font-semibold text-brand-700 hover:underline">Back to where you were</Link></p> : null}
      </Card>
    </div>
  );
}
