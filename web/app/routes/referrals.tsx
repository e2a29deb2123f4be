/** The user's referral link, the people who joined through it and the tokens it has earned. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { MAX_REFERRALS_PER_DAY, REFERRAL_COOKIE_DAYS, REFERRAL_REWARD_TOKENS } from "@spike-land/shared/accounts/referrals";
import { Badge, Button, Card, PageHeading } from "../components/ui.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import { myReferrals } from "../.server/referrals/queries.server.ts";

export const meta: MetaFunction = () => [{ title: "Referrals — Spike Land" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return myReferrals(user.id);
}

const STATUS_TONE = { PENDING: "amber", COMPLETED: "green", INVALID: "red" } as const;
const STATUS_HELP = {
  PENDING: "Waiting for them to confirm their email",
  COMPLETED: "Confirmed: you both got your tokens",
  INVALID: "Didn't pass our checks, so no tokens",
} as const;
const COPIED_NOTICE_MS = 3000;

function CopyLink({ link }: { link: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), COPIED_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setState("copied");
    } catch {
      setState("failed");
    }
  };
  return (
    <div className="space-y-1.5">
      <label htmlFor="referral-link" className="block text-sm font-medium text-slate-800">
        Your referral link
      </label>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input
          id="referral-link"
          readOnly
          value={link}
          onFocus={(event) => event.currentTarget.select()}
          className="block w-full rounded-lg border-0 bg-slate-50 px-3 py-2.5 font-mono text-sm text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600"
        />
        <Button type="button" variant="secondary" onClick={() => void copy()} className="whitespace-nowrap">
          Copy link
        </Button>
      </div>
      <p role="status" className="min-h-5 text-sm text-slate-600">
        {state === "copied" ? "Copied to the clipboard." : state === "failed" ? "Couldn't copy: select the link and copy it yourself." : ""}
      </p>
    </div>
  );
}

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
          {link ? <CopyLink link={link} /> : <p className="text-sm text-slate-600">Your account has no referral code yet. Contact support.</p>}
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
              <thead className="border-b border-slate-200 text-slate-600">
                <tr>
                  <th scope="col" className="py-2 pr-4 font-medium">Friend</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Status</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Signed up</th>
                  <th scope="col" className="py-2 font-medium">Your tokens</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {referrals.map((row) => (
                  <tr key={row.id}>
                    <td className="py-3 pr-4 font-medium">{row.referee}</td>
                    <td className="py-3 pr-4">
                      <Badge tone={STATUS_TONE[row.status]}>{row.status}</Badge>
                      <span className="ml-2 text-slate-600">{STATUS_HELP[row.status]}</span>
                    </td>
                    <td className="py-3 pr-4 text-slate-600">{new Date(row.createdAt).toLocaleDateString("en-GB")}</td>
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
