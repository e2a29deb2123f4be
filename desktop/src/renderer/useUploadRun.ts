/**
 * The bulk upload as the core reports it: the current run (or one finished or interrupted and not yet
 * put away), kept up to date from `upload:changed`.
 */
import { useEffect, useRef, useState } from "react";
import type { DesktopBridge, IpcError, UploadRunView } from "./bridge.ts";

export type UploadRunState = {
  run: UploadRunView | null;
  /** False until the core has answered once, so the screen does not flash the drop zone first. */
  loaded: boolean;
  loadError: IpcError | null;
  /** For answers to the window's own requests (start, pause…), which may beat the event. */
  setRun(run: UploadRunView | null): void;
};

export function useUploadRun(bridge: DesktopBridge): UploadRunState {
  const [run, setRun] = useState<UploadRunView | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [loadError, setLoadError] = useState<IpcError | null>(null);
  const heardEvent = useRef(false);

  useEffect(() => {
    let active = true;
    heardEvent.current = false;
    // Subscribe first; an event that arrives before the answer is newer than it, so it wins.
    const unsubscribe = bridge.on("upload:changed", (next) => {
      if (!active) return;
      heardEvent.current = true;
      setRun(next);
      setLoaded(true);
    });
    void bridge.invoke("upload:get").then((result) => {
      if (!active) return;
      setLoaded(true);
      if (!result.ok) return setLoadError(result.error);
      setLoadError(null);
      if (!heardEvent.current) setRun(result.data);
    });
    return () => {
      active = false;
      unsubscribe();
    };
  }, [bridge]);

  return { run, loaded, loadError, setRun };
}
