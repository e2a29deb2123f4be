/** Offset pagination for admin lists: the rows of one page, and how many pages there are. */
export type Page = { skip: number; take: number };

export function pageWindow(page: number, size: number): Page {
  return { skip: (Math.max(1, page) - 1) * size, take: size };
}

export function pageCount(total: number, size: number): number {
  return Math.max(1, Math.ceil(total / size));
}
