/**
 * The sealed test network's scenarios, as data: each one is a domain, how the network sets it up, and the
 * status every check it is about must get. `good` passes everything; every other scenario breaks one thing
 * on purpose (or a few that belong together), so that each catalogue check is proven right and wrong.
 * `thorbecke testnet up` serves them; test/net/scenarios.net.test.ts asserts every expectation.
 */
import type { CheckSet, CheckStatus } from '../domain/check.js';
import type { IssueOptions } from './ca.js';
import type { TlsProfile } from './tls-profile.js';
import type { WebHostProfile } from './web-host.js';
import type { ZoneSigning } from './zone-signing.js';

/** A certificate the network issues for the scenario's names (the names themselves are added). */
export type CertSpec = Omit<IssueOptions, 'names'> & { wrongName?: boolean };

export interface WebSetup {
  profile: WebHostProfile;
  cert?: CertSpec;
  /** AAAA ::1 for the web name, served by the network's IPv6 host (default true). */
  ipv6?: boolean;
  /** Which announced route the web address sits in (see rpki-files.ts); default `valid`. */
  route?: 'valid' | 'invalid' | 'not-found';
  /** Serve a valid /.well-known/security.txt (default true; the network writes its dates). */
  securityTxt?: boolean;
}

export interface MailSetup {
  starttls: boolean;
  tls?: TlsProfile;
  cert?: CertSpec;
  /** TLSA for `_25._tcp.<mx>`: matching the server's key, a wrong digest, or none. Default `valid`. */
  dane?: 'valid' | 'wrong' | 'none';
  /** AAAA ::1 for the MX name (default true). */
  ipv6?: boolean;
  /** Put the MX host in the zone of another scenario (its own zone signing then applies). */
  mxOf?: string;
  /** An MX host name outside the scenario zones (a hosted platform), served as an unsigned zone. */
  platformMx?: string;
  /** Which announced route the MX address sits in (see rpki-files.ts); default `valid`. */
  route?: 'valid' | 'invalid' | 'not-found';
}

export interface Scenario {
  /** The first label; the domain is `<name>.<suffix>` (see {@link scenarioDomain}). */
  name: string;
  /** What is wrong on purpose, in plain language. */
  about: string;
  dnssec: ZoneSigning;
  /** Serve the zone from the hostile Node DNS server in this mode instead of the resolver's own data. */
  hostileDns?: 'drop' | 'servfail';
  /** Undefined: the name has no address at all. */
  web?: WebSetup;
  mail: MailSetup | 'null-mx' | 'no-mx';
  /** SPF, DMARC, DKIM records; the default is strict and valid. `null` leaves the record out. */
  spf?: string | null;
  dmarc?: string | null;
  dkim?: boolean;
  /** Name servers with AAAA ::1 that answer over IPv6 (default true). */
  nsIpv6?: boolean;
  expect: Partial<Record<string, CheckStatus>>;
  /** Set verdicts this scenario must get. */
  sets?: Partial<Record<CheckSet, CheckStatus>>;
  /** Regular expressions (source) the reason of a check must match. */
  reasons?: Partial<Record<string, string>>;
}

export const SCENARIO_SUFFIX = 'scenario.test';

export const scenarioDomain = (scenario: Pick<Scenario, 'name'>, suffix = SCENARIO_SUFFIX): string => `${scenario.name}.${suffix}`;

/** The security.txt of a good site: Contact and an Expires half a year ahead of the network's start. */
export function goodSecurityTxt(now: Date): string {
  const expires = new Date(now.getTime() + 180 * 86_400_000).toISOString();
  return `Contact: mailto:security@example.test\nExpires: ${expires}\nPreferred-Languages: nl, en\n`;
}

export const GOOD_SPF = 'v=spf1 mx -all';
export const GOOD_DMARC = 'v=DMARC1; p=reject; rua=mailto:dmarc@example.test';

/** The good web profile (HSTS a year, redirect, security.txt filled in by the network). */
export const GOOD_WEB: WebSetup = { profile: { tls: {}, http: 'redirect', hsts: 'max-age=31536000; includeSubDomains' } };
export const GOOD_MAIL: MailSetup = { starttls: true, dane: 'valid' };

