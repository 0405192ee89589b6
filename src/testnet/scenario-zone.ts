/**
 * The zone (master-file text) of one scenario domain, and of a benchmark domain that copies a scenario:
 * name servers, addresses, MX, TLSA, SPF, DMARC and DKIM as the scenario says.
 */
import type { AddressPlan } from './address-plan.js';
import { IPV6_HOST } from './address-plan.js';
import { GOOD_DMARC, GOOD_SPF, type MailSetup, type Scenario } from './scenarios.js';

/** What the network decided for a scenario before its zone is written. */
export interface ZoneFacts {
  domain: string;
  /** The IPv4 address of its web server, if it has one. */
  webAddress?: string;
  /** The MX host name (absolute, no trailing dot), when the domain takes mail. */
  mxName?: string;
  /** Address of the MX host when the MX lives in this zone. */
  mxAddress?: string;
  /** TLSA association data: DANE-EE 3 1 1 of the MX's key and DANE-TA 2 0 1 of the test CA. */
  tlsa?: { ee: string; ta: string };
  /** False when the network runs without its IPv6 host: no AAAA records at all. */
  ipv6: boolean;
}

const quoted = (text: string): string => `"${text.replace(/["\\]/g, '\\$&')}"`;
/** A syntactically valid Ed25519 DKIM key record (the scanner only looks for `_domainkey`). */
const DKIM = 'v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=';
const WRONG = 'ab'.repeat(32);

function tlsaLines(mail: MailSetup, facts: ZoneFacts, relativeMx: string): string[] {
  if (facts.tlsa === undefined || mail.dane === 'none') return [];
  const { ee, ta } = mail.dane === 'wrong' ? { ee: WRONG, ta: WRONG } : facts.tlsa;
  return [`_25._tcp.${relativeMx} IN TLSA 3 1 1 ${ee}`, `_25._tcp.${relativeMx} IN TLSA 2 0 1 ${ta}`];
}

function mailLines(scenario: Scenario, facts: ZoneFacts): string[] {
  const { mail } = scenario;
  if (mail === 'no-mx') return [];
  if (mail === 'null-mx') return ['@ IN MX 0 .'];
  if (facts.mxName === undefined) return [];
  const lines = [`@ IN MX 10 ${facts.mxName}.`];
  if (facts.mxAddress !== undefined && facts.mxName.endsWith(`.${facts.domain}`)) {
    const relative = facts.mxName.slice(0, -facts.domain.length - 1);
    lines.push(`${relative} IN A ${facts.mxAddress}`);
    if (facts.ipv6 && mail.ipv6 !== false) lines.push(`${relative} IN AAAA ${IPV6_HOST}`);
    lines.push(...tlsaLines(mail, facts, relative));
  }
  return lines;
}

/** The authentication records: SPF, DMARC, DKIM (a null value leaves one out). */
function authLines(scenario: Pick<Scenario, 'spf' | 'dmarc' | 'dkim'>): string[] {
  const spf = scenario.spf === undefined ? GOOD_SPF : scenario.spf;
  const dmarc = scenario.dmarc === undefined ? GOOD_DMARC : scenario.dmarc;
  return [
    ...(spf === null ? [] : [`@ IN TXT ${quoted(spf)}`]),
    ...(dmarc === null ? [] : [`_dmarc IN TXT ${quoted(dmarc)}`]),
    ...(scenario.dkim === false ? [] : [`sel1._domainkey IN TXT ${quoted(DKIM)}`]),
  ];
}

function nameServerLines(scenario: Scenario, plan: AddressPlan, nsNames: readonly string[], inZone: boolean, ipv6: boolean): string[] {
  const lines = nsNames.map((name) => `@ IN NS ${name}.`);
  if (!inZone) return lines;
  for (const name of nsNames) {
    const relative = name.split('.')[0] ?? name;
    lines.push(`${relative} IN A ${plan.nameserver}`);
    if (ipv6 && scenario.nsIpv6 !== false) lines.push(`${relative} IN AAAA ${IPV6_HOST}`);
  }
  return lines;
}

function webLines(scenario: Scenario, facts: ZoneFacts): string[] {
  if (scenario.web === undefined || facts.webAddress === undefined) return [];
  return [`@ IN A ${facts.webAddress}`, ...(!facts.ipv6 || scenario.web.ipv6 === false ? [] : [`@ IN AAAA ${IPV6_HOST}`])];
}

/** The zone of a scenario's own domain. */
export function scenarioZone(scenario: Scenario, plan: AddressPlan, facts: ZoneFacts): string {
  const ns = [`ns1.${facts.domain}`, `ns2.${facts.domain}`];
  return [...nameServerLines(scenario, plan, ns, true, facts.ipv6), ...webLines(scenario, facts), ...mailLines(scenario, facts), ...authLines(scenario)].join('\n');
}

/**
 * A benchmark domain that behaves like `scenario`: its name servers, web server and MX are the scenario's
 * (as with many municipalities on one hosting platform), its own records are copied.
 */
export function benchZone(scenario: Scenario, plan: AddressPlan, facts: ZoneFacts, domain: string): string {
  const ns = [`ns1.${facts.domain}`, `ns2.${facts.domain}`];
  const own = { ...facts, domain, mxAddress: undefined };
  return [...nameServerLines(scenario, plan, ns, false, facts.ipv6), ...webLines(scenario, own), ...mailLines(scenario, own), ...authLines(scenario)].join('\n');
}

/** The zone of a hosted platform's MX host (`platformMx`), unsigned, as such platforms' zones often are. */
export function platformZone(mxName: string, address: string, ipv6: boolean): { apex: string; text: string } {
  const [label, ...rest] = mxName.split('.');
  const lines = [`${label ?? '@'} IN A ${address}`, ...(ipv6 ? [`${label ?? '@'} IN AAAA ${IPV6_HOST}`] : [])];
  return { apex: rest.join('.'), text: lines.join('\n') };
}
