import { describe, expect, it } from 'vitest';
import type { CheckStatus } from '../../src/domain/check.js';
import { evaluateDnsProvider, evaluateMailProvider, evaluateWebProvider, type HostingAnswer } from '../../src/checks/hosting/evaluate.js';
import { matchesName, providerFor, type MatchKind } from '../../src/checks/hosting/match.js';
import { PROVIDERS } from '../../src/checks/hosting/providers.js';

const D = 'example.nl';
const ok: HostingAnswer = { name: D, outcome: 'records', detail: 'NOERROR' };
const timeout: HostingAnswer = { name: D, outcome: 'error', detail: 'no answer within 2000 ms' };

describe('providerFor', () => {
  const cases: [MatchKind, string, string | undefined][] = [
    ['mx', 'example-nl.mail.protection.outlook.com', 'microsoft-365'],
    ['mx', 'ASPMX.L.GOOGLE.COM.', 'google-workspace'],
    ['mx', 'alt1.aspmx.l.google.com', 'google-workspace'],
    ['mx', 'mx0a-001.pphosted.com', 'proofpoint'],
    ['mx', 'inbound-smtp.eu-west-1.amazonaws.com', 'amazon-web-services'],
    ['mx', 'mail.example.nl', undefined],
    ['mx', 'notoutlook.com', undefined],
    ['ns', 'ns1-01.azure-dns.com', 'microsoft-azure'],
    ['ns', 'ns-1234.awsdns-56.co.uk', 'amazon-web-services'],
    ['ns', 'awsdns-56.org.example.nl', undefined],
    ['ns', 'anna.ns.cloudflare.com', 'cloudflare'],
    ['ns', 'ns-cloud-a1.googledomains.com', 'google-cloud'],
    ['ns', 'ns0.transip.net', 'transip'],
    ['ns', 'hydrogen.ns.hetzner.com', 'hetzner'],
    ['cname', 'd111111abcdef8.cloudfront.net', 'amazon-web-services'],
    ['cname', 'myapp.azurewebsites.net', 'microsoft-azure'],
    ['cname', 'org.github.io', 'github-pages'],
    ['cname', 'cname.vercel-dns.com', 'vercel'],
    ['cname', 'site.netlify.app', 'netlify'],
    ['cname', 'x.herokuapp.com', 'heroku'],
    ['cname', 'www.example.nl.edgekey.net', 'akamai'],
    ['cname', 'github.io.example.nl', undefined],
  ];
  it.each(cases)('%s %s → %s', (kind, name, id) => {
    expect(providerFor(kind, name)?.id).toBe(id);
  });

  it('the table is well-formed: unique ids, every matcher valid, every provider matchable', () => {
    expect(new Set(PROVIDERS.map((provider) => provider.id)).size).toBe(PROVIDERS.length);
    for (const provider of PROVIDERS) {
      const matchers = [...(provider.mx ?? []), ...(provider.ns ?? []), ...(provider.cname ?? [])];
      expect(matchers.length).toBeGreaterThan(0);
      for (const matcher of matchers) expect(() => matchesName(matcher, 'example.nl')).not.toThrow();
    }
  });
});

