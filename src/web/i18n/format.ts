import type { Lang } from './lang.js';

/** Formatting of numbers, dates and lists for one language, with Intl (nl-NL or en-GB). */
export interface Formatters {
  /** An ISO date (`2018-12-31`) as a long date: "31 december 2018" / "31 December 2018". */
  date(iso: string): string;
  /** A moment as date and time in Dutch time: "1 januari 2026 om 01:00" / "1 January 2026 at 01:00". */
  dateTime(moment: Date): string;
  /** The day of a moment in Dutch time: "1 januari 2026" / "1 January 2026". */
  day(moment: Date): string;
  number(value: number): string;
  /** A percentage given as 0–100: "30%". */
  percent(value: number): string;
  /** "a, b en c" / "a, b and c". */
  list(items: readonly string[]): string;
}

/** The Intl locale of each UI language. */
export const INTL_LOCALES: Record<Lang, string> = { nl: 'nl-NL', en: 'en-GB' };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function create(lang: Lang): Formatters {
  const locale = INTL_LOCALES[lang];
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Amsterdam' });
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Europe/Amsterdam' });
  const number = new Intl.NumberFormat(locale);
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const list = new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' });
  return {
    date: (iso) => {
      const moment = ISO_DATE.test(iso) ? new Date(`${iso}T00:00:00Z`) : undefined;
      return moment === undefined || Number.isNaN(moment.getTime()) ? iso : date.format(moment);
    },
    dateTime: (moment) => dateTime.format(moment),
    day: (moment) => day.format(moment),
    number: (value) => number.format(value),
    percent: (value) => percent.format(value / 100),
    list: (items) => list.format(items),
  };
}

const cache = new Map<Lang, Formatters>();

/** The formatters of a language (created once). */
export function formatters(lang: Lang): Formatters {
  let found = cache.get(lang);
  if (!found) {
    found = create(lang);
    cache.set(lang, found);
  }
  return found;
}
