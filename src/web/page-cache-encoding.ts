import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { parseAccept } from 'hono/utils/accept';

/**
 * Compressed copies of cached pages: made once per cached page (in the thread pool, not on the event loop)
 * and sent to every client that accepts them, as browsers do. A scorecard of 900 kB of HTML is about 40 kB
 * compressed, which is what decides how many pages per second one process can send.
 */

export type Coding = 'br' | 'gzip';
export const CODINGS: readonly Coding[] = ['br', 'gzip'];

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * The content coding to send for an `Accept-Encoding` header: br, else gzip, else none (RFC 9110 §12.5.3:
 * q=0 means "not this one"; `*` accepts any coding not named).
 *
 * @example
 * chooseCoding('gzip, deflate, br') // 'br'
 * chooseCoding('br;q=0, gzip') // 'gzip'
 */
export function chooseCoding(acceptEncoding: string | undefined): Coding | undefined {
  if (acceptEncoding === undefined || acceptEncoding.trim() === '') return undefined;
  const q = new Map(parseAccept(acceptEncoding).map(({ type, q: weight }) => [type.trim().toLowerCase(), weight]));
  const star = q.get('*');
  return CODINGS.find((coding) => (q.get(coding) ?? star ?? 0) > 0);
}

/** Worth compressing: text of at least 1 kB. */
export function compressible(contentType: string | undefined, bytes: number): boolean {
  return bytes >= 1024 && /^(text\/|application\/(json|ld\+json|csvm\+json|atom\+xml|xml))/i.test(contentType ?? '');
}

/** `body` compressed with `coding` (brotli at quality 5: near gzip's speed at a better ratio). */
export async function encode(body: Uint8Array, coding: Coding): Promise<Uint8Array<ArrayBuffer>> {
  const out =
    coding === 'br'
      ? await brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength } })
      : await gzipAsync(body);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
