/**
 * Reloads the page's data every few seconds while something on it is about to change on its own
 * (a box starting, a task running), and stops once it has settled.
 */
import { useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";

export const CHECK_AGAIN_MS = 2_000;

export function useCheckAgainWhile(active: boolean, everyMs = CHECK_AGAIN_MS) {
  const revalidator = useRevalidator();
  const navigation = useNavigation();
  const latest = useRef({ revalidator, navigation });
  latest.current = { revalidator, navigation };
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      // Not while a form is being sent or a page loads: that reloads the data anyway.
      const { revalidator: current, navigation: moving } = latest.current;
      if (current.state === "idle" && moving.state === "idle") current.revalidate();
    }, everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs]);
}