const WEB_IDS = [
  'web.dnssec', 'web.ipv6.nameservers', 'web.ipv6.address', 'web.ipv6.reachable', 'web.https.available', 'web.https.redirect', 'web.https.hsts',
  'web.tls.version', 'web.tls.ciphers', 'web.tls.key-exchange', 'web.tls.compression', 'web.tls.renegotiation',
  'web.cert.trust', 'web.cert.name', 'web.cert.key', 'web.cert.signature', 'web.rpki', 'web.security-txt',
];
const MAIL_IDS = [
  'mail.dnssec', 'mail.dnssec.mx', 'mail.ipv6.nameservers', 'mail.ipv6.mx', 'mail.spf', 'mail.spf.policy', 'mail.dmarc', 'mail.dmarc.policy',
  'mail.dkim', 'mail.starttls', 'mail.tls.version', 'mail.tls.ciphers', 'mail.tls.key-exchange', 'mail.cert.key', 'mail.cert.signature', 'mail.dane', 'mail.rpki',
];
const allPass = Object.fromEntries([...WEB_IDS, ...MAIL_IDS].map((id) => [id, 'pass' as const]));

const web = (profile: Partial<WebHostProfile>, extra: Partial<WebSetup> = {}): WebSetup => ({ ...GOOD_WEB, ...extra, profile: { ...GOOD_WEB.profile, ...profile } });
const mail = (extra: Partial<MailSetup>): MailSetup => ({ ...GOOD_MAIL, ...extra });

