import { describe, expect, it } from 'vitest';
import { parseDmarc, selectDmarcRecords } from '../../src/checks/mail-auth/dmarc.js';

describe('selectDmarcRecords', () => {
  it.each([
    [['v=DMARC1; p=reject'], 1],
    [['v=DMARC1'], 1],
    [['v = DMARC1 ; p=none'], 1],
    [['v=dmarc1; p=none', 'p=reject; v=DMARC1', 'v=DMARC10; p=none'], 0],
    [['v=DMARC1; p=none', 'v=DMARC1; p=reject'], 2],
  ])('%j has %i DMARC records', (texts, count) => {
    expect(selectDmarcRecords(texts)).toHaveLength(count);
  });
});

describe('parseDmarc', () => {
  it.each([
    ['v=DMARC1; p=reject', { policy: 'reject', pct: 100, adkim: 'r', aspf: 'r', errors: [] }],
    ['v=DMARC1;p=quarantine;pct=100;', { policy: 'quarantine', pct: 100, errors: [] }],
    ['v=DMARC1; p=none; rua=mailto:dmarc@example.nl,mailto:x@example.org!10m', { policy: 'none', rua: ['mailto:dmarc@example.nl', 'mailto:x@example.org!10m'], errors: [] }],
    ['v=DMARC1; p=Reject; sp=none; adkim=s; aspf=s; ruf=mailto:f@example.nl; fo=1', { policy: 'reject', subdomainPolicy: 'none', adkim: 's', aspf: 's', ruf: ['mailto:f@example.nl'], errors: [] }],
    ['v=DMARC1; p=quarantine; pct=50', { policy: 'quarantine', pct: 50, errors: [] }],
    ['v=DMARC1; p=reject; future=tag', { policy: 'reject', tags: { future: 'tag' }, errors: [] }],
    ['v=DMARC1; p=block', { errors: ['p=block is not none, quarantine or reject'] }],
    ['v=DMARC1; rua=mailto:d@example.nl', { errors: ['the required p= tag is missing'] }],
    ['v=DMARC1; p=reject; pct=150', { errors: ['pct=150 is not a whole number from 0 to 100'] }],
    ['v=DMARC1; p=reject; adkim=x', { errors: ['adkim=x is not r or s'] }],
    ['v=DMARC1; p=reject; p=none', { policy: 'reject', errors: ['p= appears more than once'] }],
    ['v=DMARC1; p=reject; rua=dmarc@example.nl', { errors: ['rua= holds an invalid URI "dmarc@example.nl"'] }],
    ['v=DMARC1; p=reject; garbage', { errors: ['"garbage" is not a tag=value pair'] }],
    ['p=reject', { errors: ['the record does not start with v=DMARC1'] }],
  ])('%s', (record, expected) => {
    expect(parseDmarc(record)).toMatchObject(expected);
  });
});
