import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/domain/errors.js';
import type { Organisation } from '../../src/domain/organisation.js';
import { detectDelimiter } from '../../src/federation/csv-rows.js';
import { parseDomainsCsv } from '../../src/federation/domains-csv.js';
import { parseOrganisationsCsv } from '../../src/federation/organisations-csv.js';
import { withReferencedProvinces } from '../../src/federation/provinces.js';
import { failure } from '../support/input-error.js';

const DIR = 'test/fixtures/federation';

const text = (csv: string): Readable => Readable.from([Buffer.from(csv, 'utf8')]);


describe('parseOrganisationsCsv', () => {
  it('reads the organisations-nl.csv shape, ignoring unknown columns', async () => {
    const parsed = await parseOrganisationsCsv(createReadStream(`${DIR}/organisations.csv`));
    expect(parsed.records.map((r) => r.code)).toEqual(['gm0363', 'gm0344', 'gm0014', 'pv27', 'ws0155', 'mnre1034']);
    expect(parsed.records[0]).toEqual({
      code: 'gm0363',
      name: 'Gemeente Amsterdam',
      shortName: 'Amsterdam',
      layer: 'gemeente',
      oin: '00000001002564440000',
      provinceCode: 'pv27',
      parentCode: null,
      website: 'amsterdam.nl',
      validFrom: null,
      validTo: null,
      successorCode: null,
    });
    expect(parsed.records[4]).toMatchObject({ name: 'Waterschap Amstel, Gooi en Vecht', layer: 'waterschap', provinceCode: null });
    expect(parsed.records[5]?.layer).toBe('rijk');
    expect(parsed.provinces).toEqual(
      new Map([
        ['pv27', { name: 'Noord-Holland', location: 'line 2' }],
        ['pv26', { name: 'Utrecht', location: 'line 3' }],
        ['pv20', { name: 'Groningen', location: 'line 4' }],
      ]),
    );
    // No valid_from, successor_code or parent_code column: those keep their stored values.
    expect([...parsed.provides].sort()).toEqual(['layer', 'name', 'oin', 'provinceCode', 'shortName', 'validTo', 'website']);
  });

  it('reads a semicolon file with a byte order mark, CRLF, quoted semicolons, mergers and parents', async () => {
    const parsed = await parseOrganisationsCsv(createReadStream(`${DIR}/organisations-semicolon.csv`));
    expect(parsed.records.map((r) => r.code)).toEqual(['gm0363', 'gm0457', 'mnre1034', 'oorg10103']);
    expect(parsed.records[0]).toMatchObject({ website: 'www.amsterdam.nl', validFrom: '1811-01-01', shortName: 'Amsterdam' });
    expect(parsed.records[1]).toMatchObject({ validTo: '2022-03-24', successorCode: 'gm0363' });
    expect(parsed.records[3]).toMatchObject({ parentCode: 'mnre1034', layer: 'publieke-dienstverlener' });
    expect(parsed.provides).toContain('successorCode');
  });

  it('lists every invalid value of a damaged file with its line and column', async () => {
    const error = await failure(parseOrganisationsCsv(createReadStream(`${DIR}/organisations-damaged.csv`), 'damaged.csv'));
    expect(error.message).toBe('damaged.csv has 4 problems; nothing was imported.');
    expect(error.issues).toEqual([
      { location: 'line 3, column tooi_code', message: expect.stringMatching(/^"gm363" is not a TOOI code/) as unknown },
      { location: 'line 4, column name', message: 'the name is empty' },
      { location: 'line 5, column oin', message: '"123" is not an OIN (20 digits)' },
      { location: 'line 6, column valid_from', message: '"2022-02-30" is not a date (YYYY-MM-DD)' },
    ]);
  });

  it('refuses a file without the required columns, broken quoting and a wrong number of fields', async () => {
    const header = await failure(parseOrganisationsCsv(text('code,naam\ngm0363,Amsterdam\n')));
    expect(header.issues.map((i) => i.message)).toEqual(['the required column "tooi_code" is missing', 'the required column "name" is missing']);
    const quote = await failure(parseOrganisationsCsv(text('tooi_code,name\ngm0363,"Amsterdam\n'), 'q.csv'));
    expect(quote.message).toMatch(/^q\.csv is not a valid CSV file \(line 2\): Quote Not Closed/);
    const fields = await failure(parseOrganisationsCsv(text('tooi_code,name\ngm0363,Amsterdam\ngm0344,Utrecht,extra\n')));
    expect(fields.issues[0]?.location).toBe('line 3');
  });

  it('locates invalid UTF-8', async () => {
    const bytes = Readable.from([Buffer.from('tooi_code,name\ngm0363,Amster'), Buffer.from([0xff]), Buffer.from('dam\n')]);
    const error = await failure(parseOrganisationsCsv(bytes));
    expect(error.issues).toEqual([{ location: 'line 2, column 14', message: 'invalid UTF-8' }]);
  });

  it('locates invalid UTF-8 in the first chunk too (a Latin-1 file read in one piece)', async () => {
    const bytes = Readable.from([Buffer.from('tooi_code,name\ngm0363,Caf\xe9\n', 'latin1')]);
    const error = await failure(parseOrganisationsCsv(bytes));
    expect(error.issues).toEqual([{ location: 'line 2, column 11', message: 'invalid UTF-8' }]);
  });

  it('detects the delimiter from the header, ignoring quoted ones', () => {
    expect(detectDelimiter('a,b,c')).toBe(',');
    expect(detectDelimiter('a;b;c')).toBe(';');
    expect(detectDelimiter('"a;b;c",d')).toBe(',');
  });
});

