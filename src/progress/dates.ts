/**
 * Calendar dates as `YYYY-MM-DD` strings (UTC), the form the store and the strategy file use. Comparing two
 * such strings compares the dates.
 */

const DAY_MS = 86_400_000;

/** The date (UTC) of an instant. */
export function isoDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function addDays(day: string, days: number): string {
  return isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

/** The Monday (UTC) that starts the week of `day`: the period of weekly history. */
export function weekStart(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}

export function earlier(a: string, b: string | null | undefined): string {
  return b !== null && b !== undefined && b < a ? b : a;
}