/** Every scenario. Names are stable: tests, the benchmark and documentation refer to them. */
export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'good', about: 'everything right: signed zone, IPv6, HTTPS with HSTS, TLS per NCSC, DANE, strict SPF and DMARC, RPKI, security.txt',
    dnssec: 'signed', web: GOOD_WEB, mail: GOOD_MAIL, expect: allPass, sets: { 'forum-web': 'pass', 'forum-mail': 'pass' },
  },
  // DNSSEC
  {
    name: 'no-dnssec', about: 'the zone is not signed (so DANE has no signed TLSA either)', dnssec: 'unsigned', web: GOOD_WEB, mail: GOOD_MAIL,
    expect: { 'web.dnssec': 'fail', 'mail.dnssec': 'fail', 'mail.dnssec.mx': 'fail', 'mail.dane': 'fail', 'web.https.hsts': 'pass' },
    sets: { 'forum-web': 'fail', 'forum-mail': 'fail' }, reasons: { 'web.dnssec': 'not signed' },
  },
  {
    name: 'dnssec-bogus', about: 'the zone is signed but its signatures have expired: validating resolvers refuse it', dnssec: 'bogus-expired', web: GOOD_WEB, mail: GOOD_MAIL,
    expect: { 'web.dnssec': 'fail', 'mail.dnssec': 'fail' }, sets: { 'forum-web': 'fail' }, reasons: { 'web.dnssec': 'bogus' },
  },
  {
    name: 'dnssec-untrusted', about: 'signed, but the parent publishes no DS: signatures nobody can validate', dnssec: 'signed-untrusted', web: GOOD_WEB, mail: GOOD_MAIL,
    expect: { 'web.dnssec': 'fail', 'mail.dnssec': 'fail' }, reasons: { 'web.dnssec': 'did not validate' },
  },
  {
    name: 'dnssec-wrong-ds', about: "the parent's DS record matches none of the zone's keys (a key rollover gone wrong)", dnssec: 'wrong-ds', web: GOOD_WEB, mail: GOOD_MAIL,
    expect: { 'web.dnssec': 'fail', 'mail.dnssec': 'fail' }, sets: { 'forum-web': 'fail' }, reasons: { 'web.dnssec': 'bogus' },
  },
  {
    name: 'mx-unsigned', about: 'the domain is signed but its MX host lives in an unsigned zone', dnssec: 'signed', web: GOOD_WEB, mail: mail({ mxOf: 'no-dnssec' }),
    expect: { 'mail.dnssec': 'pass', 'mail.dnssec.mx': 'fail', 'mail.dane': 'fail' }, sets: { 'forum-mail': 'fail' },
  },
  {
    name: 'dns-tarpit', about: "the domain's name servers never answer: nothing can be measured", dnssec: 'unsigned', hostileDns: 'drop', web: GOOD_WEB, mail: GOOD_MAIL,
    expect: { 'web.dnssec': 'error', 'web.https.available': 'error', 'mail.spf': 'error', 'mail.starttls': 'error', 'hosting.dns-provider': 'error', 'hosting.web-provider': 'error' }, sets: { 'forum-web': 'error', 'forum-mail': 'error' },
  },
  // IPv6
  {
    name: 'no-ipv6', about: 'no AAAA records for the web server, the name servers or the MX', dnssec: 'signed', web: { ...GOOD_WEB, ipv6: false }, mail: mail({ ipv6: false }), nsIpv6: false,
    expect: { 'web.ipv6.address': 'fail', 'web.ipv6.reachable': 'fail', 'web.ipv6.nameservers': 'fail', 'mail.ipv6.nameservers': 'fail', 'mail.ipv6.mx': 'fail', 'web.https.available': 'pass' },
    sets: { 'forum-web': 'fail', 'forum-mail': 'fail' },
  },
  // HTTPS
  { name: 'no-https', about: 'only plain HTTP: nothing listens on port 443', dnssec: 'signed', web: { profile: { http: 'plain' } }, mail: GOOD_MAIL, expect: { 'web.https.available': 'fail', 'web.https.redirect': 'fail' }, sets: { 'forum-web': 'fail' } },
  { name: 'no-redirect', about: 'HTTP answers with the page instead of redirecting to HTTPS', dnssec: 'signed', web: web({ http: 'plain' }), mail: GOOD_MAIL, expect: { 'web.https.redirect': 'fail', 'web.https.available': 'pass' } },
  { name: 'redirect-elsewhere', about: 'HTTP redirects straight to another host instead of HTTPS on the same name first', dnssec: 'signed', web: web({ http: 'redirect-elsewhere' }), mail: GOOD_MAIL, expect: { 'web.https.redirect': 'fail' } },
  { name: 'hsts-short', about: 'HSTS with max-age=300 (a year is required)', dnssec: 'signed', web: web({ hsts: 'max-age=300' }), mail: GOOD_MAIL, expect: { 'web.https.hsts': 'fail' }, reasons: { 'web.https.hsts': '300' } },
  { name: 'no-hsts', about: 'no Strict-Transport-Security header', dnssec: 'signed', web: { ...GOOD_WEB, profile: { tls: {}, http: 'redirect' } }, mail: GOOD_MAIL, expect: { 'web.https.hsts': 'fail' } },
  { name: 'no-security-txt', about: 'no /.well-known/security.txt', dnssec: 'signed', web: { ...GOOD_WEB, securityTxt: false }, mail: GOOD_MAIL, expect: { 'web.security-txt': 'fail' } },
  // TLS
  {
    name: 'tls10', about: 'the IPv4 web server still accepts TLS 1.0 (the IPv6 one does not: every address is tested, the worst counts)', dnssec: 'signed',
    web: web({ tls: { minVersion: 'TLSv1' } }), mail: GOOD_MAIL, expect: { 'web.tls.version': 'fail' }, reasons: { 'web.tls.version': '^127\\.\\d+\\.1\\.\\d+: .*TLS 1\\.0' },
  },
  { name: 'ssl3', about: 'the web server answers an SSL 3.0 hello', dnssec: 'signed', web: web({ tls: { acceptSsl3: true } }), mail: GOOD_MAIL, expect: { 'web.tls.version': 'fail' }, reasons: { 'web.tls.version': 'SSL 3.0' } },
  { name: 'weak-cipher', about: 'the web server accepts a CBC suite with a SHA-1 MAC', dnssec: 'signed', web: web({ tls: { ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-SHA' } }), mail: GOOD_MAIL, expect: { 'web.tls.ciphers': 'fail' }, reasons: { 'web.tls.ciphers': 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA' } },
  { name: 'weak-group', about: 'the web server prefers ECDHE over secp224r1 (phase out) in TLS 1.2', dnssec: 'signed', web: web({ tls: { groups: 'P-224:X25519:P-256' } }), mail: GOOD_MAIL, expect: { 'web.tls.key-exchange': 'warning' }, reasons: { 'web.tls.key-exchange': 'secp224r1' } },
  { name: 'compression', about: 'the web server accepts TLS compression (CRIME)', dnssec: 'signed', web: web({ tls: { acceptCompression: true } }), mail: GOOD_MAIL, expect: { 'web.tls.compression': 'fail' } },
  { name: 'client-renegotiation', about: 'the web server lets clients start a renegotiation (FACTS.md: off or limited; a limit cannot be seen, so a warning)', dnssec: 'signed', web: web({ tls: { allowClientRenegotiation: true, maxVersion: 'TLSv1.2' } }), mail: GOOD_MAIL, expect: { 'web.tls.renegotiation': 'warning' } },
  // Certificates
  { name: 'cert-expired', about: 'the certificate expired yesterday', dnssec: 'signed', web: { ...GOOD_WEB, cert: { notBeforeDays: -30, notAfterDays: -1 } }, mail: GOOD_MAIL, expect: { 'web.cert.trust': 'fail', 'web.https.available': 'pass' } },
  { name: 'cert-self-signed', about: 'a self-signed certificate', dnssec: 'signed', web: { ...GOOD_WEB, cert: { selfSigned: true } }, mail: GOOD_MAIL, expect: { 'web.cert.trust': 'fail' } },
  { name: 'cert-wrong-name', about: 'the certificate is for another name', dnssec: 'signed', web: { ...GOOD_WEB, cert: { wrongName: true } }, mail: GOOD_MAIL, expect: { 'web.cert.name': 'fail', 'web.cert.trust': 'pass' } },
  { name: 'cert-rsa1024', about: 'a 1024-bit RSA key', dnssec: 'signed', web: { ...GOOD_WEB, cert: { keyType: 'rsa-1024' } }, mail: GOOD_MAIL, expect: { 'web.cert.key': 'fail' } },
  { name: 'cert-sha1', about: 'the certificate is signed with SHA-1', dnssec: 'signed', web: { ...GOOD_WEB, cert: { signatureHash: 'SHA-1' } }, mail: GOOD_MAIL, expect: { 'web.cert.signature': 'fail', 'web.cert.trust': 'fail', 'web.https.available': 'pass' } },
  // RPKI
  { name: 'rpki-invalid', about: "the web server's route is announced by an AS that no ROA authorises", dnssec: 'signed', web: { ...GOOD_WEB, route: 'invalid' }, mail: GOOD_MAIL, expect: { 'web.rpki': 'fail', 'mail.rpki': 'pass' }, reasons: { 'web.rpki': 'invalid' } },
  { name: 'rpki-not-found', about: "no ROA covers the web server's route", dnssec: 'signed', web: { ...GOOD_WEB, route: 'not-found' }, mail: GOOD_MAIL, expect: { 'web.rpki': 'fail' } },
  // Mail authentication
  { name: 'no-spf', about: 'no SPF record', dnssec: 'signed', web: GOOD_WEB, mail: GOOD_MAIL, spf: null, expect: { 'mail.spf': 'fail', 'mail.spf.policy': 'fail' }, sets: { 'forum-mail': 'fail' } },
  { name: 'spf-neutral', about: 'SPF ends in ?all (neutral)', dnssec: 'signed', web: GOOD_WEB, mail: GOOD_MAIL, spf: 'v=spf1 mx ?all', expect: { 'mail.spf': 'pass', 'mail.spf.policy': 'fail' } },
  { name: 'no-dmarc', about: 'no DMARC record', dnssec: 'signed', web: GOOD_WEB, mail: GOOD_MAIL, dmarc: null, expect: { 'mail.dmarc': 'fail', 'mail.dmarc.policy': 'fail' } },
  { name: 'dmarc-none', about: 'DMARC p=none (monitoring only)', dnssec: 'signed', web: GOOD_WEB, mail: GOOD_MAIL, dmarc: 'v=DMARC1; p=none', expect: { 'mail.dmarc': 'pass', 'mail.dmarc.policy': 'fail' } },
  { name: 'no-dkim', about: 'no DKIM keys (no _domainkey)', dnssec: 'signed', web: GOOD_WEB, mail: GOOD_MAIL, dkim: false, expect: { 'mail.dkim': 'fail' } },
  // Mail transport
  { name: 'no-starttls', about: 'the MX does not offer STARTTLS', dnssec: 'signed', web: GOOD_WEB, mail: mail({ starttls: false, dane: 'none' }), expect: { 'mail.starttls': 'fail' }, sets: { 'forum-mail': 'fail' } },
  { name: 'mail-tls10', about: 'the MX accepts TLS 1.0', dnssec: 'signed', web: GOOD_WEB, mail: mail({ tls: { minVersion: 'TLSv1' } }), expect: { 'mail.tls.version': 'fail', 'mail.starttls': 'pass' } },
  { name: 'mail-weak-cipher', about: 'the MX accepts a CBC suite with a SHA-1 MAC', dnssec: 'signed', web: GOOD_WEB, mail: mail({ tls: { ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-SHA' } }), expect: { 'mail.tls.ciphers': 'fail' } },
  { name: 'mail-weak-group', about: 'the MX prefers ECDHE over secp224r1 (phase out) in TLS 1.2', dnssec: 'signed', web: GOOD_WEB, mail: mail({ tls: { groups: 'P-224:X25519:P-256' } }), expect: { 'mail.tls.key-exchange': 'warning' } },
  { name: 'mail-rsa1024', about: "the MX's certificate has a 1024-bit RSA key", dnssec: 'signed', web: GOOD_WEB, mail: mail({ cert: { keyType: 'rsa-1024' } }), expect: { 'mail.cert.key': 'fail' } },
  { name: 'mail-sha1', about: "the MX's certificate is signed with SHA-1", dnssec: 'signed', web: GOOD_WEB, mail: mail({ cert: { signatureHash: 'SHA-1' } }), expect: { 'mail.cert.signature': 'fail' } },
  { name: 'dane-wrong', about: 'the TLSA record does not match the MX certificate', dnssec: 'signed', web: GOOD_WEB, mail: mail({ dane: 'wrong' }), expect: { 'mail.dane': 'fail', 'mail.starttls': 'pass' } },
  { name: 'dane-none', about: 'no TLSA record for the MX', dnssec: 'signed', web: GOOD_WEB, mail: mail({ dane: 'none' }), expect: { 'mail.dane': 'fail' } },
  { name: 'mail-rpki-invalid', about: "the MX's route is announced by an AS that no ROA authorises", dnssec: 'signed', web: GOOD_WEB, mail: mail({ route: 'invalid' }), expect: { 'mail.rpki': 'fail', 'web.rpki': 'pass' } },
  // No mail, hosted mail
  {
    name: 'null-mx', about: 'a domain that takes no mail: null MX, SPF -all, DMARC p=reject', dnssec: 'signed', web: GOOD_WEB, mail: 'null-mx', spf: 'v=spf1 -all', dkim: false,
    expect: { 'mail.starttls': 'not-applicable', 'mail.dane': 'not-applicable', 'mail.dkim': 'not-applicable', 'mail.ipv6.mx': 'not-applicable', 'mail.spf': 'pass', 'mail.dmarc.policy': 'pass', 'hosting.mail-provider': 'not-applicable' },
  },
  {
    name: 'hosted-mail', about: "mail runs on a large non-EU platform's MX (provider table), no DANE there", dnssec: 'signed', web: GOOD_WEB,
    mail: mail({ platformMx: 'gemeente-test.mail.protection.outlook.com', dane: 'none' }),
    expect: { 'hosting.mail-provider': 'pass', 'mail.dane': 'fail', 'mail.starttls': 'pass' }, reasons: { 'hosting.mail-provider': 'Microsoft' },
  },
  { name: 'no-web', about: 'a mail-only domain: no address for the name', dnssec: 'signed', mail: GOOD_MAIL, expect: { 'hosting.web-provider': 'not-applicable', 'web.https.available': 'error' } },
];

export function scenarioByName(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
