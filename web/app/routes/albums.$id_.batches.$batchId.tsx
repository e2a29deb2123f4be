/** Progress of one "Enhance all" batch: overall bar and per-photo status, refreshed every 2 s until done. */
import { useEffect } from "react";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { Badge, Card, PageHeading } from "../components/ui.tsx";
import { JOB_STATUS_TONE } from "../components/jobs.ts";
import { requireUser } from "../.server/auth/guards.server.ts";
import { AlbumError, batchView, requireAlbum } from "../.server/albums/albums.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `Enhancing ${loaded?.album.name ?? "album"} — Spike Land` }];

const POLL_INTERVAL_MS = 2000;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const album = await requireAlbum(user.id, params.id ?? "").catch((error: unknown) => {
    if (error instanceof AlbumError) throw new Response(error.message, { status: error.status });
    throw error;
  });
  const batch = await batchView(user.id, params.batchId ?? "");
  if (!batch) throw new Response("We could not find that batch.", { status: 404 });
  return { album: { id: album.id, name: album.name }, batch };
}

const STAGE_LABEL: Record<string, string> = { ANALYZING: "Analysing", CROPPING: "Cropping", PROMPTING: "Planning corrections", GENERATING: "Generating" };
const STATUS_LABEL: Record<string, string> = {
  PENDING: "Queued",
  PROCESSING: "Working",
  COMPLETED: "Done",
  FAILED: "Failed",
  REFUNDED: "Refunded",
  CANCELLED: "Cancelled",
};

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

  const settled = totals.done + totals.failed;
  const percent = totals.total ? Math.round((settled / totals.total) * 100) : 0;
  return (
    <div className="mx-auto max-w-4xl px-4 py-10">
      <PageHeading
        title={`Enhancing ${album.name}`}
        description={`${totals.total} photo${totals.total === 1 ? "" : "s"} · ${totals.tokens} token${totals.tokens === 1 ? "" : "s"} · started ${new Date(batch.createdAt).toLocaleString("en-GB", { timeZone: "UTC" })} UTC`}
        actions={
          <Link to={`/albums/${album.id}`} className="text-sm font-semibold text-brand-700 hover:underline">
            Back to the album
          </Link>
        }
      />
      <Card className="space-y-4">
        <div>
          <div className="flex justify-between text-sm text-slate-700">
            <span id="batch-progress-label">{batch.finished ? "Batch finished" : "Working through the batch…"}</span>
            <span>{percent}%</span>
          </div>
          <div
            role="progressbar"
            aria-labelledby="batch-progress-label"
            aria-valuemin={0}
            aria-valuemax={totals.total}
            aria-valuenow={settled}
            aria-valuetext={`${settled} of ${totals.total} finished`}
            className="mt-2 h-3 overflow-hidden rounded-full bg-slate-200"
          >
            <div className="h-full bg-emerald-500 transition-all" style={{ width: `${percent}%` }} />
          </div>
        </div>
        <dl className="grid grid-cols-3 gap-4 text-center" aria-live="polite">
          <div className="rounded-lg bg-emerald-50 p-3">
            <dt className="text-xs font-medium uppercase text-emerald-800">Done</dt>
            <dd className="text-2xl font-bold text-emerald-900" data-testid="batch-done">{totals.done}</dd>
          </div>
          <div className="rounded-lg bg-brand-50 p-3">
            <dt className="text-xs font-medium uppercase text-brand-900">In progress</dt>
            <dd className="text-2xl font-bold text-brand-900" data-testid="batch-running">{totals.running}</dd>
          </div>
          <div className="rounded-lg bg-red-50 p-3">
            <dt className="text-xs font-medium uppercase text-red-800">Failed</dt>
            <dd className="text-2xl font-bold text-red-900" data-testid="batch-failed">{totals.failed}</dd>
          </div>
        </dl>
        {totals.failed > 0 ? <p className="text-sm text-slate-600">Failed and cancelled jobs are refunded automatically.</p> : null}
      </Card>
      <ul aria-label="Photos in this batch" className="mt-6 divide-y divide-slate-200 rounded-2xl bg-white ring-1 ring-slate-200">
        {batch.items.map((item) => (
          <li key={item.jobId} className="flex items-center gap-4 p-4" data-testid="batch-item">
            <img src={item.thumb} alt="" className="h-14 w-14 flex-none rounded-lg bg-slate-100 object-cover" />
            <div className="min-w-0 flex-1">
              <Link to={`/jobs/${item.jobId}`} className="block truncate font-medium text-slate-900 hover:text-brand-700 hover:underline">
                {item.imageName}
              </Link>
              <p className="text-sm text-slate-600">
                {item.status === "PROCESSING" && item.currentStage ? `${STAGE_LABEL[item.currentStage]}…` : item.status === "PENDING" ? "Waiting for a worker" : null}
                {item.errorMessage && item.status !== "COMPLETED" ? item.errorMessage : null}
              </p>
            </div>
            <Badge tone={JOB_STATUS_TONE[item.status] ?? "slate"}>{STATUS_LABEL[item.status] ?? item.status}</Badge>
          </li>
        ))}
      </ul>
    </div>
  );
}
