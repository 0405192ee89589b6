import { describe, expect, it } from 'vitest';
import type { CheckStatus } from '../../src/domain/check.js';
import { isNoMailDomain } from '../../src/checks/mail-auth/dkim.js';
import { evaluateDkim, evaluateDmarc, evaluateDmarcPolicy, evaluateSpf, evaluateSpfPolicy } from '../../src/checks/mail-auth/evaluate.js';
import type { MailAuthFacts, QueryOutcome, SpfLookupFacts, TxtAnswer } from '../../src/checks/mail-auth/facts.js';
import { selectDmarcRecords } from '../../src/checks/mail-auth/dmarc.js';
import { selectSpfRecords } from '../../src/checks/mail-auth/spf.js';

const D = 'example.nl';

const answer = (name: string, texts: string[], outcome: QueryOutcome = texts.length > 0 ? 'records' : 'nodata'): TxtAnswer => ({
  name,
  outcome,
  detail: outcome === 'error' ? 'no answer from 127.0.0.1 port 53 within 1000 ms' : outcome === 'failure' ? 'SERVFAIL' : outcome === 'nxdomain' ? 'NXDOMAIN' : 'NOERROR',
  texts,
});

interface Scenario {
  spf?: string[];
  spfOutcome?: QueryOutcome;
  walk?: Partial<SpfLookupFacts>;
  dmarc?: string[];
  dmarcOutcome?: QueryOutcome;
  domainkey?: QueryOutcome;
  nullMx?: boolean;
  mxOutcome?: QueryOutcome;
}

/** Facts for a domain; by default a good one: strict SPF, strict DMARC, a `_domainkey` node, ordinary MX. */
function facts(s: Scenario = {}): MailAuthFacts {
  const spf = answer(D, s.spf ?? ['v=spf1 include:_spf.example.nl -all', 'some-verification=1'], s.spfOutcome);
  const dmarc = answer(`_dmarc.${D}`, s.dmarc ?? ['v=DMARC1; p=reject; rua=mailto:d@example.nl'], s.dmarcOutcome);
  const domainkey = answer(`_domainkey.${D}`, [], s.domainkey ?? 'nodata');
  const mxOutcome = s.mxOutcome ?? 'records';
  return {
    domain: D,
    spf,
    spfRecords: selectSpfRecords(spf.texts),
    spfLookups: { count: 1, exceeded: false, loops: [], macros: [], unresolved: [], redirects: [], ...s.walk },
    dmarc,
    dmarcRecords: selectDmarcRecords(dmarc.texts),
    domainkey,
    mx: { name: D, outcome: mxOutcome, detail: mxOutcome === 'error' ? 'timeout' : 'NOERROR', hosts: s.nullMx === true ? [''] : ['mx.example.nl'], nullMx: s.nullMx === true },
    errors: [],
  };
}

const NO_MAIL: Scenario = { spf: ['v=spf1 -all'], dmarc: ['v=DMARC1; p=reject;'], domainkey: 'nxdomain', walk: { count: 0 } };

type Row = [string, (f: MailAuthFacts) => { status: CheckStatus; reason: string }, Scenario, CheckStatus, string];

