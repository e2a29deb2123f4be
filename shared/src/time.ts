/**
 * Units of time, so durations read as what they are (`30 * DAY_MS`, `15 * MINUTE_SECONDS`) instead
 * of strings of multiplications. Milliseconds for timestamps and timers, seconds where an API or a
 * header counts in seconds (signed URLs, queues, rate limits, cookies).
 */
export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export const MINUTE_SECONDS = 60;
export const HOUR_SECONDS = 60 * MINUTE_SECONDS;
export const DAY_SECONDS = 24 * HOUR_SECONDS;
