/** The user's referral link, the people who joined through it and the tokens it has earned. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { MAX_REFERRALS_PER_DAY, REFERRAL_COOKIE_DAYS, REFERRAL_REWARD_TOKENS } from "@spike-land/shared/accounts/referrals";
import { Badge, Card, PageHeading, TableHead } from "../components/ui.tsx";
import { CopyLinkField } from "../components/copy-link.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import { myReferrals } from "../.server/referrals/queries.server.ts";
import { recordSeenFrom } from "../.server/accounts/users.server.ts";
import { clientIp } from "../.server/platform/rate-limit.server.ts";
import { formatDate } from "../lib/format.ts";

export const meta: MetaFunction = () => [{ title: "Referrals — Spike Land" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // Where the owner copies their link from: a sign-up through it from here earns nothing.
  await recordSeenFrom(user.id, clientIp(request));
  return myReferrals(user.id);
}

const STATUS_TONE = { PENDING: "amber", COMPLETED: "green", INVALID: "red" } as const;
const STATUS_HELP = {
  PENDING: "Waiting for them to confirm their email",
  COMPLETED: "Confirmed: you both got your tokens",
  INVALID: "Didn't pass our checks, so no tokens",
} as const;
export default function Referrals() {
  const { link, referrals, completed, tokensEarned } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-4xl space-y-8 px-4 py-10">
      <PageHeading
        title="Invite friends"
        description={`Share your link. When a friend signs up through it and confirms their email, you each get ${REFERRAL_REWARD_TOKENS} tokens.`}
      />
      <div className="grid gap-6 md:grid-cols-3">
        <Card className="md:col-span-2">
          {link ? <CopyLinkField id="referral-link" label="Your referral link" link={link} /> : <p className="text-sm text-slate-600">Your account has no referral code yet. Contact support.</p>}
          <p className="mt-2 text-sm text-slate-600">
            The link is remembered for {REFERRAL_COOKIE_DAYS} days on the device that opens it. Rewards are for new people:
            sign-ups from disposable email addresses or from your own connection, and more than {MAX_REFERRALS_PER_DAY} in a day, don't count.
          </p>
        </Card>
        <Card>
          <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-600">Tokens earned</h2>
          <p className="mt-3 text-5xl font-extrabold tracking-tight text-slate-900" data-testid="referral-tokens">
            {tokensEarned}
          </p>
          <p className="mt-2 text-sm text-slate-600">
            from {completed} completed referral{completed === 1 ? "" : "s"}
          </p>
        </Card>
      </div>

      <Card aria-labelledby="referrals-heading">
        <h2 id="referrals-heading" className="text-lg font-semibold">People you've referred</h2>
        {referrals.length ? (
          <div className="mt-4 overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="referral-list">
              <TableHead columns={["Friend", "Status", "Signed up", "Your tokens"]} />
              <tbody className="divide-y divide-slate-100">
                {referrals.map((row) => (
                  <tr key={row.id}>
                    <td className="py-3 pr-4 font-medium">{row.referee}</td>
                    <td className="py-3 pr-4">
                      <Badge tone={STATUS_TONE[row.status]}>{row.status}</Badge>
                      <span className="ml-2 text-slate-600">{STATUS_HELP[row.status]}</span>
                    </td>
                    <td className="py-3 pr-4 text-slate-600">{formatDate(row.createdAt)}</td>
                    <td className="py-3">{row.status === "COMPLETED" ? `+${row.tokensGranted}` : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="mt-4 text-sm text-slate-600">Nobody has signed up through your link yet.</p>
        )}
      </Card>
    </div>
  );
}
