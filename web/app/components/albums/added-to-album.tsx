/** The confirmation shown after photos were added to an album (`?addedTo=<albumId>` on the way back). */
import { Link, useSearchParams } from "@remix-run/react";
import { FormMessage } from "../ui.tsx";

export function AddedToAlbumNotice({ albums }: { albums: Array<{ id: string; name: string }> }) {
  const [params] = useSearchParams();
  const album = albums.find((candidate) => candidate.id === params.get("addedTo"));
  if (!album) return null;
  const count = Number(params.get("count") ?? "1");
  return (
    <div className="mt-4">
      <FormMessage tone="success">
        {count === 1 ? "Added to " : `${count} photos added to `}
        <Link to={`/albums/${album.id}`} className="font-semibold underline">
          {album.name}
        </Link>
        .
      </FormMessage>
    </div>
  );
}
