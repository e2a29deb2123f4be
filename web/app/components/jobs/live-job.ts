/** A job kept up to date from its event stream (/jobs/:id/events) until it reaches a final state. */
import { useEffect, useState } from "react";

const FINAL_STATUSES = ["COMPLETED", "FAILED", "REFUNDED", "CANCELLED"];

export function useLiveJob<Job extends { id: string; status: string }>(initial: Job): Job {
  const [job, setJob] = useState<Job>(initial);
  useEffect(() => setJob(initial), [initial]);
  useEffect(() => {
    if (FINAL_STATUSES.includes(initial.status)) return;
    const source = new EventSource(`/jobs/${initial.id}/events`);
    source.addEventListener("job", (event) => {
      const next = JSON.parse((event as MessageEvent<string>).data) as Job;
      setJob(next);
      if (FINAL_STATUSES.includes(next.status)) source.close();
    });
    return () => source.close();
  }, [initial.id, initial.status]);
  return job;
}
