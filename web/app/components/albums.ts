/** How album privacy reads and looks wherever albums are shown. */
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

export const ALBUM_PRIVACY_CHOICES = ["PRIVATE", "UNLISTED", "PUBLIC"] as const;
