/** Small value checks shared by the importers. */

/**
 * An ISO date (`2019-01-01`, or a date-time whose date part is taken) that exists in the calendar;
 * `undefined` otherwise.
 */
export function parseIsoDate(raw: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(raw.trim());
  if (!m) return undefined;
  const [, y, mo, d] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  const iso = date.toISOString().slice(0, 10);
  return iso === `${y}-${mo}-${d}` ? iso : undefined;
}

/** Trims and collapses runs of white space. */
export function cleanText(raw: string): string {
  return raw.replace(/\s+/g, ' ').trim();
}

/** Empty after trimming → null. */
export function optional(raw: string | undefined): string | null {
  const value = raw === undefined ? '' : cleanText(raw);
  return value === '' ? null : value;
}

/** Today's date in the local time zone, `YYYY-MM-DD`. */
export function localDate(now = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
