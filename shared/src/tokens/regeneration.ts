/**
 * Lazy regeneration: one token every 15 minutes, never above the tier's capacity, computed whenever
 * a balance is read or spent. Purchased and bonus tokens may take a balance above capacity; they are
 * never taken away, regeneration simply pauses until the balance falls below capacity again.
 */
import { REGENERATION_INTERVAL_MS } from "./tiers.ts";

export type RegenerationState = { balance: number; lastRegeneration: Date };
export type Regenerated = RegenerationState & { earned: number };

export function regenerate(state: RegenerationState, capacity: number, now: Date): Regenerated {
  const elapsed = now.getTime() - state.lastRegeneration.getTime();
  if (state.balance >= capacity || elapsed < REGENERATION_INTERVAL_MS) {
    // At capacity the clock does not bank tokens for later; it restarts from now.
    const lastRegeneration = state.balance >= capacity ? now : state.lastRegeneration;
    return { balance: state.balance, lastRegeneration, earned: 0 };
  }
  const intervals = Math.floor(elapsed / REGENERATION_INTERVAL_MS);
  const earned = Math.min(intervals, capacity - state.balance);
  const balance = state.balance + earned;
  const lastRegeneration = balance >= capacity ? now : new Date(state.lastRegeneration.getTime() + intervals * REGENERATION_INTERVAL_MS);
  return { balance, lastRegeneration, earned };
}

/** When the next free token arrives, or null when the balance is at or above capacity. */
export function nextTokenAt(state: RegenerationState, capacity: number): Date | null {
  if (state.balance >= capacity) return null;
  return new Date(state.lastRegeneration.getTime() + REGENERATION_INTERVAL_MS);
}
