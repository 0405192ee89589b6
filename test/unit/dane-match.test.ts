import { createHash, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { evaluateDane } from '../../src/checks/dane/evaluate.js';
import type { DaneFacts } from '../../src/checks/dane/gather.js';
import { matchTlsa, tlsaData } from '../../src/checks/dane/match.js';
import type { TlsaRecord } from '../../src/checks/dns/lookup.js';
import { createTestCa } from '../../src/testnet/ca.js';

/** TLSA matching against chains from the test CA, and the table of `mail.dane` verdicts. */
const ca = await createTestCa();
const other = await createTestCa('Other Test CA');
const issued = await ca.issue({ names: ['mx.dane.test'] });
const stranger = await other.issue({ names: ['mx.dane.test'] });
const der = (pem: string): Buffer => new X509Certificate(pem).raw;
const leaf = der(issued.certPem);
const caDer = der(ca.caPem);
const chain = [leaf, caDer];
const spki = (d: Buffer): Buffer => new X509Certificate(d).publicKey.export({ type: 'spki', format: 'der' });
const sha = (alg: string, data: Buffer): string => createHash(alg).update(data).digest('hex');
const rec = (usage: number, selector: number, matchingType: number, data: string): TlsaRecord => ({ usage, selector, matchingType, data });

const r311 = rec(3, 1, 1, sha('sha256', spki(leaf)));
const r301 = rec(3, 0, 1, sha('sha256', leaf));
const r211 = rec(2, 1, 1, sha('sha256', spki(caDer)));
const r312 = rec(3, 1, 2, sha('sha512', spki(leaf)));

describe('matchTlsa', () => {
  it('computes association data the way RFC 6698 defines it', () => {
    expect(tlsaData(leaf, 1, 1)).toBe(r311.data);
    expect(tlsaData(leaf, 0, 0)).toBe(leaf.toString('hex'));
    expect(tlsaData(leaf, 2, 1)).toBeUndefined();
    expect(tlsaData(leaf, 1, 3)).toBeUndefined();
  });

  it.each([
    ['3 1 1 (DANE-EE, SPKI, SHA-256)', r311, 0],
    ['3 0 1 (DANE-EE, full cert, SHA-256)', r301, 0],
    ['3 1 2 (DANE-EE, SPKI, SHA-512)', r312, 0],
    ['2 1 1 (DANE-TA, SPKI of the CA)', r211, 1],
    ['3 0 0 (exact certificate)', rec(3, 0, 0, leaf.toString('hex')), 0],
    ['upper-case hex', { ...r311, data: r311.data.toUpperCase() }, 0],
  ])('%s matches', (_label, record, index) => {
    expect(matchTlsa([record], chain)).toEqual([{ record, usable: true, matchedIndex: index }]);
  });

  it.each([
    ['3 1 1 of another certificate', rec(3, 1, 1, sha('sha256', spki(der(stranger.certPem))))],
    ['3 1 1 of the CA key (DANE-EE only matches the leaf)', rec(3, 1, 1, sha('sha256', spki(caDer)))],
    ['2 1 1 of a CA that did not sign the chain', rec(2, 1, 1, sha('sha256', spki(der(other.caPem))))],
    ['3 1 1 with a truncated digest', { ...r311, data: r311.data.slice(0, 40) }],
  ])('%s does not match', (_label, record) => {
    const [result] = matchTlsa([record], chain);
    expect(result?.usable).toBe(true);
    expect(result?.matchedIndex).toBeUndefined();
  });

  it('a DANE-TA record does not match a CA the presented chain is not signed by', () => {
    const forged = [der(stranger.certPem), caDer];
    expect(matchTlsa([r211], forged)[0]?.matchedIndex).toBeUndefined();
  });

  it.each([0, 1])('usage %i (PKIX) is recorded but not usable for SMTP, even when the data matches', (usage) => {
    const [result] = matchTlsa([rec(usage, 1, 1, r311.data)], chain);
    expect(result).toMatchObject({ usable: false, note: expect.stringContaining('not usable for SMTP') as unknown });
    expect(result?.matchedIndex).toBeUndefined();
  });

  it('unknown usage, selector and matching type are not usable', () => {
    expect(matchTlsa([rec(4, 1, 1, r311.data), rec(3, 2, 1, r311.data), rec(3, 1, 3, r311.data)], chain).map((m) => m.usable)).toEqual([false, false, false]);
  });
});

const b64 = chain.map((d) => d.toString('base64'));
const mxFacts = { outcome: 'records', rcode: 'NOERROR', nullMx: false, hosts: ['mx.dane.test'] };
const facts = (tlsa: Partial<DaneFacts['hosts'][number]['tlsa']>, chains: DaneFacts['hosts'][number]['chains'] = [{ address: '127.0.0.25', der: b64 }]): DaneFacts => ({
  domain: 'dane.test',
  mx: mxFacts,
  hosts: [{ exchange: 'mx.dane.test', tlsa: { name: '_25._tcp.mx.dane.test', outcome: 'records', rcode: 'NOERROR', ad: true, records: [r311], ...tlsa }, chains }],
});

describe('evaluateDane', () => {
  it.each([
    ['authenticated 3 1 1 that matches', facts({}), 'pass', 'match on every MX'],
    ['authenticated 2 1 1 that matches', facts({ records: [r211] }), 'pass', '2 1 1'],
    ['records without AD', facts({ ad: false }), 'fail', 'not DNSSEC-authenticated'],
    ['no TLSA', facts({ outcome: 'nxdomain', records: [] }), 'fail', 'no TLSA records at _25._tcp.mx.dane.test'],
    ['TLSA that does not match', facts({ records: [rec(3, 1, 1, '00'.repeat(32))] }), 'fail', 'no TLSA record matches'],
    ['only PKIX usages', facts({ records: [rec(1, 1, 1, r311.data)] }), 'fail', 'no usable TLSA record'],
    ['SERVFAIL on TLSA', facts({ outcome: 'failure', rcode: 'SERVFAIL', records: [] }), 'error', 'could not read TLSA'],
    ['no chain after STARTTLS', facts({}, [{ address: '127.0.0.25', error: 'STARTTLS failed' }]), 'error', 'could not read the certificate'],
  ])('%s', (_label, input, status, reason) => {
    const verdict = evaluateDane(input);
    expect(verdict.status).toBe(status);
    expect(verdict.reason).toContain(reason);
  });

  it.each([
    ['no MX', { ...mxFacts, outcome: 'nodata', hosts: [] }, 'not-applicable'],
    ['null MX', { ...mxFacts, nullMx: true, hosts: [''] }, 'not-applicable'],
    ['MX lookup failed', { ...mxFacts, outcome: 'error', hosts: [], detail: 'timeout' }, 'error'],
  ])('%s', (_label, mx, status) => {
    expect(evaluateDane({ domain: 'dane.test', mx, hosts: [] }).status).toBe(status);
  });
});
