/**
 * An album's photos in order: drag a photo onto another to reorder (saved through a fetcher), or use
 * the move earlier / later buttons from the keyboard; checkboxes feed the page's bulk-action form.
 */
import { useEffect, useState, type DragEvent } from "react";
import { useFetcher } from "@remix-run/react";
import { cx } from "../ui.tsx";

export type AlbumGridImage = { id: string; name: string; thumb: string };

function moved(order: string[], id: string, target: number): string[] {
  const next = order.filter((item) => item !== id);
  next.splice(target, 0, id);
  return next;
}

export function AlbumImageGrid({
  images,
  coverImageId,
  selected,
  onToggle,
  formId,
}: {
  images: AlbumGridImage[];
  coverImageId: string | null;
  selected: Set<string>;
  onToggle: (id: string, checked: boolean) => void;
  /** The bulk-action form the checkboxes belong to. */
  formId: string;
}) {
  const fetcher = useFetcher();
  const [order, setOrder] = useState(() => images.map((image) => image.id));
  const [dragging, setDragging] = useState<string | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const byId = new Map(images.map((image) => [image.id, image]));

  // A new order (or set of photos) from the server replaces the local one.
  const serverOrder = images.map((image) => image.id).join(",");
  useEffect(() => setOrder(serverOrder ? serverOrder.split(",") : []), [serverOrder]);

  const save = (next: string[], message: string) => {
    setOrder(next);
    setAnnouncement(message);
    const form = new FormData();
    form.set("intent", "reorder");
    for (const id of next) form.append("orderedImageIds", id);
    fetcher.submit(form, { method: "post" });
  };

  const drop = (event: DragEvent, targetId: string) => {
    event.preventDefault();
    const id = dragging ?? event.dataTransfer.getData("text/plain");
    setDragging(null);
    setOver(null);
    if (!id || id === targetId || !order.includes(id)) return;
    const target = order.indexOf(targetId);
    const next = moved(order, id, target);
    save(next, `${byId.get(id)?.name ?? "Photo"} moved to position ${target + 1} of ${next.length}.`);
  };

  const shift = (id: string, direction: -1 | 1) => {
    const from = order.indexOf(id);
    const to = from + direction;
    if (from === -1 || to < 0 || to >= order.length) return;
    save(moved(order, id, to), `${byId.get(id)?.name ?? "Photo"} moved to position ${to + 1} of ${order.length}.`);
  };

  return (
    <>
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>
      <ol aria-label="Photos in this album" className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4">
        {order.map((id, index) => {
          const image = byId.get(id);
          if (!image) return null;
          const checkboxId = `select-${id}`;
          return (
            <li
              key={id}
              data-testid="album-image"
              draggable
              onDragStart={(event) => {
                setDragging(id);
                event.dataTransfer.effectAllowed = "move";
                event.dataTransfer.setData("text/plain", id);
              }}
              onDragEnd={() => {
                setDragging(null);
                setOver(null);
              }}
              onDragOver={(event) => {
                event.preventDefault();
                event.dataTransfer.dropEffect = "move";
                if (over !== id) setOver(id);
              }}
              onDrop={(event) => drop(event, id)}
              className={cx(
                "overflow-hidden rounded-xl bg-white ring-1 transition",
                selected.has(id) ? "ring-2 ring-brand-600" : "ring-slate-200",
                over === id && dragging !== id ? "ring-2 ring-brand-400" : null,
                dragging === id ? "opacity-50" : null,
              )}
            >
              <div className="relative">
                <img src={image.thumb} alt={image.name} loading="lazy" draggable={false} className="aspect-square w-full cursor-move bg-slate-100 object-cover" />
                {coverImageId === id ? (
                  <span className="absolute left-2 top-2 rounded-full bg-slate-900/80 px-2 py-0.5 text-xs font-semibold text-white">Cover</span>
                ) : null}
              </div>
              <div className="flex items-center gap-2 px-3 py-2">
                <input
                  id={checkboxId}
                  type="checkbox"
                  name="imageIds"
                  value={id}
                  form={formId}
                  checked={selected.has(id)}
                  onChange={(event) => onToggle(id, event.target.checked)}
                  className="h-4 w-4 rounded border-slate-300 text-brand-600"
                />
                <label htmlFor={checkboxId} className="min-w-0 flex-1 truncate text-sm font-medium text-slate-800">
                  <span className="sr-only">Select </span>
                  {image.name}
                </label>
                <fetcher.Form method="post" className="flex gap-1">
                  <input type="hidden" name="intent" value="shift" />
                  <input type="hidden" name="imageId" value={id} />
                  <button
                    type="submit"
                    name="direction"
                    value="up"
                    disabled={index === 0}
                    onClick={(event) => {
                      event.preventDefault();
                      shift(id, -1);
                    }}
                    aria-label={`Move ${image.name} earlier`}
                    className="rounded-md px-2 py-1 text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-40"
                  >
                    ↑
                  </button>
                  <button
                    type="submit"
                    name="direction"
                    value="down"
                    disabled={index === order.length - 1}
                    onClick={(event) => {
                      event.preventDefault();
                      shift(id, 1);
                    }}
                    aria-label={`Move ${image.name} later`}
                    className="rounded-md px-2 py-1 text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-40"
                  >
                    ↓
                  </button>
                </fetcher.Form>
              </div>
            </li>
          );
        })}
      </ol>
    </>
  );
}
