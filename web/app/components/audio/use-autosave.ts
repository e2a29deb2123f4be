/**
 * Saving as the person works: each change is sent a moment after they stop changing that thing
 * (one save per key, the latest wins), the page shows "Saving…", "All changes saved" or what went
 * wrong (with a retry), and whatever is still waiting is sent as the page goes away.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { errorText } from "./audio-api.ts";

export type SaveState = "idle" | "saving" | "saved" | "error";
export type SaveStatus = { state: SaveState; message: string | null };
/** Sends one change; `keepalive` is true when the page is going away. */
export type SaveRun = (keepalive: boolean) => Promise<void>;

export type Autosave = {
  status: SaveStatus;
  /** Sends after `delayMs` without another change under the same key. */
  later: (key: string, run: SaveRun) => void;
  /** Sends now (and drops a waiting change under the same key). */
  now: (key: string, run: SaveRun) => Promise<boolean>;
  retry: () => void;
  /** Drops a change still waiting under this key. */
  cancel: (key: string) => void;
  /** Sends everything waiting and waits for every save on its way; true when all of them were saved. */
  settle: () => Promise<boolean>;
};

export function useAutosave(delayMs = 400): Autosave {
  const timers = useRef(new Map<string, { timer: ReturnType<typeof setTimeout>; run: SaveRun }>());
  const failed = useRef(new Map<string, { run: SaveRun; message: string }>());
  const running = useRef(0);
  const inflight = useRef(new Set<Promise<boolean>>());
  const everSaved = useRef(false);
  const [status, setStatus] = useState<SaveStatus>({ state: "idle", message: null });

  const refresh = useCallback(() => {
    if (timers.current.size > 0 || running.current > 0) setStatus({ state: "saving", message: null });
    else if (failed.current.size > 0) setStatus({ state: "error", message: [...failed.current.values()][0]!.message });
    else setStatus({ state: everSaved.current ? "saved" : "idle", message: null });
  }, []);

  const execute = useCallback(
    (key: string, run: SaveRun, keepalive = false): Promise<boolean> => {
      running.current += 1;
      refresh();
      const done = (async () => {
        try {
          await run(keepalive);
          failed.current.delete(key);
          everSaved.current = true;
          return true;
        } catch (error) {
          failed.current.set(key, { run, message: errorText(error) });
          return false;
        } finally {
          running.current -= 1;
          refresh();
        }
      })();
      inflight.current.add(done);
      void done.then(() => inflight.current.delete(done));
      return done;
    },
    [refresh],
  );

  const later = useCallback(
    (key: string, run: SaveRun) => {
      const waiting = timers.current.get(key);
      if (waiting) clearTimeout(waiting.timer);
      const timer = setTimeout(() => {
        timers.current.delete(key);
        void execute(key, run);
      }, delayMs);
      timers.current.set(key, { timer, run });
      refresh();
    },
    [delayMs, execute, refresh],
  );

  const now = useCallback(
    (key: string, run: SaveRun) => {
      const waiting = timers.current.get(key);
      if (waiting) clearTimeout(waiting.timer);
      timers.current.delete(key);
      return execute(key, run);
    },
    [execute],
  );

  const cancel = useCallback(
    (key: string) => {
      const waiting = timers.current.get(key);
      if (waiting) clearTimeout(waiting.timer);
      timers.current.delete(key);
      failed.current.delete(key);
      refresh();
    },
    [refresh],
  );

  const retry = useCallback(() => {
    const again = [...failed.current.entries()];
    failed.current.clear();
    for (const [key, { run }] of again) void execute(key, run);
  }, [execute]);

  const settle = useCallback(async () => {
    for (const [key, { timer, run }] of timers.current) {
      clearTimeout(timer);
      timers.current.delete(key);
      void execute(key, run);
    }
    await Promise.all([...inflight.current]);
    return failed.current.size === 0;
  }, [execute]);

  useEffect(() => {
    const waiting = timers.current;
    const flush = () => {
      for (const [key, { timer, run }] of waiting) {
        clearTimeout(timer);
        waiting.delete(key);
        void execute(key, run, true);
      }
    };
    window.addEventListener("pagehide", flush);
    return () => {
      window.removeEventListener("pagehide", flush);
      flush();
    };
  }, [execute]);

  return useMemo(() => ({ status, later, now, retry, cancel, settle }), [status, later, now, retry, cancel, settle]);
}