const rows: Row[] = [
  ['good SPF', evaluateSpf, {}, 'pass', 'SPF record "v=spf1 include:_spf.example.nl -all" is valid (1 of 10 DNS lookups)'],
  ['no SPF', evaluateSpf, { spf: ['other'] }, 'fail', 'example.nl publishes no SPF record (v=spf1)'],
  ['two SPF records', evaluateSpf, { spf: ['v=spf1 -all', 'v=spf1 ~all'] }, 'fail', 'example.nl publishes 2 SPF records; exactly one is allowed (RFC 7208 permerror)'],
  ['SPF syntax error', evaluateSpf, { spf: ['v=spf1 ip4:300.1.1.1 -all'] }, 'fail', 'the SPF record "v=spf1 ip4:300.1.1.1 -all" is invalid: "ip4:300.1.1.1": invalid IPv4 address'],
  ['SPF over the lookup limit', evaluateSpf, { walk: { count: 11, exceeded: true } }, 'fail', 'SPF needs more than 10 DNS lookups (11 counted before stopping); at most 10 are allowed (RFC 7208 section 4.6.4)'],
  ['SPF include loop', evaluateSpf, { walk: { loops: ['_spf.example.nl'] } }, 'fail', 'the SPF record includes itself: _spf.example.nl appears again in its own include/redirect chain (permerror)'],
  ['SPF include without record', evaluateSpf, { walk: { unresolved: [{ name: '_spf.example.nl', via: 'include', outcome: 'nxdomain', detail: 'NXDOMAIN', records: 0 }] } }, 'fail', 'include target _spf.example.nl has no SPF record (permerror)'],
  ['SPF include times out', evaluateSpf, { walk: { unresolved: [{ name: '_spf.example.nl', via: 'include', outcome: 'error', detail: 'timeout', records: 0 }] } }, 'error', 'could not read the SPF record of include target _spf.example.nl (timeout)'],
  ['SPF DNS timeout', evaluateSpf, { spfOutcome: 'error', spf: [] }, 'error', 'could not read the TXT records at example.nl (no answer from 127.0.0.1 port 53 within 1000 ms)'],
  ['SPF SERVFAIL', evaluateSpfPolicy, { spfOutcome: 'failure', spf: [] }, 'error', 'could not read the TXT records at example.nl (SERVFAIL)'],
  ['-all', evaluateSpfPolicy, {}, 'pass', 'SPF ends in -all (fail)'],
  ['~all', evaluateSpfPolicy, { spf: ['v=spf1 mx ~all'] }, 'pass', 'SPF ends in ~all (softfail)'],
  ['?all', evaluateSpfPolicy, { spf: ['v=spf1 mx ?all'] }, 'fail', 'SPF ends in ?all (neutral); -all or ~all is required'],
  ['+all', evaluateSpfPolicy, { spf: ['v=spf1 +all'] }, 'fail', 'SPF ends in +all (pass); -all or ~all is required'],
  ['no all', evaluateSpfPolicy, { spf: ['v=spf1 mx'] }, 'fail', 'SPF has no all mechanism, so it ends in ?all (neutral); -all or ~all is required'],
  ['all via redirect', evaluateSpfPolicy, { spf: ['v=spf1 redirect=_spf.example.nl'], walk: { redirects: [{ name: '_spf.example.nl', record: 'v=spf1 ~all' }] } }, 'pass', 'SPF ends in ~all (softfail) (via redirect to _spf.example.nl)'],
  ['redirect with a macro', evaluateSpfPolicy, { spf: ['v=spf1 redirect=%{d}._spf.example.nl'], walk: { macros: ['%{d}._spf.example.nl'] } }, 'error', 'the SPF policy ends in redirect=%{d}._spf.example.nl, whose macros cannot be expanded without a message'],
  ['policy without SPF', evaluateSpfPolicy, { spf: [] }, 'fail', 'no valid SPF record, so no SPF policy: example.nl publishes no SPF record (v=spf1)'],
  ['good DMARC', evaluateDmarc, {}, 'pass', 'DMARC record "v=DMARC1; p=reject; rua=mailto:d@example.nl" is valid (p=reject)'],
  ['no DMARC', evaluateDmarc, { dmarc: [], dmarcOutcome: 'nxdomain' }, 'fail', '_dmarc.example.nl holds no DMARC record (v=DMARC1)'],
  ['two DMARC records', evaluateDmarc, { dmarc: ['v=DMARC1; p=reject', 'v=DMARC1; p=none'] }, 'fail', '_dmarc.example.nl holds 2 DMARC records; exactly one is allowed (RFC 7489 section 6.6.3)'],
  ['invalid p', evaluateDmarc, { dmarc: ['v=DMARC1; p=block'] }, 'fail', 'the DMARC record "v=DMARC1; p=block" is invalid: p=block is not none, quarantine or reject'],
  ['DMARC timeout', evaluateDmarcPolicy, { dmarcOutcome: 'error', dmarc: [] }, 'error', 'could not read the DMARC record at _dmarc.example.nl (no answer from 127.0.0.1 port 53 within 1000 ms)'],
  ['p=reject', evaluateDmarcPolicy, {}, 'pass', 'DMARC policy is p=reject'],
  ['p=quarantine', evaluateDmarcPolicy, { dmarc: ['v=DMARC1; p=quarantine; sp=reject'] }, 'pass', 'DMARC policy is p=quarantine, sp=reject'],
  ['p=none', evaluateDmarcPolicy, { dmarc: ['v=DMARC1; p=none'] }, 'fail', 'DMARC policy is p=none (monitoring only); p=quarantine or p=reject is required'],
  ['sp=none', evaluateDmarcPolicy, { dmarc: ['v=DMARC1; p=reject; sp=none'] }, 'fail', 'DMARC subdomain policy is sp=none; sp=quarantine or sp=reject (or no sp) is required'],
  ['pct=50', evaluateDmarcPolicy, { dmarc: ['v=DMARC1; p=quarantine; pct=50'] }, 'fail', 'DMARC p=quarantine applies to only pct=50 of mail; pct=100 (or no pct) is required'],
  ['DKIM node exists', evaluateDkim, {}, 'pass', '_domainkey.example.nl exists (NOERROR), so the domain publishes DKIM keys under its selectors'],
  ['no DKIM node', evaluateDkim, { domainkey: 'nxdomain' }, 'fail', '_domainkey.example.nl does not exist (NXDOMAIN): the domain publishes no DKIM keys'],
  ['DKIM SERVFAIL', evaluateDkim, { domainkey: 'failure' }, 'error', 'could not read the DKIM node at _domainkey.example.nl (SERVFAIL)'],
  ['DKIM absent, MX unreadable', evaluateDkim, { domainkey: 'nxdomain', mxOutcome: 'error' }, 'error', '_domainkey.example.nl does not exist, and the MX of example.nl could not be read to tell whether it takes mail (timeout)'],
  ['no-mail domain: DKIM', evaluateDkim, NO_MAIL, 'not-applicable', 'DKIM does not apply: SPF is "v=spf1 -all" and DMARC is p=reject: the domain sends no mail'],
  ['null MX: DKIM', evaluateDkim, { domainkey: 'nxdomain', nullMx: true }, 'not-applicable', 'DKIM does not apply: example.nl has a null MX (RFC 7505): it accepts no mail'],
  ['no-mail domain: SPF still required', evaluateSpfPolicy, NO_MAIL, 'pass', 'SPF ends in -all (fail)'],
  ['no-mail domain: DMARC still required', evaluateDmarcPolicy, NO_MAIL, 'pass', 'DMARC policy is p=reject'],
  ['-all with p=none is not no-mail', evaluateDkim, { ...NO_MAIL, dmarc: ['v=DMARC1; p=none'] }, 'fail', '_domainkey.example.nl does not exist (NXDOMAIN): the domain publishes no DKIM keys'],
];

describe('mail-auth evaluation', () => {
  it.each(rows)('%s', (_name, evaluate, scenario, status, reason) => {
    expect(evaluate(facts(scenario))).toMatchObject({ status, reason });
  });
});

describe('isNoMailDomain', () => {
  it.each([
    [NO_MAIL, true],
    [{ nullMx: true }, true],
    [{ spf: ['v=spf1  -all'], dmarc: ['v=DMARC1; p=reject'] }, true],
    [{ spf: ['v=spf1 -all'], dmarc: ['v=DMARC1; p=quarantine'] }, false],
    [{ spf: ['v=spf1 mx -all'], dmarc: ['v=DMARC1; p=reject'] }, false],
    [{ spf: ['v=spf1 -all', 'v=spf1 -all'], dmarc: ['v=DMARC1; p=reject'] }, false],
    [{}, false],
  ] as [Scenario, boolean][])('%j → %s', (scenario, noMail) => {
    expect(isNoMailDomain(facts(scenario)).noMail).toBe(noMail);
  });
});