describe('withReferencedProvinces', () => {
  const municipality = (code: string, provinceCode: string) => ({
    code,
    name: code,
    shortName: null,
    layer: 'gemeente' as const,
    oin: null,
    provinceCode,
    parentCode: null,
    website: null,
    validFrom: null,
    validTo: null,
    successorCode: null,
  });

  it('creates provinces that are not rows, keeps stored ones as they are, and lists nameless new ones', async () => {
    const parsed = await parseOrganisationsCsv(createReadStream(`${DIR}/organisations.csv`));
    const records = withReferencedProvinces(parsed.records, parsed.provinces, new Map());
    expect(records.slice(parsed.records.length)).toEqual([
      { ...municipality('pv26', ''), name: 'Provincie Utrecht', shortName: 'Utrecht', layer: 'provincie', provinceCode: null },
      { ...municipality('pv20', ''), name: 'Provincie Groningen', shortName: 'Groningen', layer: 'provincie', provinceCode: null },
    ]);

    const stored: Organisation = { ...municipality('pv26', ''), name: 'Provincie Utrecht', layer: 'provincie', provinceCode: null, website: 'provincie-utrecht.nl' };
    const kept = withReferencedProvinces(parsed.records, parsed.provinces, new Map([['pv26', stored]]));
    expect(kept.find((r) => r.code === 'pv26')).toEqual(stored);

    expect(() => withReferencedProvinces([municipality('gm0001', 'pv99')], new Map([['pv99', { name: null, location: 'line 2' }]]), new Map())).toThrow(
      InputError,
    );
  });
});

describe('parseDomainsCsv', () => {
  it('reads domains with their kind (default web) and source, counting duplicates once', async () => {
    const records = await parseDomainsCsv(createReadStream(`${DIR}/domains.csv`));
    expect(records.map((r) => [r.organisation, r.kind, r.domain, r.source])).toEqual([
      ['gm0363', 'web', 'amsterdam.nl', null],
      ['gm0363', 'mail', 'amsterdam.nl', null],
      ['gm0363', 'web', 'www.amsterdam.nl', null],
      ['pv27', 'web', 'noord-holland.nl', 'gemeentelijst 2026'],
    ]);
  });

  it('lists invalid codes, domains and kinds with their lines', async () => {
    const error = await failure(parseDomainsCsv(text('organisation,domain,kind\nxx1,amsterdam.nl,web\ngm0363,not a domain,web\ngm0363,a.nl,ftp\n')));
    expect(error.issues.map((i) => i.location)).toEqual(['line 2, column organisation', 'line 3, column domain', 'line 4, column kind']);
  });
});
