/** GET /shop — the shop's categories, each with a sample mockup and its lowest price. Open to everyone. */
import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatMoney } from "@spike-land/shared/payments/money";
import { PageHeading } from "../components/ui.tsx";
import { listCategories } from "../.server/merch/catalogue.server.ts";

export const meta: MetaFunction = () => [
  { title: "Shop — Spike Land" },
  { name: "description", content: "Turn your enhanced photos into lustre prints, canvases and t-shirts." },
];

export async function loader() {
  const categories = await listCategories();
  return { categories: categories.filter((category) => category.productCount > 0) };
}

export default function ShopIndex() {
  const { categories } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <PageHeading
        title="Shop"
        description="Turn your photos into prints, canvases and t-shirts. Choose a product, see your photo on it, and we print and ship it to the UK or the EU."
        actions={
          <span className="flex gap-4">
            <Link to="/orders" className="text-sm font-semibold text-brand-700 hover:underline">
              Your orders
            </Link>
            <Link to="/cart" className="text-sm font-semibold text-brand-700 hover:underline">
              View your cart
            </Link>
          </span>
        }
      />
      {categories.length === 0 ? (
        <p className="text-slate-600">The shop has nothing on sale right now. Please come back soon.</p>
      ) : (
        <ul className="grid gap-6 sm:grid-cols-2 lg:grid-cols-3">
          {categories.map((category) => (
            <li key={category.id}>
              <Link
                to={`/shop/${category.slug}`}
                className="group block overflow-hidden rounded-2xl bg-white shadow-sm ring-1 ring-slate-200 transition hover:shadow-md focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600"
              >
                {category.firstProductId ? (
                  <img
                    src={`/shop/mockup?product=${encodeURIComponent(category.firstProductId)}`}
                    alt=""
                    width={800}
                    height={800}
                    loading="lazy"
                    className="aspect-square w-full bg-slate-100 object-cover transition group-hover:scale-[1.02]"
                  />
                ) : null}
                <div className="p-5">
                  <h2 className="text-lg font-semibold text-slate-900">{category.name}</h2>
                  {category.description ? <p className="mt-1 text-sm text-slate-600">{category.description}</p> : null}
                  <p className="mt-3 text-sm font-medium text-slate-800">
                    {category.productCount} product{category.productCount === 1 ? "" : "s"}
                    {category.fromPrice ? ` · from ${formatMoney(category.fromPrice, category.currency)}` : ""}
                  </p>
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
