/**
 * The analytics dashboard (ADMIN): visitors and page views per day, top pages, sources and
 * campaigns, the conversion funnel, first- against last-touch attribution, campaign links with
 * their clicks and tracked URLs with their views, over 7, 30 or 90 days.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Button, Card, cx } from "../components/ui.tsx";
import { ReplyMessage } from "../components/form-reply.tsx";
import { FunnelChart, TrafficChart } from "../components/analytics/charts.tsx";
import { CampaignRoi } from "../components/analytics/campaign-roi.tsx";
import { requireRole } from "../.server/auth/guards.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { analyticsDashboard } from "../.server/analytics/dashboard.server.ts";
import { campaignRoi } from "../.server/marketing/roi.server.ts";
import { createCampaignLink, createTrackedUrl, deleteCampaignLink, deleteTrackedUrl, setTrackedUrlActive } from "../.server/analytics/campaigns.server.ts";
import { analyticsActionSchema, PLATFORM_LABELS, PLATFORMS, RANGES, type Platform } from "../lib/analytics-forms.ts";

export const meta: MetaFunction = () => [{ title: "Analytics — Admin — Spike Land" }];

const query = z.object({ days: z.coerce.number().pipe(z.union([z.literal(7), z.literal(30), z.literal(90)])).catch(30) });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  const { days } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [dashboard, roi] = await Promise.all([analyticsDashboard(days), campaignRoi(new Date(), days)]);
  return { ...dashboard, roi: roi.rows };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "ADMIN");
  return handleForm(request, analyticsActionSchema, async (input) => {
    switch (input.intent) {
      case "create-link":
        await createCampaignLink(input);
        return "Campaign link added.";
      case "delete-link":
        await deleteCampaignLink(input.id);
        return "Campaign link deleted.";
      case "create-url":
        await createTrackedUrl(input, admin.id);
        return "Tracked URL added.";
      case "toggle-url":
        await setTrackedUrlActive(input.id, input.active === "true");
        return input.active === "true" ? "Tracking resumed." : "Tracking paused.";
      case "delete-url":
        await deleteTrackedUrl(input.id);
        return "Tracked URL deleted.";
    }
  }, { resetForm: true });
}

const number = new Intl.NumberFormat("en-GB");
const money = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP" });

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">{value}</dd>
    </div>
  );
}

function CountTable({ caption, label, rows, empty }: { caption: string; label: string; rows: Array<{ name: string; count: number }>; empty: string }) {
  return (
    <Card>
      <h2 className="text-lg font-semibold">{caption}</h2>
      {rows.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">{empty}</p>
      ) : (
        <table className="mt-3 w-full text-left text-sm">
          <thead className="border-b border-slate-200 text-slate-600">
            <tr>
              <th scope="col" className="py-2 pr-4 font-medium">{label}</th>
              <th scope="col" className="py-2 text-right font-medium">Count</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => (
              <tr key={row.name}>
                <td className="max-w-0 truncate py-2 pr-4" title={row.name}>{row.name}</td>
                <td className="py-2 text-right tabular-nums">{number.format(row.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

const input = "mt-1 block w-full rounded-md border-0 px-3 py-2 text-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600";
const th = "py-2 pr-4 font-medium";

export default function AdminAnalytics() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="space-y-6">
      <Card>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <h2 className="text-lg font-semibold">Analytics</h2>
            <p className="text-sm text-slate-600">Visits from people who accepted analytics, last {data.days} days (UTC).</p>
          </div>
          <nav aria-label="Period" className="flex gap-1 rounded-lg bg-slate-100 p-1">
            {RANGES.map((days) => (
              <Link
                key={days}
                to={`?days=${days}`}
                aria-current={days === data.days ? "page" : undefined}
                className={cx("rounded-md px-3 py-1.5 text-sm font-medium", days === data.days ? "bg-white text-slate-900 shadow-sm" : "text-slate-700 hover:text-slate-900")}
              >
                {days} days
              </Link>
            ))}
          </nav>
        </div>
        <dl className="mt-5 grid grid-cols-2 gap-3 lg:grid-cols-4">
          <Stat label="Visitors" value={number.format(data.totals.visitors)} />
          <Stat label="Visits" value={number.format(data.totals.sessions)} />
          <Stat label="Page views" value={number.format(data.totals.pageViews)} />
          <Stat label="Purchase revenue" value={money.format(data.totals.revenue)} />
        </dl>
      </Card>

      <Card>
        <h2 className="text-lg font-semibold">Visitors and page views per day</h2>
        <div className="mt-4">
          <TrafficChart data={data.daily} />
        </div>
        <details className="mt-3 text-sm">
          <summary className="cursor-pointer font-medium text-slate-700">Figures per day</summary>
          <div className="mt-2 max-h-72 overflow-y-auto">
            <table className="w-full text-left text-sm" data-testid="daily-table">
              <thead className="border-b border-slate-200 text-slate-600">
                <tr>
                  <th scope="col" className={th}>Day</th>
                  <th scope="col" className={cx(th, "text-right")}>Visitors</th>
                  <th scope="col" className="py-2 text-right font-medium">Page views</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.daily.map((day) => (
                  <tr key={day.date}>
                    <td className="py-1.5 pr-4">{day.date}</td>
                    <td className="py-1.5 pr-4 text-right tabular-nums">{day.visitors}</td>
                    <td className="py-1.5 text-right tabular-nums">{day.pageViews}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </Card>

      <div className="grid gap-6 lg:grid-cols-3">
        <CountTable caption="Top pages" label="Page" rows={data.topPages} empty="No page views in this period." />
        <CountTable caption="Top sources" label="Source" rows={data.topSources} empty="No visits in this period." />
        <CountTable caption="Top campaigns" label="UTM campaign" rows={data.topCampaigns} empty="No campaign visits in this period." />
      </div>

      <Card>
        <h2 className="text-lg font-semibold">Conversion funnel</h2>
        <div className="mt-4 grid gap-6 lg:grid-cols-[2fr_1fr]">
          <FunnelChart data={data.funnel} />
          <ol className="space-y-2 text-sm" data-testid="funnel">
            {data.funnel.map((step, index) => {
              const previous = index > 0 ? data.funnel[index - 1]!.count : 0;
              return (
                <li key={step.step} className="flex items-baseline justify-between gap-3 border-b border-slate-100 pb-2">
                  <span className="font-medium text-slate-800">{step.step}</span>
                  <span className="tabular-nums">
                    {number.format(step.count)}
                    {index > 0 && previous > 0 ? <span className="ml-2 text-slate-600">({Math.round((step.count / previous) * 100)}%)</span> : null}
                  </span>
                </li>
              );
            })}
          </ol>
        </div>
      </Card>

      <Card>
        <h2 className="text-lg font-semibold">Attribution by campaign</h2>
        <p className="text-sm text-slate-600">Sign-ups and purchases credited to the visit that first brought each person, and to their last campaign visit.</p>
        {data.attribution.length === 0 ? (
          <p className="mt-3 text-sm text-slate-600">No attributed conversions in this period.</p>
        ) : (
          <div className="relative mt-3 overflow-x-auto">
            <table className="w-full min-w-[40rem] text-left text-sm" data-testid="attribution-table">
              <thead className="border-b border-slate-200 text-slate-600">
                <tr>
                  <th scope="col" className={th}>Campaign</th>
                  <th scope="col" className={th}>Platform</th>
                  <th scope="col" className={cx(th, "text-right")}>Sign-ups first / last</th>
                  <th scope="col" className={cx(th, "text-right")}>Purchases first / last</th>
                  <th scope="col" className="py-2 text-right font-medium">Revenue first / last</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.attribution.map((row) => (
                  <tr key={`${row.campaign}-${row.platform}`}>
                    <td className="py-2 pr-4">{row.campaign}</td>
                    <td className="py-2 pr-4">{row.platform}</td>
                    <td className="py-2 pr-4 text-right tabular-nums">{row.firstSignups} / {row.lastSignups}</td>
                    <td className="py-2 pr-4 text-right tabular-nums">{row.firstPurchases} / {row.lastPurchases}</td>
                    <td className="py-2 text-right tabular-nums">{money.format(row.firstValue)} / {money.format(row.lastValue)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <Card>
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 className="text-lg font-semibold">Campaign ROI</h2>
          {data.roi.length > 0 ? (
            <Link to="/admin/marketing" className="text-sm font-medium text-brand-700 underline underline-offset-2">Ad accounts</Link>
          ) : null}
        </div>
        <p className="text-sm text-slate-600">Ad spend from connected accounts against the revenue of purchases attributed to each campaign (last touch).</p>
        {data.roi.length > 0 ? (
          <div className="mt-4" data-testid="campaign-roi">
            <CampaignRoi rows={data.roi} caption={`Campaign spend and return, last ${data.days} days`} />
          </div>
        ) : (
          <p className="mt-2 text-sm text-slate-600">
            <Link to="/admin/marketing" className="font-medium text-brand-700 underline underline-offset-2">Connect an ad account to see spend and ROI</Link>.
          </p>
        )}
      </Card>

      <ReplyMessage reply={reply} />

      <Card>
        <h2 className="text-lg font-semibold">Campaign links</h2>
        <p className="text-sm text-slate-600">
          Each link ties a UTM campaign to the ad platform's campaign. Share <code>/c/&lt;id&gt;?to=/page</code>: it adds the UTM parameters and counts clicks from consenting visitors.
        </p>
        {data.campaignLinks.length > 0 ? (
          <div className="relative mt-3 overflow-x-auto">
            <table className="w-full min-w-[40rem] text-left text-sm" data-testid="campaign-links">
              <thead className="border-b border-slate-200 text-slate-600">
                <tr>
                  <th scope="col" className={th}>UTM campaign</th>
                  <th scope="col" className={th}>Platform campaign</th>
                  <th scope="col" className={th}>Link</th>
                  <th scope="col" className={cx(th, "text-right")}>Clicks</th>
                  <th scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.campaignLinks.map((link) => (
                  <tr key={link.id}>
                    <td className="py-2 pr-4 font-medium">{link.utmCampaign}</td>
                    <td className="py-2 pr-4">
                      {PLATFORM_LABELS[link.platform as Platform] ?? link.platform} · {link.externalCampaignName ?? link.externalCampaignId}
                    </td>
                    <td className="py-2 pr-4"><code className="text-xs">/c/{link.id}?to=/</code></td>
                    <td className="py-2 pr-4 text-right tabular-nums">{number.format(link.clicks)}</td>
                    <td className="py-2 text-right">
                      <Form method="post">
                        <input type="hidden" name="id" value={link.id} />
                        <Button type="submit" name="intent" value="delete-link" variant="ghost" aria-label={`Delete the ${link.utmCampaign} link`}>Delete</Button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <Form method="post" className="mt-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-5 lg:items-end">
          <label className="text-sm font-medium text-slate-700">UTM campaign<input name="utmCampaign" required maxLength={100} className={input} /></label>
          <label className="text-sm font-medium text-slate-700">
            Platform
            <select name="platform" className={input} defaultValue="GOOGLE_ADS">
              {PLATFORMS.map((p) => <option key={p} value={p}>{PLATFORM_LABELS[p]}</option>)}
            </select>
          </label>
          <label className="text-sm font-medium text-slate-700">Platform campaign id<input name="externalCampaignId" required maxLength={100} className={input} /></label>
          <label className="text-sm font-medium text-slate-700">Name (optional)<input name="externalCampaignName" maxLength={200} className={input} /></label>
          <Button type="submit" name="intent" value="create-link" disabled={busy}>Add link</Button>
        </Form>
      </Card>

      <Card>
        <h2 className="text-lg font-semibold">Tracked URLs</h2>
        <p className="text-sm text-slate-600">Pages of this site whose views are reported on their own, such as a landing page for a campaign.</p>
        {data.trackedUrls.length > 0 ? (
          <ul className="mt-3 divide-y divide-slate-100 text-sm" data-testid="tracked-urls">
            {data.trackedUrls.map((url) => (
              <li key={url.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>
                  <code>{url.path}</code> {url.label ? <span className="text-slate-600">· {url.label}</span> : null}
                  {url.isActive ? null : <span className="ml-2 text-amber-700">paused</span>}
                </span>
                <span className="flex items-center gap-2">
                  <span className="tabular-nums">{number.format(url.views)} views</span>
                  <Form method="post" className="flex gap-1">
                    <input type="hidden" name="id" value={url.id} />
                    <input type="hidden" name="active" value={url.isActive ? "false" : "true"} />
                    <Button type="submit" name="intent" value="toggle-url" variant="ghost">{url.isActive ? "Pause" : "Resume"}</Button>
                    <Button type="submit" name="intent" value="delete-url" variant="ghost" aria-label={`Delete ${url.path}`}>Delete</Button>
                  </Form>
                </span>
              </li>
            ))}
          </ul>
        ) : null}
        <Form method="post" className="mt-4 grid gap-3 sm:grid-cols-3 sm:items-end">
          <label className="text-sm font-medium text-slate-700">Path<input name="path" required placeholder="/pricing" maxLength={300} className={input} /></label>
          <label className="text-sm font-medium text-slate-700">Label (optional)<input name="label" maxLength={100} className={input} /></label>
          <Button type="submit" name="intent" value="create-url" disabled={busy}>Track URL</Button>
        </Form>
      </Card>
    </div>
  );
}
