/** Admin: the merch store — orders, products and categories, each a tab under /admin/merch. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLocation } from "@remix-run/react";
import { requireRole } from "../.server/auth/guards.server.ts";
import { cx } from "../components/ui.tsx";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  return null;
}

const tab = ({ isActive }: { isActive: boolean }) =>
  cx("rounded-md px-3 py-1.5 text-sm font-medium", isActive ? "bg-brand-50 text-brand-800 ring-1 ring-brand-200" : "text-slate-700 hover:bg-slate-100");

export default function AdminMerch() {
  // An order's own page still belongs to the Orders tab.
  const onOrder = useLocation().pathname.startsWith("/admin/merch/orders/");
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-xl font-semibold text-slate-900">Merch store</h2>
        <nav aria-label="Merch admin" className="flex flex-wrap gap-1">
          <NavLink to="/admin/merch" end className={({ isActive }) => tab({ isActive: isActive || onOrder })}>Orders</NavLink>
          <NavLink to="/admin/merch/products" className={tab}>Products</NavLink>
          <NavLink to="/admin/merch/categories" className={tab}>Categories</NavLink>
        </nav>
      </div>
      <Outlet />
    </div>
  );
}
