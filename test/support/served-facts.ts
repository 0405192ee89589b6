import type { FetchFacts, HeaderMap } from '../../src/checks/http/fetch.js';

/**
 * The facts Thorbecke's own web gatherer (src/checks/http/fetch.ts) would record for `response`, had it
 * fetched `url` from a deployment behind a TLS-terminating proxy: one hop, lower-cased headers, every
 * Strict-Transport-Security header of the hop. Lets Thorbecke's checks judge Thorbecke's own answers.
 */
export async function servedFacts(url: string, response: Response): Promise<FetchFacts> {
  const u = new URL(url);
  const headers: HeaderMap = {};
  response.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  const hsts = response.headers.get('strict-transport-security');
  return {
    hops: [
      {
        url: u.href,
        scheme: u.protocol === 'https:' ? 'https' : 'http',
        host: u.hostname,
        address: '192.0.2.1',
        status: response.status,
        ...(hsts === null ? {} : { hsts: [hsts] }),
      },
    ],
    finalUrl: u.href,
    finalStatus: response.status,
    headers,
    body: await response.text(),
    bodyTruncated: false,
  };
}
