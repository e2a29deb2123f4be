/**
 * A referral link, /r/CODE: remembers a real referrer's code in a cookie for the sign-up that
 * follows, then opens the sign-up page. Anything else simply opens the sign-up page.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { parseReferralCode } from "@spike-land/shared/accounts/referrals";
import { rememberReferralCode } from "../.server/referrals/cookie.server.ts";
import { findReferrer } from "../.server/referrals/referrals.server.ts";

export async function loader({ params }: LoaderFunctionArgs) {
  const code = parseReferralCode(params.code);
  const referrer = code ? await findReferrer(code) : null;
  if (!code || !referrer) return redirect("/signup");
  return redirect("/signup", { headers: { "Set-Cookie": await rememberReferralCode(code) } });
}
