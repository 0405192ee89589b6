/**
 * Gathers the hosting facts of one domain from Thorbecke's DNS client: MX hosts, NS hosts, and the CNAME
 * chain and addresses of the web name (the domain as given). Share a per-domain DNS cache so these are
 * the same answers the other families use. DNS failures become facts (`outcome: 'error'`).
 */
import type { DnsClient } from '../dns/client.js';
import { addresses, mx, ns } from '../dns/lookup.js';
import type { DnsHostingFacts, MailHostingFacts, WebHostingFacts } from './evaluate.js';
import { messageOf } from '../../domain/errors.js';

export interface HostingFacts {
  mail: MailHostingFacts;
  dns: DnsHostingFacts;
  web: WebHostingFacts;
}

export async function gatherHosting(domain: string, dns: DnsClient): Promise<HostingFacts> {
  const name = domain.toLowerCase().replace(/\.$/, '');
  const failed = (error: unknown) => ({ name, outcome: 'error' as const, detail: messageOf(error) });
  const [mail, servers, web] = await Promise.all([
    mx(dns, name).then(
      ({ outcome, rcode, hosts, nullMx }): MailHostingFacts => ({ name, outcome, detail: rcode, hosts: nullMx ? [] : hosts.map((host) => host.exchange), nullMx }),
      (error: unknown): MailHostingFacts => ({ ...failed(error), hosts: [], nullMx: false }),
    ),
    ns(dns, name).then(
      ({ outcome, rcode, hosts }): DnsHostingFacts => ({ name, outcome, detail: rcode, hosts }),
      (error: unknown): DnsHostingFacts => ({ ...failed(error), hosts: [] }),
    ),
    addresses(dns, name).then(
      ({ ipv4, ipv6 }): WebHostingFacts => {
        // One of the two may be NODATA; the web name is unreadable only when neither gave an answer.
        const both = [ipv4, ipv6];
        const read = both.find((facts) => facts.outcome === 'records') ?? both.find((facts) => facts.outcome !== 'failure') ?? ipv4;
        const cnames = ipv4.cnames.length >= ipv6.cnames.length ? ipv4.cnames : ipv6.cnames;
        return { name, outcome: read.outcome, detail: read.rcode, cnames, addresses: [...ipv4.addresses, ...ipv6.addresses] };
      },
      (error: unknown): WebHostingFacts => ({ ...failed(error), cnames: [], addresses: [] }),
    ),
  ]);
  return { mail, dns: servers, web };
}
