/** How the box pages word sizes, prices and how long a box has run. */

export function formatMemory(megabytes: number): string {
  return megabytes >= 1024 ? `${Number((megabytes / 1024).toFixed(1))} GB` : `${megabytes} MB`;
}

export function tokensPerHour(tokens: number): string {
  return `${tokens} ${tokens === 1 ? "token" : "tokens"} an hour`;
}

/** "45 s", "12 min", "3 h 05 min", "2 d 4 h". */
export function formatUptime(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${String(minutes % 60).padStart(2, "0")} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
