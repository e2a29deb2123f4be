/** The provider sends the browser back here with a code; on success the user is signed in. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { enabledOAuthProviders, isOAuthProvider, OAuthSignInError, oauthAuthenticator, oauthErrorLocation } from "../.server/auth/oauth.server.ts";
import { signInAndRedirect } from "../.server/auth/sessions.server.ts";
import { recordProviderSignIn } from "../.server/accounts/flows.server.ts";
import { clientIp } from "../.server/platform/rate-limit.server.ts";
import { appUrlFor } from "../.server/platform/env.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const provider = params.provider;
  if (!isOAuthProvider(provider) || !enabledOAuthProviders().some((p) => p.id === provider)) {
    throw new Response("That sign-in method is not available.", { status: 404 });
  }
  try {
    const userId = await oauthAuthenticator(appUrlFor(request)).authenticate(provider, request);
    await recordProviderSignIn(userId, provider, clientIp(request));
    return await signInAndRedirect(userId, "/account");
  } catch (error) {
    if (error instanceof Response) throw error;
    return redirect(oauthErrorLocation(error instanceof OAuthSignInError ? error.code : "failed", provider));
  }
}
