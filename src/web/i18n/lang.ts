/** The languages of the user interface. */
export const LANGS = ['nl', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** Whether a value is one of the UI languages (exactly `nl` or `en`). */
export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/** Each language's name in that language itself, for the language switch. */
export const LANGUAGE_NAMES: Record<Lang, string> = { nl: 'Nederlands', en: 'English' };
