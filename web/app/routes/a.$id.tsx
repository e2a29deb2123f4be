/**
 * The public page of an app, by id or by its domain: name, description, who made it, the pricing
 * table, forks and where it was forked from, and "Fork this app" for signed-in visitors. Drafts and
 * archived apps are only visible to their owner.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Button, FormMessage } from "../components/ui.tsx";
import { ReplyMessage } from "../components/form-reply.tsx";
import { AppStatusBadge, TierCard } from "../components/apps/app-ui.tsx";
import { ForkedFromLine } from "../components/apps/forked-from.tsx";
import { getOptionalUser, requireUser } from "../.server/auth/guards.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { orPageError } from "../.server/http/domain-errors.server.ts";
import { forkApp, publicApp } from "../.server/apps/apps.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) =>
  loaded ? [{ title: `${loaded.app.name} — Spike Land` }, { name: "description", content: loaded.app.description ?? `${loaded.app.name}, an app on Spike Land.` }] : [{ title: "App — Spike Land" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await getOptionalUser(request);
  const app = await orPageError(publicApp(params.id ?? "", viewer?.id ?? null));
  return { app, signedIn: Boolean(viewer), loginPath: `/login?redirectTo=${encodeURIComponent(new URL(request.url).pathname)}` };
}

const forkSchema = z.object({ intent: z.literal("fork", { error: "That action is not one this page offers." }) });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const app = await orPageError(publicApp(params.id ?? "", user.id));
  return handleForm(
    request,
    forkSchema,
    async () => {
      const fork = await forkApp(user.id, app.id);
      return redirect(`/apps/${fork.id}`);
    },
    { notFoundIsPage: true },
  );
}

export default function PublicAppPage() {
  const { app, signedIn, loginPath } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const forking = useNavigation().state === "submitting";
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      {app.status !== "ACTIVE" ? (
        <div className="mb-6">
          <FormMessage tone="info">
            Only you can see this page: the app is not published. <Link to={`/apps/${app.id}`} className="font-semibold underline">Publish it from its settings.</Link>
          </FormMessage>
        </div>
      ) : null}
      <header className="rounded-3xl bg-gradient-to-br from-brand-50 via-white to-fuchsia-50 p-6 ring-1 ring-slate-200 sm:p-10">
        <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
          <span>
            By <span className="font-medium text-slate-800">{app.ownerName}</span>
          </span>
          {app.domain ? (
            <>
              <span aria-hidden>·</span>
              <span className="break-all font-mono text-slate-700">{app.domain}</span>
            </>
          ) : null}
          {app.status !== "ACTIVE" ? <AppStatusBadge status={app.status} /> : null}
        </div>
        <h1 className="mt-3 break-words text-3xl font-bold tracking-tight text-slate-900 sm:text-4xl">{app.name}</h1>
        {app.description ? <p className="mt-3 max-w-3xl whitespace-pre-line text-lg text-slate-700">{app.description}</p> : null}
        <div className="mt-6 flex flex-wrap items-center gap-x-6 gap-y-3">
          {signedIn ? (
            <Form method="post">
              <input type="hidden" name="intent" value="fork" />
              <Button type="submit" disabled={forking}>
                {forking ? "Forking…" : "Fork this app"}
              </Button>
            </Form>
          ) : (
            <Link to={loginPath} className="rounded-lg bg-white px-4 py-2.5 text-sm font-semibold text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50">
              Sign in to fork this app
            </Link>
          )}
          <p className="text-sm text-slate-600">
            <span className="font-semibold text-slate-900">{app.forkCount}</span> fork{app.forkCount === 1 ? "" : "s"}
          </p>
          {app.forkedFrom ? (
            <p className="text-sm text-slate-600">
              <ForkedFromLine source={app.forkedFrom} />
            </p>
          ) : null}
        </div>
        <div className="mt-4">
          <ReplyMessage reply={posted} />
        </div>
      </header>
      <section aria-labelledby="pricing-heading" className="mt-12">
        <h2 id="pricing-heading" className="text-xl font-semibold text-slate-900">
          Pricing
        </h2>
        {app.tiers.length ? (
          <ul className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {app.tiers.map((tier) => (
              <li key={tier.id}>
                <TierCard tier={tier} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-3 text-slate-600">This app has not set its pricing yet.</p>
        )}
      </section>
    </div>
  );
}
