/** GET /shop/:category — the products of one category with prices and a sample mockup. Open to everyone. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatMoney } from "@spike-land/shared/payments/money";
import { PageHeading } from "../components/ui.tsx";
import { findCategory } from "../.server/merch/catalogue.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `${loaded?.category.name ?? "Shop"} — Spike Land shop` }];

export async function loader({ params }: LoaderFunctionArgs) {
  const category = await findCategory(params.category ?? "");
  if (!category) throw new Response("We could not find that part of the shop.", { status: 404 });
  return {
    category: { name: category.name, slug: category.slug, description: category.description },
    products: category.products.map((product) => ({
      id: product.id,
      name: product.name,
      description: product.description,
      fromPrice: product.fromPrice,
      currency: product.currency,
      options: product.variants.length,
      minWidth: product.minWidth,
      minHeight: product.minHeight,
    })),
  };
}

export default function ShopCategory() {
  const { category, products } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <nav aria-label="Breadcrumb" className="mb-4 text-sm text-slate-600">
        <Link to="/shop" className="font-medium text-brand-700 hover:underline">
          Shop
        </Link>{" "}
        / <span aria-current="page">{category.name}</span>
      </nav>
      <PageHeading title={category.name} description={category.description ?? undefined} />
      {products.length === 0 ? (
        <p className="text-slate-600">Nothing in this part of the shop right now.</p>
      ) : (
        <ul className="grid gap-6 sm:grid-cols-2 lg:grid-cols-3">
          {products.map((product) => (
            <li key={product.id}>
              <Link
                to={`/shop/${category.slug}/${product.id}`}
                className="group block overflow-hidden rounded-2xl bg-white shadow-sm ring-1 ring-slate-200 transition hover:shadow-md focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600"
              >
                <img
                  src={`/shop/mockup?product=${encodeURIComponent(product.id)}`}
                  alt=""
                  width={800}
                  height={800}
                  loading="lazy"
                  className="aspect-square w-full bg-slate-100 object-cover"
                />
                <div className="p-5">
                  <h2 className="text-lg font-semibold text-slate-900">{product.name}</h2>
                  {product.description ? <p className="mt-1 text-sm text-slate-600">{product.description}</p> : null}
                  <p className="mt-3 text-base font-semibold text-slate-900">from {formatMoney(product.fromPrice, product.currency)}</p>
                  <p className="mt-1 text-xs text-slate-600">
                    {product.options} option{product.options === 1 ? "" : "s"} · photos from {product.minWidth} × {product.minHeight} px
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
