import { en } from './en.js';
import { formatters, type Formatters } from './format.js';
import type { Lang } from './lang.js';
import { nl, type Messages } from './nl.js';

export { LANGS, LANGUAGE_NAMES, isLang, type Lang } from './lang.js';
export type { Messages } from './nl.js';
export type { Formatters } from './format.js';

const CATALOGUES: Record<Lang, Messages> = { nl, en };

/** What a page needs to speak one language: its messages (`t`) and formatters. */
export interface Locale {
  lang: Lang;
  t: Messages;
  format: Formatters;
}

/**
 * The messages and formatters of a language.
 *
 * @example
 * const { t, format } = locale('en');
 * t.nav.organisations // 'Organisations'
 * format.date('2018-12-31') // '31 December 2018'
 */
export function locale(lang: Lang): Locale {
  return { lang, t: CATALOGUES[lang], format: formatters(lang) };
}

/** Text in both languages (as in the strategy data), in the language asked for. */
export function localised(text: Readonly<Record<Lang, string>>, lang: Lang): string {
  return text[lang];
}
