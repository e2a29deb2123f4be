/** How job statuses look wherever jobs are listed. */
export const JOB_STATUS_TONE: Record<string, "slate" | "brand" | "green" | "amber" | "red"> = {
  PENDING: "slate",
  PROCESSING: "brand",
  COMPLETED: "green",
  FAILED: "red",
  REFUNDED: "amber",
  CANCELLED: "amber",
};
