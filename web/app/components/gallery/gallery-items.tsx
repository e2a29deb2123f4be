/**
 * The public gallery's pieces: the category tabs, and a before/after card whose slider works with a
 * pointer or the arrow keys.
 */
import { useId, useState } from "react";
import { Link } from "@remix-run/react";
import { Badge, cx } from "../ui.tsx";

export type GalleryCard = {
  id: string;
  title: string;
  description: string | null;
  categoryLabel: string;
  before: string;
  after: string;
  width: number;
  height: number;
};

export function ComparisonCard({ item, eager }: { item: GalleryCard; eager: boolean }) {
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

export function CategoryTabs({ categories, current }: { categories: Array<{ value: string; label: string }>; current: string | null }) {
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

/** The cards in masonry columns, or what to do when a category (or the whole gallery) is empty. */
export function GalleryGrid({ items, category }: { items: GalleryCard[]; category: string | null }) {
  if (items.length === 0) {
    return (
      <p className="rounded-2xl bg-white p-8 text-center text-slate-600 ring-1 ring-slate-200">
        {category ? "Nothing in this category yet. " : "The gallery is empty for now. "}
        <Link to="/gallery" className="font-semibold text-brand-700 hover:underline">See all categories</Link>
      </p>
    );
  }
  return (
    <div className="columns-1 gap-6 sm:columns-2 lg:columns-3">
      {items.map((item, index) => (
        <ComparisonCard key={item.id} item={item} eager={index < 3} />
      ))}
    </div>
  );
}
