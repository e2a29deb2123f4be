/**
 * GET /gallery — the public before/after gallery, signed in or not: category tabs (?category=),
 * a masonry grid of comparison cards with a keyboard-operable slider. Signed-out pages are cacheable.
 */
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeading } from "../components/ui.tsx";
import { CategoryTabs, GalleryGrid } from "../components/gallery/gallery-items.tsx";
import { getOptionalUser } from "../.server/auth/guards.server.ts";
import { GALLERY_CATEGORY_LABEL, isGalleryCategory, listGallery } from "../.server/gallery/gallery.server.ts";
import { GALLERY_CATEGORIES } from "@spike-land/shared/gallery";

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
        <GalleryGrid items={items} category={category} />
      </div>
    </div>
  );
}
