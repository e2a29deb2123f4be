/** The image library: the user's photos newest first, and the upload zone. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { UploadZone } from "../components/upload-zone.tsx";
import { FormMessage, PageHeading } from "../components/ui.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import { listImages, signedUrls } from "../.server/images/library.server.ts";
import { receiveUploads } from "../.server/images/receive.server.ts";

export const meta: MetaFunction = () => [{ title: "Images — Spike Land" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const page = Number(new URL(request.url).searchParams.get("page") ?? "1");
  const library = await listImages(user.id, page);
  const images = await Promise.all(
    library.images.map(async (image) => ({
      id: image.id,
      name: image.name,
      width: image.originalWidth,
      height: image.originalHeight,
      thumb: (await signedUrls(image)).thumb,
    })),
  );
  return { images, total: library.total, page: library.page, pages: library.pages };
}

/** The no-JavaScript path: the plain multipart form posts here and sees one line per file. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const outcome = await receiveUploads(request, user.id);
  return data(
    { results: outcome.results.map((r) => (r.ok ? { name: r.name, ok: true as const } : { name: r.name, ok: false as const, error: r.error })), message: outcome.message ?? null },
    { status: outcome.status === 207 ? 200 : outcome.status },
  );
}

export default function ImagesPage() {
  const { images, total, page, pages } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const revalidator = useRevalidator();
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <PageHeading title="Images" description={`${total} photo${total === 1 ? "" : "s"} in your library. Only you can see them.`} />
      <UploadZone onUploaded={() => revalidator.revalidate()} />
      {posted ? (
        <div className="mt-4 space-y-2">
          {posted.message ? <FormMessage>{posted.message}</FormMessage> : null}
          {posted.results.map((result, index) =>
            result.ok ? (
              <FormMessage key={index} tone="success">
                {result.name} uploaded.
              </FormMessage>
            ) : (
              <FormMessage key={index}>{result.error}</FormMessage>
            ),
          )}
        </div>
      ) : null}
      {images.length ? (
        <ul aria-label="Your images" className="mt-8 grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4">
          {images.map((image) => (
            <li key={image.id} data-testid="library-image">
              <Link to={`/images/${image.id}`} className="group block overflow-hidden rounded-xl bg-white ring-1 ring-slate-200 hover:ring-brand-500">
                <img src={image.thumb} alt={image.name} loading="lazy" className="aspect-square w-full bg-slate-100 object-cover" />
                <span className="block truncate px-3 py-2 text-sm font-medium text-slate-800">{image.name}</span>
              </Link>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-8 text-slate-600">No photos yet. Upload some to get started.</p>
      )}
      {pages > 1 ? (
        <nav aria-label="Pages" className="mt-8 flex items-center gap-4 text-sm">
          {page > 1 ? <Link to={`?page=${page - 1}`}>Newer</Link> : null}
          <span>
            Page {page} of {pages}
          </span>
          {page < pages ? <Link to={`?page=${page + 1}`}>Older</Link> : null}
        </nav>
      ) : null}
    </div>
  );
}
