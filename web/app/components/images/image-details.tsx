/** What an image page shows about the photo itself: its facts with the download link, and its enhanced versions. */
import { Link } from "@remix-run/react";
import { formatBytes } from "@spike-land/shared/images/limits";
import { Badge, Card } from "../ui.tsx";
import { JOB_STATUS_TONE } from "../jobs.ts";

export type ImageFactsView = { width: number; height: number; size: number; format: string };
export type EnhancedVersion = { id: string; tierName: string; status: string; createdAt: string; enhancedWidth: number | null; enhancedHeight: number | null; isBlend: boolean };

export function ImageFacts({ image, viewCount, downloadUrl }: { image: ImageFactsView; viewCount: number; downloadUrl: string }) {
  return (
    <Card>
      <dl className="grid grid-cols-2 gap-2 text-sm">
        <dt className="text-slate-600">Dimensions</dt>
        <dd data-testid="image-dimensions">
          {image.width} × {image.height}
        </dd>
        <dt className="text-slate-600">Size</dt>
        <dd>{formatBytes(image.size)}</dd>
        <dt className="text-slate-600">Format</dt>
        <dd>{image.format}</dd>
        <dt className="text-slate-600">Views</dt>
        <dd>{viewCount}</dd>
      </dl>
      <a href={downloadUrl} className="mt-4 inline-block text-sm font-medium text-brand-700 hover:underline">
        Download original
      </a>
    </Card>
  );
}

export function EnhancedVersions({ jobs }: { jobs: EnhancedVersion[] }) {
  return (
    <Card aria-labelledby="versions-heading">
      <h2 id="versions-heading" className="text-lg font-semibold text-slate-900">
        Enhanced versions
      </h2>
      {jobs.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">Not enhanced yet. Choose a tier and press Enhance.</p>
      ) : (
        <ul className="mt-3 divide-y divide-slate-100">
          {jobs.map((job) => (
            <li key={job.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
              <Link to={`/jobs/${job.id}`} className="font-medium text-brand-700 hover:underline">
                {job.tierName}
                {job.isBlend ? " blend" : ""}
                {job.enhancedWidth && job.enhancedHeight ? ` · ${job.enhancedWidth} × ${job.enhancedHeight}` : ""}
              </Link>
              <span className="flex items-center gap-3">
                <time dateTime={job.createdAt} className="text-slate-600">
                  {job.createdAt.slice(0, 16).replace("T", " ")} UTC
                </time>
                <Badge tone={JOB_STATUS_TONE[job.status] ?? "slate"}>{job.status}</Badge>
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
