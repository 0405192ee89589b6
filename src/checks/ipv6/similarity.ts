/**
 * The "same content" rule of web.ipv6.reachable. Bodies are normalised (lower case, runs of white space
 * collapsed, trimmed) and hashed; equal hashes are identical content. Otherwise the similarity is the
 * smaller of (a) the weighted Jaccard index of the word-token counts (shared / total) and (b) the ratio of the shorter to the
 * longer normalised length — so small dynamic parts (a date, a nonce, a server name) are tolerated while a
 * different site or an error page is not. The threshold lives in criteria.ts.
 */
import { createHash } from 'node:crypto';

export function normaliseBody(body: string): string {
  return body.toLowerCase().replace(/\s+/g, ' ').trim();
}

export function bodyHash(body: string): string {
  return createHash('sha256').update(normaliseBody(body)).digest('hex');
}

/** How often each word token occurs. */
function counts(text: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const token of text.split(/[^\p{L}\p{N}]+/u)) if (token !== '') map.set(token, (map.get(token) ?? 0) + 1);
  return map;
}

/** 1 for identical normalised bodies, 0 for nothing in common. */
export function similarity(a: string, b: string): number {
  const left = normaliseBody(a);
  const right = normaliseBody(b);
  if (left === right) return 1;
  const longer = Math.max(left.length, right.length);
  const lengthRatio = longer === 0 ? 1 : Math.min(left.length, right.length) / longer;
  const [x, y] = [counts(left), counts(right)];
  let shared = 0;
  let union = 0;
  for (const token of new Set([...x.keys(), ...y.keys()])) {
    shared += Math.min(x.get(token) ?? 0, y.get(token) ?? 0);
    union += Math.max(x.get(token) ?? 0, y.get(token) ?? 0);
  }
  const jaccard = union === 0 ? 1 : shared / union;
  return Math.round(Math.min(jaccard, lengthRatio) * 1000) / 1000;
}
