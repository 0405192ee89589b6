/** Matches host names against the provider table (providers.ts). Pure. */
import { PROVIDERS, type NameMatcher, type Provider } from './providers.js';

export type MatchKind = 'mx' | 'ns' | 'cname';

const normalise = (name: string): string => name.toLowerCase().replace(/\.$/, '');

/** A suffix matches the name itself or any name below it; a pattern must match the whole name. */
export function matchesName(matcher: NameMatcher, rawName: string): boolean {
  const name = normalise(rawName);
  if (typeof matcher === 'string') {
    const suffix = normalise(matcher);
    return name === suffix || name.endsWith(`.${suffix}`);
  }
  return new RegExp(matcher.pattern, 'u').test(name);
}

/** The first provider in the table with a matcher of this kind for the name, if any. */
export function providerFor(kind: MatchKind, name: string, table: readonly Provider[] = PROVIDERS): Provider | undefined {
  return table.find((provider) => (provider[kind] ?? []).some((matcher) => matchesName(matcher, name)));
}
