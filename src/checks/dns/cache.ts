/**
 * Per-domain memoisation: the checks of one domain ask the same questions (the MX of the domain, the
 * addresses of its web host); each name and type is asked once, and concurrent callers share the query in
 * flight. Failures are shared too, so a tarpitting server costs one timeout per question, not one per check.
 * Create one cache per domain scan; it holds answers for as long as it lives.
 */
import { normaliseName, type DnsClient, type DnsQueryOptions, type DnsResponse, type DnsType } from './client.js';

/**
 * @example
 * const dns = createDnsCache(createDnsClient({ server }));
 * const [a, b] = await Promise.all([dns.query('example.test', 'MX'), dns.query('EXAMPLE.test.', 'MX')]); // one query
 */
export function createDnsCache(client: DnsClient): DnsClient {
  const entries = new Map<string, Promise<DnsResponse>>();
  return {
    query(name: string, type: DnsType, options: DnsQueryOptions = {}): Promise<DnsResponse> {
      const key = [normaliseName(name), type, options.dnssecOk ?? true, options.cd ?? false].join('|');
      let entry = entries.get(key);
      if (entry === undefined) {
        entry = client.query(name, type, options);
        entries.set(key, entry);
      }
      return entry;
    },
  };
}
