/** The visitor's view of one shared photo: before/after, its facts, its owner and its view count. */
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { Card, PageHeading } from "./ui.tsx";

export type SharedPhoto = {
  name: string;
  description: string | null;
  width: number;
  height: number;
  viewCount: number;
  owner: { id: string; name: string; avatar: string | null };
  files: { original: string; enhanced: string | null };
  enhancedSize: { width: number; height: number } | null;
};

export function OwnerBadge({ owner }: { owner: SharedPhoto["owner"] }) {
  return (
    <Link to={`/u/${owner.id}`} className="inline-flex items-center gap-2 text-sm font-medium text-brand-700 hover:underline">
      {owner.avatar ? (
        <img src={owner.avatar} alt="" className="h-7 w-7 rounded-full object-cover ring-1 ring-slate-200" />
      ) : (
        <span aria-hidden="true" className="flex h-7 w-7 items-center justify-center rounded-full bg-brand-100 text-xs font-bold text-brand-800">
          {owner.name.slice(0, 1).toUpperCase()}
        </span>
      )}
      <span>{owner.name}</span>
    </Link>
  );
}

function Figure({ src, alt, caption }: { src: string; alt: string; caption: string }) {
  return (
    <figure>
      <img src={src} alt={alt} className="w-full rounded-2xl bg-slate-100 object-contain ring-1 ring-slate-200" />
      <figcaption className="mt-2 text-sm font-medium text-slate-700">{caption}</figcaption>
    </figure>
  );
}

export function SharedPhotoPage({ photo, back }: { photo: SharedPhoto; back?: ReactNode }) {
  const views = `${photo.viewCount} view${photo.viewCount === 1 ? "" : "s"}`;
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <PageHeading title={photo.name} description={photo.description ?? undefined} actions={back} />
      <div className="grid gap-8 lg:grid-cols-[2fr_1fr]">
        <div className={photo.files.enhanced ? "grid gap-6 md:grid-cols-2" : undefined}>
          {photo.files.enhanced ? (
            <>
              <Figure src={photo.files.original} alt={`${photo.name}, before enhancement`} caption="Before" />
              <Figure src={photo.files.enhanced} alt={`${photo.name}, enhanced`} caption="After" />
            </>
          ) : (
            <img src={photo.files.original} alt={photo.name} className="w-full rounded-2xl bg-slate-100 ring-1 ring-slate-200" />
          )}
        </div>
        <Card className="h-fit">
          <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-600">Shared by</h2>
          <div className="mt-2">
            <OwnerBadge owner={photo.owner} />
          </div>
          <dl className="mt-6 grid grid-cols-2 gap-2 text-sm">
            <dt className="text-slate-600">Dimensions</dt>
            <dd data-testid="shared-dimensions">
              {photo.width} × {photo.height}
            </dd>
            {photo.enhancedSize ? (
              <>
                <dt className="text-slate-600">Enhanced</dt>
                <dd data-testid="shared-enhanced-dimensions">
                  {photo.enhancedSize.width} × {photo.enhancedSize.height}
                </dd>
              </>
            ) : null}
            <dt className="text-slate-600">Views</dt>
            <dd data-testid="shared-views">{views}</dd>
          </dl>
          <div className="mt-6 flex flex-col gap-2 text-sm">
            <a href={`${photo.files.original}?download=1`} className="font-medium text-brand-700 hover:underline">
              Download original
            </a>
            {photo.files.enhanced ? (
              <a href={`${photo.files.enhanced}?download=1`} className="font-medium text-brand-700 hover:underline">
                Download enhanced
              </a>
            ) : null}
          </div>
          <p className="mt-4 text-xs text-slate-600">Location and camera details are removed from shared photos.</p>
        </Card>
      </div>
    </div>
  );
}
