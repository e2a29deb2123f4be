/**
 * Campaign return on ad spend: a bar chart of spend against attributed revenue per campaign, and the
 * same figures as a table (the accessible reading of the chart). Takes rows from the marketing service.
 */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMoney, type CampaignRoiRow } from "../../lib/campaign-roi.ts";

const PLATFORM = { GOOGLE_ADS: "Google Ads", FACEBOOK: "Facebook" } as const;

function number(value: number): string {
  return new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 }).format(value);
}

export function CampaignRoi({ rows, caption = "Campaigns in the last 30 days" }: { rows: CampaignRoiRow[]; caption?: string }) {
  if (rows.length === 0) return <p className="text-sm text-slate-600">No campaign metrics yet. Connect an ad account and sync it.</p>;
  const hasRevenue = rows.some((row) => row.revenueMinor !== null);
  const chart = rows.slice(0, 12).map((row) => ({ name: row.campaignName, spend: row.spendMinor / 100, revenue: (row.revenueMinor ?? 0) / 100 }));
  const currency = rows[0]!.currency;
  return (
    <div className="space-y-6">
      <figure aria-hidden="true" className="h-72 w-full">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart accessibilityLayer={false} data={chart} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="name" tick={{ fontSize: 12, fill: "#475569" }} interval={0} angle={-20} textAnchor="end" height={56} />
            <YAxis tick={{ fontSize: 12, fill: "#475569" }} width={56} />
            <Tooltip formatter={(value) => formatMoney(Math.round(Number(value) * 100), currency)} />
            <Legend />
            <Bar dataKey="spend" name="Spend" fill="#64748b" radius={[4, 4, 0, 0]} />
            {hasRevenue ? <Bar dataKey="revenue" name="Revenue" fill="#059669" radius={[4, 4, 0, 0]} /> : null}
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <div className="relative overflow-x-auto">
        <table className="w-full min-w-[44rem] text-left text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="py-2 pr-3 font-semibold">Campaign</th>
              <th scope="col" className="py-2 pr-3 text-right font-semibold">Impressions</th>
              <th scope="col" className="py-2 pr-3 text-right font-semibold">Clicks</th>
              <th scope="col" className="py-2 pr-3 text-right font-semibold">Spend</th>
              <th scope="col" className="py-2 pr-3 text-right font-semibold">Conversions</th>
              <th scope="col" className="py-2 pr-3 text-right font-semibold">CPA</th>
              <th scope="col" className="py-2 pr-3 text-right font-semibold">Revenue</th>
              <th scope="col" className="py-2 text-right font-semibold">ROI</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => (
              <tr key={`${row.platform}:${row.campaignId}`}>
                <th scope="row" className="py-2 pr-3 font-medium text-slate-900">
                  {row.campaignName}
                  <span className="block text-xs font-normal text-slate-500">{PLATFORM[row.platform]}</span>
                </th>
                <td className="py-2 pr-3 text-right tabular-nums">{number(row.impressions)}</td>
                <td className="py-2 pr-3 text-right tabular-nums">{number(row.clicks)}</td>
                <td className="py-2 pr-3 text-right tabular-nums">{formatMoney(row.spendMinor, row.currency)}</td>
                <td className="py-2 pr-3 text-right tabular-nums">{number(row.conversions)}</td>
                <td className="py-2 pr-3 text-right tabular-nums">{row.cpaMinor === null ? "—" : formatMoney(row.cpaMinor, row.currency)}</td>
                <td className="py-2 pr-3 text-right tabular-nums">{row.revenueMinor === null ? "—" : formatMoney(row.revenueMinor, row.currency)}</td>
                <td className="py-2 text-right tabular-nums font-semibold">{row.roi === null ? "—" : `${row.roi.toFixed(2)}×`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
