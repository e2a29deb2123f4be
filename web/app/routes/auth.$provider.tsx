/** Starts OAuth sign-in: the strategy answers with a redirect to the provider. */
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { isOAuthProvider, oauthAuthenticator, enabledOAuthProviders } from "../.server/auth/oauth.server.ts";
import { appUrlFor } from "../.server/platform/env.server.ts";

export function loader() {
  return redirect("/login");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const provider = params.provider;
  if (!isOAuthProvider(provider) || !enabledOAuthProviders().some((p) => p.id === provider)) {
    throw new Response("That sign-in method is not available.", { status: 404 });
  }
  await oauthAuthenticator(appUrlFor(request)).authenticate(provider, request);
  return redirect("/login");
}
