/**
 * GET /gallery — the public before/after gallery, signed in or not: category tabs (?category=),
 * a masonry grid of comparison cards with a keyboard-operable slider. Signed-out pages are cacheable.
 */
import { useId, useState } from "react";
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Badge, PageHeading, cx } from "../components/ui.tsx";
import { getOptionalUser } from "../.server/auth/guards.server.ts";
import { GALLERY_CATEGORIES, GALLERY_CATEGORY_LABEL, isGalleryCategory, listGallery } from "../.server/gallery/gallery.server.ts";

export const meta: MetaFunction = () => [
  { title: "Gallery — before and after — Spike Land" },
  { name: "description", content: "Real before-and-after enhancements: portraits, landscapes, products and architecture." },
];

/** Signed-out visitors all see the same page, so shared caches may keep it briefly. */
const PUBLIC_CACHE = "public, max-age=60, s-maxage=300, stale-while-revalidate=600";

export const headers: HeadersFunction = ({ loaderHeaders, errorHeaders }) => errorHeaders ?? loaderHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const raw = new URL(request.url).searchParams.get("category");
  const category = isGalleryCategory(raw) ? raw : null;
  const [viewer, items] = await Promise.all([getOptionalUser(request), listGallery(category)]);
  return data(
    {
      category,
      signedIn: viewer !== null,
      categories: GALLERY_CATEGORIES.map((value) => ({ value, label: GALLERY_CATEGORY_LABEL[value] })),
      items: items.map((item) => ({
        id: item.id,
        title: item.title,
        description: item.description,
        category: item.category,
        categoryLabel: GALLERY_CATEGORY_LABEL[item.category],
        before: item.originalUrl,
        after: item.enhancedUrl,
        width: item.width,
        height: item.height,
      })),
    },
    { headers: { "Cache-Control": viewer ? "private, no-cache" : PUBLIC_CACHE, Vary: "Cookie" } },
  );
}

type Item = ReturnType<typeof useLoaderData<typeof loader>>["items"][number];

function ComparisonCard({ item, eager }: { item: Item; eager: boolean }) {
  const [position, setPosition] = useState(50);
  const sliderId = useId();
  const loading = eager ? "eager" : "lazy";
  return (
    <figure className="mb-6 break-inside-avoid overflow-hidden rounded-2xl bg-white shadow-sm ring-1 ring-slate-200" data-testid="gallery-item">
      <div className="relative bg-slate-100" style={{ aspectRatio: `${item.width} / ${item.height}` }}>
        <img src={item.after} alt={`${item.title}, enhanced`} width={item.width} height={item.height} loading={loading} decoding="async" className="block h-auto w-full" />
        <img
          src={item.before}
          alt={`${item.title}, original`}
          width={item.width}
          height={item.height}
          loading={loading}
          decoding="async"
          className="absolute inset-0 block h-full w-full"
          style={{ clipPath: `inset(0 ${100 - position}% 0 0)` }}
        />
        <div className="pointer-events-none absolute inset-y-0 w-0.5 bg-white shadow-[0_0_0_1px_rgba(15,23,42,0.25)]" style={{ left: `${position}%` }} aria-hidden="true" />
        <span className="pointer-events-none absolute left-2 top-2 rounded-full bg-slate-900/75 px-2 py-0.5 text-xs font-semibold text-white" aria-hidden="true">Before</span>
        <span className="pointer-events-none absolute right-2 top-2 rounded-full bg-brand-700/90 px-2 py-0.5 text-xs font-semibold text-white" aria-hidden="true">After</span>
      </div>
      <div className="px-4 pt-3">
        <label htmlFor={sliderId} className="sr-only">Compare the original and enhanced “{item.title}”</label>
        <input
          id={sliderId}
          type="range"
          min={0}
          max={100}
          step={1}
          value={position}
          onChange={(event) => setPosition(Number(event.target.value))}
          aria-valuetext={`${position}% original, ${100 - position}% enhanced`}
          className="block w-full accent-brand-600"
        />
      </div>
      <figcaption className="space-y-1 px-4 pb-4 pt-2">
        <div className="flex items-start justify-between gap-3">
          <h2 className="font-semibold text-slate-900">{item.title}</h2>
          <Badge tone="brand">{item.categoryLabel}</Badge>
        </div>
        {item.description ? <p className="text-sm text-slate-600">{item.description}</p> : null}
      </figcaption>
    </figure>
  );
}

function CategoryTabs({ categories, current }: { categories: Array<{ value: string; label: string }>; current: string | null }) {
  const tabs = [{ value: null, label: "All" }, ...categories];
  return (
    <nav aria-label="Gallery categories" className="-mx-1 mb-8 flex gap-2 overflow-x-auto px-1 pb-1">
      {tabs.map((tab) => {
        const active = tab.value === current;
        return (
          <Link
            key={tab.value ?? "all"}
            to={tab.value ? `?category=${tab.value}` : "/gallery"}
            aria-current={active ? "page" : undefined}
            preventScrollReset
            className={cx(
              "whitespace-nowrap rounded-full px-4 py-2 text-sm font-semibold ring-1 transition",
              active ? "bg-slate-900 text-white ring-slate-900" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50",
            )}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}

export default function GalleryPage() {
  const { items, categories, category, signedIn } = useLoaderData<typeof loader>();
  return (
    <div>
      <section className="bg-gradient-to-b from-brand-50 to-white">
        <div className="mx-auto max-w-6xl px-4 pb-4 pt-12 sm:pt-16">
          <PageHeading
            title="Before & after gallery"
            description="Photos enhanced by Spike Land: exposure lifted, colour casts removed, borders cropped. Drag a slider, or use the arrow keys, to compare."
            actions={
              <Link
                to={signedIn ? "/images" : "/signup"}
                className="inline-flex items-center rounded-lg bg-brand-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-brand-700"
              >
                {signedIn ? "Enhance your photos" : "Try it free"}
              </Link>
            }
          />
        </div>
      </section>
      <div className="mx-auto max-w-6xl px-4 pb-16">
        <CategoryTabs categories={categories} current={category} />
        {items.length === 0 ? (
          <p className="rounded-2xl bg-white p-8 text-center text-slate-600 ring-1 ring-slate-200">
            {category ? "Nothing in this category yet. " : "The gallery is empty for now. "}
            <Link to="/gallery" className="font-semibold text-brand-700 hover:underline">See all categories</Link>
          </p>
        ) : (
          <div className="columns-1 gap-6 sm:columns-2 lg:columns-3">
            {items.map((item, index) => (
              <ComparisonCard key={item.id} item={item} eager={index < 3} />
            ))}
          </div>
        )}
      </div>
    </div>
  );
}
