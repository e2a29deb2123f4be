/** The admin area: ADMIN and above only; every child route sits behind this guard too. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { requireRole } from "../.server/auth/guards.server.ts";
import { cx } from "../components/ui.tsx";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  return null;
}

const tab = ({ isActive }: { isActive: boolean }) =>
  cx("rounded-md px-3 py-2 text-sm font-medium", isActive ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-200");

export default function AdminLayout() {
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <div className="mb-8 flex flex-wrap items-center gap-2">
        <h1 className="mr-4 text-2xl font-bold tracking-tight">Admin</h1>
        <nav aria-label="Admin" className="flex flex-wrap gap-1">
          <NavLink to="/admin" end className={tab}>Users</NavLink>
          <NavLink to="/admin/audit" className={tab}>Audit log</NavLink>
          <NavLink to="/admin/errors" className={tab}>Errors</NavLink>
          <NavLink to="/admin/emails" className={tab}>Emails</NavLink>
          <NavLink to="/admin/feedback" className={tab}>Feedback</NavLink>
          <NavLink to="/admin/vouchers" className={tab}>Vouchers</NavLink>
          <NavLink to="/admin/referrals" className={tab}>Referrals</NavLink>
          <NavLink to="/admin/payments" className={tab}>Payments</NavLink>
          <NavLink to="/admin/subscriptions" className={tab}>Subscriptions</NavLink>
          <NavLink to="/admin/jobs" className={tab}>Jobs</NavLink>
          <NavLink to="/admin/boxes" className={tab}>Boxes</NavLink>
          <NavLink to="/admin/agents" className={tab}>Agents</NavLink>
          <NavLink to="/admin/api-keys" className={tab}>API keys</NavLink>
          <NavLink to="/admin/photos" className={tab}>Photos</NavLink>
          <NavLink to="/admin/gallery" className={tab}>Gallery</NavLink>
          <NavLink to="/admin/merch" className={tab}>Merch</NavLink>
          <NavLink to="/admin/analytics" className={tab}>Analytics</NavLink>
          <NavLink to="/admin/marketing" className={tab}>Marketing</NavLink>
        </nav>
      </div>
      <Outlet />
    </div>
  );
}
