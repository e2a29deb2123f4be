/**
 * Marketing: connected Google Ads and Facebook Ads accounts with their last sync, connect buttons
 * (or what to configure), "Sync now" and disconnect, and campaign spend with ROI from attributed purchases.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "../.server/auth/guards.server.ts";
import { clientIp } from "../.server/platform/rate-limit.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { disconnectAccount, listMarketingAccounts } from "../.server/marketing/accounts.server.ts";
import { campaignRoi } from "../.server/marketing/roi.server.ts";
import { requestSync } from "../.server/marketing/sync.server.ts";
import { adPlatform, PLATFORM_LABELS, platformSlug, REQUIRED_SETTINGS, usesLocalAdPlatform } from "../.server/providers/marketing/index.server.ts";
import { CampaignRoi } from "../components/analytics/campaign-roi.tsx";
import { ReplyMessage } from "../components/form-reply.tsx";
import { Badge, Button, Card, FormMessage, PageHeading } from "../components/ui.tsx";
import { formatDateTime } from "../lib/format.ts";

export const meta: MetaFunction = () => [{ title: "Marketing — Admin — Spike Land" }];

const PLATFORMS = ["GOOGLE_ADS", "FACEBOOK"] as const;

const marketingAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("sync"), id: z.string().trim().max(100).optional() }),
  z.object({ intent: z.literal("disconnect"), id: z.string().trim().min(1).max(100) }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  const url = new URL(request.url);
  const connected = url.searchParams.get("connected");
  const [accounts, roi] = await Promise.all([listMarketingAccounts(), campaignRoi()]);
  return {
    accounts,
    roi,
    local: usesLocalAdPlatform(),
    platforms: PLATFORMS.map((platform) => ({
      platform,
      slug: platformSlug(platform),
      label: PLATFORM_LABELS[platform],
      available: adPlatform(platform) !== null,
      settings: REQUIRED_SETTINGS[platform],
    })),
    connected: connected !== null && /^\d+$/.test(connected) ? Number(connected) : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "ADMIN");
  return handleForm(request, marketingAction, async (input) => {
    if (input.intent === "sync") {
      await requestSync(input.id || undefined);
      return input.id ? "A sync of this account has started. Refresh in a moment to see its figures." : "A sync of every account has started. Refresh in a moment to see the figures.";
    }
    const removed = await disconnectAccount(admin.id, input.id, clientIp(request));
    return `${PLATFORM_LABELS[removed.platform]} account ${removed.accountId} was disconnected and its tokens deleted.`;
  });
}

function accountLabel(account: { platform: (typeof PLATFORMS)[number]; accountId: string; accountName: string | null }) {
  if (account.accountName) return account.accountName;
  return account.platform === "GOOGLE_ADS" ? `Customer ${account.accountId.replace(/^(\d{3})(\d{3})(\d+)$/, "$1-$2-$3")}` : `Ad account ${account.accountId}`;
}

export default function AdminMarketing() {
  const { accounts, roi, local, platforms, connected } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="space-y-6">
      <PageHeading
        title="Marketing"
        description="Ad accounts connected through Google Ads and Facebook Ads. Their campaign metrics sync every hour for the last 30 days."
      />
      {connected !== null ? (
        <FormMessage tone="success">{connected === 1 ? "1 ad account is connected." : `${connected} ad accounts are connected.`}</FormMessage>
      ) : null}
      <ReplyMessage reply={reply} />

      <Card className="space-y-5">
        <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
          <h2 className="text-lg font-semibold text-slate-900">Ad accounts</h2>
          {accounts.length > 0 ? (
            <Form method="post">
              <Button type="submit" name="intent" value="sync" variant="secondary" disabled={busy}>
                Sync all now
              </Button>
            </Form>
          ) : null}
        </div>
        {local ? (
          <p className="text-sm text-slate-600">
            Development: both platforms are the built-in ad platform, with its own consent page and generated campaigns. Set MARKETING_PROVIDER=platforms to use the real APIs.
          </p>
        ) : null}
        {accounts.length === 0 ? (
          <p className="text-sm text-slate-600">No ad account is connected yet.</p>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Connected ad accounts">
            {accounts.map((account) => (
              <li key={account.id} className="flex flex-col gap-3 py-4 md:flex-row md:items-center md:justify-between">
                <div className="min-w-0 space-y-1">
                  <p className="font-medium text-slate-900">
                    {accountLabel(account)} <span className="text-sm font-normal text-slate-500">· {platforms.find((entry) => entry.platform === account.platform)?.label}</span>
                  </p>
                  <p className="text-sm text-slate-600">
                    Connected by {account.connectedBy ?? "a deleted user"} ·{" "}
                    {account.sync ? `last sync ${formatDateTime(account.sync.at)}${account.sync.ok ? `, ${account.sync.rows} campaign-days` : ""}` : "not synced yet"}
                  </p>
                  {account.sync && !account.sync.ok ? <p className="text-sm text-red-700">Last sync failed: {account.sync.error}</p> : null}
                </div>
                <div className="flex flex-wrap items-center gap-2">
                  {!account.isActive ? <Badge tone="red">Reconnect needed</Badge> : account.sync?.ok === false ? <Badge tone="amber">Sync failed</Badge> : account.sync ? <Badge tone="green">Synced</Badge> : <Badge>Waiting for sync</Badge>}
                  <Form method="post" className="contents">
                    <input type="hidden" name="id" value={account.id} />
                    <Button type="submit" name="intent" value="sync" variant="secondary" disabled={busy} aria-label={`Sync now: ${accountLabel(account)}`}>
                      Sync now
                    </Button>
                    <Button type="submit" name="intent" value="disconnect" variant="ghost" disabled={busy} aria-label={`Disconnect: ${accountLabel(account)}`}>
                      Disconnect
                    </Button>
                  </Form>
                </div>
              </li>
            ))}
          </ul>
        )}
        <div className="grid gap-4 border-t border-slate-100 pt-5 sm:grid-cols-2">
          {platforms.map((platform) => (
            <div key={platform.platform} className="rounded-xl bg-slate-50 p-4">
              <h3 className="font-medium text-slate-900">{platform.label}</h3>
              {platform.available ? (
                <Form method="post" action={`/admin/marketing/connect/${platform.slug}`} reloadDocument className="mt-3">
                  <Button type="submit">Connect {platform.label}</Button>
                </Form>
              ) : (
                <p className="mt-2 text-sm text-slate-600">
                  Not configured. To connect it, set {platform.settings.map((name, index) => (
                    <span key={name}>
                      {index > 0 ? (index === platform.settings.length - 1 ? " and " : ", ") : null}
                      <code className="rounded bg-white px-1 text-xs ring-1 ring-slate-200">{name}</code>
                    </span>
                  ))}{" "}
                  on the server and restart it.
                </p>
              )}
            </div>
          ))}
        </div>
      </Card>

      <Card className="space-y-4">
        <div>
          <h2 className="text-lg font-semibold text-slate-900">Campaigns</h2>
          <p className="text-sm text-slate-600">
            {roi.since} to {roi.until}.{" "}
            {roi.attributedPurchases > 0
              ? `ROI is the revenue of ${roi.attributedPurchases} purchases attributed (last touch) to a campaign, divided by its spend.`
              : "ROI appears once purchases are attributed to campaigns (through their UTM campaign or campaign id); until then these are the platforms' spend figures."}
          </p>
        </div>
        <CampaignRoi rows={roi.rows} />
      </Card>
    </div>
  );
}
