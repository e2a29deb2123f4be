/** How feedback statuses and kinds are shown in the admin inbox. */
export const FEEDBACK_STATUS_TONE: Record<string, "slate" | "brand" | "green" | "amber" | "red"> = {
  NEW: "amber",
  REVIEWED: "brand",
  RESOLVED: "green",
  DISMISSED: "slate",
};

const TYPE_LABEL: Record<string, string> = { BUG: "Bug", IDEA: "Idea", OTHER: "Other" };

export function feedbackTypeLabel(type: string): string {
  return TYPE_LABEL[type] ?? type;
}
