/** How albums read and look wherever they are shown: privacy names, hints and colours, and counts. */
export const PRIVACY_LABEL: Record<string, string> = {
  PRIVATE: "Private",
  UNLISTED: "Unlisted",
  PUBLIC: "Public",
};

export const PRIVACY_HINT: Record<string, string> = {
  PRIVATE: "Only you can see it.",
  UNLISTED: "Anyone with the share link can see it; it is not listed.",
  PUBLIC: "Listed publicly; anyone can see it.",
};

export const PRIVACY_TONE: Record<string, "slate" | "amber" | "green"> = {
  PRIVATE: "slate",
  UNLISTED: "amber",
  PUBLIC: "green",
};

/** "1 photo", "2 photos". */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}
