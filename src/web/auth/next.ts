/**
 * Where to go after logging in (`?next=`): a local path only — one leading slash, no scheme, no
 * backslash, no whitespace — so that a link cannot send a person who just logged in to another site.
 */
export const DEFAULT_NEXT = '/account';

export function safeNext(value: unknown): string {
  return typeof value === 'string' && value.length <= 500 && /^\/(?![/\\])[^\\\s]*$/.test(value) ? value : DEFAULT_NEXT;
}
