/**
 * Gathers the DNS facts of SPF, DMARC and DKIM for one domain: TXT at the domain and at `_dmarc`, the
 * `_domainkey` node, the MX, and the SPF include/redirect tree. The lookups are injected so that gathering
 * can be tested; {@link dnsLookups} binds them to Thorbecke's DNS client. DNS failures become facts
 * (outcome `error` or `failure`), never exceptions.
 */
import type { DnsClient } from '../dns/client.js';
import { mx, txt } from '../dns/lookup.js';
import { selectDmarcRecords } from './dmarc.js';
import type { MailAuthFacts, MxAnswer, SpfLookupFacts, TxtAnswer } from './facts.js';
import { selectSpfRecords } from './spf.js';
import { walkSpf } from './spf-walk.js';
import { messageOf } from '../../domain/errors.js';

/** The two questions mail authentication asks. */
export interface MailAuthLookups {
  txt(name: string): Promise<TxtAnswer>;
  mx(name: string): Promise<MxAnswer>;
}

/** Binds the lookups to a DNS client (share a per-domain cache with the other checks). */
export function dnsLookups(dns: DnsClient): MailAuthLookups {
  return {
    async txt(name) {
      try {
        const { outcome, rcode, texts } = await txt(dns, name);
        return { name, outcome, detail: rcode, texts };
      } catch (error) {
        return { name, outcome: 'error', detail: messageOf(error), texts: [] };
      }
    },
    async mx(name) {
      try {
        const { outcome, rcode, hosts, nullMx } = await mx(dns, name);
        return { name, outcome, detail: rcode, hosts: hosts.map((host) => host.exchange), nullMx };
      } catch (error) {
        return { name, outcome: 'error', detail: messageOf(error), hosts: [], nullMx: false };
      }
    },
  };
}

const failed = (answer: { outcome: string }): boolean => answer.outcome === 'error' || answer.outcome === 'failure';
const emptyWalk = (): SpfLookupFacts => ({ count: 0, exceeded: false, loops: [], macros: [], unresolved: [], redirects: [] });

/**
 * @example
 * const facts = await gatherMailAuth('example.nl', dnsLookups(createDnsCache(client)));
 * evaluateSpfPolicy(facts).status;
 */
export async function gatherMailAuth(domain: string, lookups: MailAuthLookups): Promise<MailAuthFacts> {
  const name = domain.toLowerCase().replace(/\.$/, '');
  const [spf, dmarc, domainkey, mxAnswer] = await Promise.all([
    lookups.txt(name),
    lookups.txt(`_dmarc.${name}`),
    lookups.txt(`_domainkey.${name}`),
    lookups.mx(name),
  ]);
  const spfRecords = selectSpfRecords(spf.texts);
  const [onlySpf] = spfRecords;
  const spfLookups = spfRecords.length === 1 && onlySpf !== undefined ? await walkSpf(name, onlySpf, (target) => lookups.txt(target)) : emptyWalk();
  const asked = [[spf, 'TXT'], [dmarc, 'TXT'], [domainkey, 'TXT'], [mxAnswer, 'MX'], ...spfLookups.unresolved.map((target) => [target, 'TXT'] as const)] as const;
  const errors = asked.filter(([answer]) => failed(answer)).map(([answer, type]) => `${answer.name} ${type}: ${answer.detail}`);
  return { domain: name, spf, spfRecords, spfLookups, dmarc, dmarcRecords: selectDmarcRecords(dmarc.texts), domainkey, mx: mxAnswer, errors };
}
