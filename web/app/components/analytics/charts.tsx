/**
 * The analytics dashboard's charts (recharts), drawn in the browser only: the server renders the
 * same figures as tables, so the page has its numbers before (or without) JavaScript.
 */
import { useEffect, useState } from "react";
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

function useMounted(): boolean {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted;
}

function shortDate(iso: string): string {
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
}

export function TrafficChart({ data }: { data: Array<{ date: string; visitors: number; pageViews: number }> }) {
  const mounted = useMounted();
  if (!mounted) return null;
  return (
    <div className="h-72 w-full" aria-hidden="true" data-testid="traffic-chart">
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, left: -16, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="date" tickFormatter={shortDate} tick={{ fontSize: 12, fill: "#475569" }} minTickGap={24} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: "#475569" }} />
          <Tooltip labelFormatter={(label) => shortDate(String(label))} />
          <Legend wrapperStyle={{ fontSize: 13 }} />
          <Area type="monotone" dataKey="pageViews" name="Page views" stroke="#4f46e5" fill="#c7d2fe" strokeWidth={2} />
          <Area type="monotone" dataKey="visitors" name="Visitors" stroke="#0f766e" fill="#99f6e4" strokeWidth={2} />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}

export function FunnelChart({ data }: { data: Array<{ step: string; count: number }> }) {
  const mounted = useMounted();
  if (!mounted) return null;
  return (
    <div className="h-64 w-full" aria-hidden="true" data-testid="funnel-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, left: -16, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="step" tick={{ fontSize: 12, fill: "#475569" }} interval={0} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: "#475569" }} />
          <Tooltip />
          <Bar dataKey="count" name="Count" fill="#4f46e5" radius={[4, 4, 0, 0]} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
