/** Email + password sign-in as a remix-auth strategy; resolves to the signed-in user's id. */
import { Authenticator } from "remix-auth";
import { FormStrategy } from "remix-auth-form";
import { signInSchema } from "@spike-land/shared/accounts/schemas";
import { SignInError, signInWithPassword, WRONG_CREDENTIALS } from "../accounts/flows.server.ts";
import { clientIp } from "../platform/rate-limit.server.ts";

export const passwordAuthenticator = new Authenticator<string>();

passwordAuthenticator.use(
  new FormStrategy(async ({ form, request }) => {
    const parsed = signInSchema.safeParse({ email: form.get("email"), password: form.get("password") });
    if (!parsed.success) throw new SignInError(WRONG_CREDENTIALS, "credentials");
    return signInWithPassword(parsed.data.email, parsed.data.password, clientIp(request));
  }),
  "password",
);
