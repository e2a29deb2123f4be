/**
 * Dates and times as the product shows them (British English), with each Intl formatter made once
 * and reused: creating one costs far more than formatting with it, and pages format many dates.
 * Each function reads exactly like the `toLocale…String("en-GB", options)` call it stands for.
 */
type Kind = "date" | "time" | "any";

const DATE_FIELDS = ["weekday", "year", "month", "day"] as const;
const TIME_FIELDS = ["dayPeriod", "hour", "minute", "second", "fractionalSecondDigits"] as const;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The fields JavaScript's toLocale…String fills in when the options name none (ECMA-402 ToDateTimeOptions). */
function withDefaults(kind: Kind, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormatOptions {
  if (options.dateStyle || options.timeStyle) return options;
  const named = (fields: readonly string[]) => fields.some((field) => (options as Record<string, unknown>)[field] !== undefined);
  const needsDate = kind !== "time" && !named(DATE_FIELDS) && (kind === "date" || !named(TIME_FIELDS));
  const needsTime = kind !== "date" && !named(TIME_FIELDS) && (kind === "time" || !named(DATE_FIELDS));
  return {
    ...(needsDate ? { year: "numeric", month: "numeric", day: "numeric" } : {}),
    ...(needsTime ? { hour: "numeric", minute: "numeric", second: "numeric" } : {}),
    ...options,
  };
}

function formatter(kind: Kind, options: Intl.DateTimeFormatOptions = {}): Intl.DateTimeFormat {
  const key = `${kind}|${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat("en-GB", withDefaults(kind, options));
    formatters.set(key, cached);
  }
  return cached;
}

type When = Date | string | number;
const asDate = (value: When) => (value instanceof Date ? value : new Date(value));

/** Like `new Date(value).toLocaleString("en-GB", options)`. */
export function formatDateTime(value: When, options?: Intl.DateTimeFormatOptions): string {
  return formatter("any", options).format(asDate(value));
}

/** Like `new Date(value).toLocaleDateString("en-GB", options)`. */
export function formatDate(value: When, options?: Intl.DateTimeFormatOptions): string {
  return formatter("date", options).format(asDate(value));
}

/** Like `new Date(value).toLocaleTimeString("en-GB", options)`. */
export function formatTime(value: When, options?: Intl.DateTimeFormatOptions): string {
  return formatter("time", options).format(asDate(value));
}
