/** Previous / next links under a paged list, keeping the rest of the current query (filters, search) in each link. */
import { Link, useSearchParams } from "@remix-run/react";

const LINK_CLASS = "rounded-lg px-3 py-1.5 ring-1 ring-slate-300 hover:bg-slate-50";

export function Pagination({ page, pages, previousLabel = "Previous", nextLabel = "Next" }: { page: number; pages: number; previousLabel?: string; nextLabel?: string }) {
  const [params] = useSearchParams();
  const pageLink = (to: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(to));
    return `?${next.toString()}`;
  };
  return (
    <nav aria-label="Pagination" className="mt-6 flex items-center justify-between text-sm">
      <span className="text-slate-600">Page {page} of {pages}</span>
      <div className="flex gap-2">
        {page > 1 ? <Link className={LINK_CLASS} to={pageLink(page - 1)}>{previousLabel}</Link> : null}
        {page < pages ? <Link className={LINK_CLASS} to={pageLink(page + 1)}>{nextLabel}</Link> : null}
      </div>
    </nav>
  );
}