describe('evaluateMailProvider', () => {
  const cases: [string, Parameters<typeof evaluateMailProvider>[0], CheckStatus, RegExp, string | null][] = [
    ['Microsoft 365', { ...ok, hosts: ['example-nl.mail.protection.outlook.com'], nullMx: false }, 'pass', /Microsoft 365 \(US, non-EU\)/, 'non-EU'],
    ['two providers', { ...ok, hosts: ['eu1.mimecast.com', 'aspmx.l.google.com'], nullMx: false }, 'pass', /Mimecast .* and Google Workspace/, 'non-EU'],
    ['partly unknown', { ...ok, hosts: ['aspmx.l.google.com', 'backup.example.nl'], nullMx: false }, 'pass', /unknown provider for backup.example.nl/, 'non-EU'],
    ['EU host', { ...ok, hosts: ['mx1.your-server.de'], nullMx: false }, 'pass', /Hetzner \(DE, EU\)/, 'EU'],
    ['unknown', { ...ok, hosts: ['mail.example.nl'], nullMx: false }, 'pass', /^unknown provider/, null],
    ['no MX', { ...ok, outcome: 'nodata', hosts: [], nullMx: false }, 'not-applicable', /no MX/, null],
    ['null MX', { ...ok, hosts: [], nullMx: true }, 'not-applicable', /null MX/, null],
    ['timeout', { ...timeout, hosts: [], nullMx: false }, 'error', /could not read the MX records/, null],
  ];
  it.each(cases)('%s → %s', (_name, facts, status, reason, jurisdiction) => {
    const verdict = evaluateMailProvider(facts);
    expect(verdict.status).toBe(status);
    expect(verdict.reason).toMatch(reason);
    if (status === 'pass') expect(verdict.facts.jurisdiction).toBe(jurisdiction);
  });
});

describe('evaluateDnsProvider', () => {
  const cases: [string, Parameters<typeof evaluateDnsProvider>[0], CheckStatus, RegExp, string | null][] = [
    ['AWS', { ...ok, hosts: ['ns-1.awsdns-01.com', 'ns-2.awsdns-02.net'] }, 'pass', /Amazon Web Services/, 'Amazon Web Services'],
    ['TransIP', { ...ok, hosts: ['ns0.transip.net', 'ns1.transip.nl'] }, 'pass', /TransIP \(NL, EU\)/, 'TransIP'],
    ['own name servers', { ...ok, hosts: ['ns1.example.nl', 'ns2.example.nl'] }, 'pass', /^unknown provider/, null],
    ['no NS', { ...ok, outcome: 'nxdomain', detail: 'NXDOMAIN', hosts: [] }, 'error', /no NS records \(NXDOMAIN\)/, null],
    ['SERVFAIL', { ...ok, outcome: 'failure', detail: 'SERVFAIL', hosts: [] }, 'error', /SERVFAIL/, null],
  ];
  it.each(cases)('%s → %s', (_name, facts, status, reason, provider) => {
    const verdict = evaluateDnsProvider(facts);
    expect(verdict.status).toBe(status);
    expect(verdict.reason).toMatch(reason);
    if (status === 'pass') expect(verdict.facts.provider).toBe(provider);
  });
});

describe('evaluateWebProvider', () => {
  const cases: [string, Parameters<typeof evaluateWebProvider>[0], CheckStatus, RegExp, string | null][] = [
    ['CloudFront', { ...ok, cnames: ['d1.cloudfront.net'], addresses: ['192.0.2.1'] }, 'pass', /Amazon Web Services/, 'Amazon Web Services'],
    ['chain via Azure to Akamai', { ...ok, cnames: ['x.azureedge.net', 'x.edgekey.net'], addresses: ['192.0.2.1'] }, 'pass', /Microsoft Azure .* and Akamai/, 'Microsoft Azure'],
    ['no CNAME', { ...ok, cnames: [], addresses: ['192.0.2.1'] }, 'pass', /unknown provider: .*IP-to-ASN/, null],
    ['unknown CNAME', { ...ok, cnames: ['web.hoster.example'], addresses: ['192.0.2.1'] }, 'pass', /^unknown provider/, null],
    ['no website', { ...ok, outcome: 'nodata', cnames: [], addresses: [] }, 'not-applicable', /no web address/, null],
    ['timeout', { ...timeout, cnames: [], addresses: [] }, 'error', /could not read the address records/, null],
  ];
  it.each(cases)('%s → %s', (_name, facts, status, reason, provider) => {
    const verdict = evaluateWebProvider(facts);
    expect(verdict.status).toBe(status);
    expect(verdict.reason).toMatch(reason);
    if (status === 'pass') expect(verdict.facts.provider).toBe(provider);
  });
});
