/** Progress of one "Enhance all" batch: overall bar and per-photo status, refreshed every 2 s until done. */
import { useEffect } from "react";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { PageHeading } from "../components/ui.tsx";
import { BatchItems, BatchProgress } from "../components/albums/batch-progress.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import { orPageError } from "../.server/http/domain-errors.server.ts";
import { requireAlbum } from "../.server/albums/albums.server.ts";
import { batchView } from "../.server/albums/batches.server.ts";
import { formatDateTime } from "../lib/format.ts";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `Enhancing ${loaded?.album.name ?? "album"} — Spike Land` }];

const POLL_INTERVAL_MS = 2000;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const album = await orPageError(requireAlbum(user.id, params.id ?? ""));
  const batch = await batchView(user.id, params.batchId ?? "");
  if (!batch) throw new Response("We could not find that batch.", { status: 404 });
  return { album: { id: album.id, name: album.name }, batch };
}

export default function BatchPage() {
  const { album, batch } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const { totals } = batch;

  useEffect(() => {
    if (batch.finished) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, POLL_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [batch.finished, revalidator]);

  return (
    <div className="mx-auto max-w-4xl px-4 py-10">
      <PageHeading
        title={`Enhancing ${album.name}`}
        description={`${totals.total} photo${totals.total === 1 ? "" : "s"} · ${totals.tokens} token${totals.tokens === 1 ? "" : "s"} · started ${formatDateTime(batch.createdAt, { timeZone: "UTC" })} UTC`}
        actions={
          <Link to={`/albums/${album.id}`} className="text-sm font-semibold text-brand-700 hover:underline">
            Back to the album
          </Link>
        }
      />
      <BatchProgress totals={totals} finished={batch.finished} />
      <BatchItems items={batch.items} />
    </div>
  );
}
