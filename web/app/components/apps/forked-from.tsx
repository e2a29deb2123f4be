/** The "Forked from …" line: a link while the source is published, its name alone once it is not. */
import { Link } from "@remix-run/react";

export type ForkSourceView = { id: string; name: string; state: "published" | "unpublished" | "deleted" };

export function ForkedFromLine({ source }: { source: ForkSourceView }) {
  return (
    <>
      Forked from{" "}
      {source.state === "published" ? (
        <Link to={`/a/${source.id}`} className="font-medium text-brand-700 hover:underline">
          {source.name}
        </Link>
      ) : (
        <span className="font-medium text-slate-800">{source.name}</span>
      )}
      {source.state === "deleted" ? " (since deleted)" : source.state === "unpublished" ? " (no longer published)" : ""}
    </>
  );
}
