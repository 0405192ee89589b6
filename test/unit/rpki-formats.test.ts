import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRpkiData } from '../../src/checks/rpki/data.js';
import { RpkiDataError } from '../../src/checks/rpki/errors.js';
import { parseOrigins } from '../../src/checks/rpki/origins.js';
import { parsePrefix } from '../../src/checks/rpki/prefix.js';
import { parseRoas } from '../../src/checks/rpki/roas.js';

const fixture = (name: string) => join(import.meta.dirname, '../fixtures/rpki', name);
const text = (name: string) => readFile(fixture(name), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'thorbecke-rpki-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('parsePrefix', () => {
  it.each([
    { text: '192.0.2.0/24', out: '192.0.2.0/24' },
    { text: '2001:DB8:0::/32', out: '2001:db8::/32' },
    { text: '0.0.0.0/0', out: '0.0.0.0/0' },
  ])('$text → $out', ({ text: input, out }) => {
    expect(parsePrefix(input).text).toBe(out);
  });
  it.each([
    { text: '192.0.2.1/24', error: /host bits set \(the prefix would be 192\.0\.2\.0\/24\)/ },
    { text: '192.0.2.0/33', error: /at most 32/ },
    { text: '2001:db8::/129', error: /at most 128/ },
    { text: '192.0.2.0', error: /not an IP prefix/ },
    { text: '0xc0.0.2.0/24', error: /not an IP address/ },
    { text: 'example/24', error: /not an IP address/ },
  ])('$text is refused', ({ text: input, error }) => {
    expect(() => parsePrefix(input)).toThrow(error);
  });
});

describe('parseRoas', () => {
  it('reads rpki-client JSON: numeric asn, ta, expires; metadata ignored', async () => {
    const roas = parseRoas(await text('rpki-client.json'), 'vrps.json');
    expect(roas).toHaveLength(6);
    expect(roas[0]).toMatchObject({ asn: 64500, prefix: { text: '192.0.2.0/24', family: 'ipv4', length: 24 }, maxLength: 24, ta: 'ripe', expires: 1790000000 });
    expect(roas[3]).toMatchObject({ asn: 0, maxLength: 32 });
    expect(roas[4]?.prefix).toMatchObject({ family: 'ipv6', text: '2001:db8::/32', length: 32 });
  });

  it('reads Routinator json/jsonext: asn as "AS64500", extra fields ignored', async () => {
    const roas = parseRoas(await text('routinator.json'), 'routinator.json');
    expect(roas.map((roa) => [roa.asn, roa.prefix.text, roa.maxLength, roa.ta])).toEqual([
      [64500, '192.0.2.0/24', 24, 'ripe'],
      [64501, '2001:db8:100::/40', 40, 'apnic'],
    ]);
  });

  it('takes a missing maxLength as the prefix length', () => {
    expect(parseRoas('{"roas":[{"asn":"as64500","prefix":"192.0.2.0/24"}]}', 'x')[0]?.maxLength).toBe(24);
  });

  it('names every bad entry and what is wrong', async () => {
    let error: unknown;
    try {
      parseRoas(await text('bad-roas.json'), 'bad-roas.json');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RpkiDataError);
    const message = (error as Error).message;
    expect(message).toMatch(/^bad-roas\.json: /);
    expect(message).not.toMatch(/roas\[0\]/);
    expect(message).toMatch(/roas\[1\] .*"ASX".*: asn: expected an AS number/);
    expect(message).toMatch(/roas\[2\] .*: prefix: "192\.0\.2\.1\/24" has host bits set/);
    expect(message).toMatch(/roas\[3\] .*: maxLength: 20 must be between the prefix length 24 and 32/);
    expect(message).toMatch(/roas\[4\] .*: prefix: expected a prefix string/);
  });

  it.each([
    { input: 'not json', error: /^f: not JSON/ },
    { input: '[]', error: /^f: expected an object with a "roas" array/ },
    { input: '{"roas":{}}', error: /^f: expected an object with a "roas" array/ },
    { input: '{"roas":[{"asn":4294967296,"prefix":"192.0.2.0/24"}]}', error: /roas\[0\].*asn: expected an AS number/ },
    { input: '{"roas":[{"asn":"AS99999999999","prefix":"192.0.2.0/24"}]}', error: /roas\[0\].*asn/ },
    { input: '{"roas":[{"asn":1,"prefix":"192.0.2.0/24","maxLength":24.5}]}', error: /roas\[0\].*maxLength: expected a whole number/ },
    { input: '{"roas":[{"asn":1,"prefix":"2001:db8::/32","maxLength":129}]}', error: /maxLength: 129 must be between the prefix length 32 and 128/ },
    { input: '{"roas":[7]}', error: /roas\[0\] 7: entry: / },
  ])('$input → $error', ({ input, error }) => {
    expect(() => parseRoas(input, 'f')).toThrow(error);
  });

  it('lists at most five problems and counts the rest', () => {
    const roas = Array.from({ length: 8 }, () => ({ asn: 'x', prefix: '192.0.2.0/24' }));
    expect(() => parseRoas(JSON.stringify({ roas }), 'f')).toThrow(/roas\[4\].*; and 3 more$/);
  });
});

describe('parseOrigins (pfx2as)', () => {
  it('reads tab- or space-separated lines, skips comments and blanks, multi-origin and AS sets', async () => {
    const routes = parseOrigins(await text('pfx2as.txt'), 'pfx2as.txt');
    expect(routes).toHaveLength(10);
    const byPrefix = new Map(routes.map((route) => [route.prefix.text, route.origins]));
    expect(byPrefix.get('192.0.2.0/24')).toEqual([{ asn: 64500 }]);
    expect(byPrefix.get('198.51.100.128/25')).toEqual([{ asn: 64501 }, { asn: 64509 }]);
    expect(byPrefix.get('2001:db8:ffff::/48')).toEqual([{ asSet: [64500, 64503] }]);
    expect(byPrefix.get('2001:db8:100::/40')).toEqual([{ asn: 64501 }]);
  });

  it('combines multi-origin and AS sets', () => {
    expect(parseOrigins('192.0.2.0 24 64500_64501,64502\r\n', 'f')[0]?.origins).toEqual([{ asn: 64500 }, { asSet: [64501, 64502] }]);
  });

  it('names every bad line by number', async () => {
    await expect(text('bad-pfx2as.txt').then((body) => parseOrigins(body, 'bad-pfx2as.txt'))).rejects.toThrow(
      /^bad-pfx2as\.txt: line 3 "192\.0\.2\.0 24": expected PREFIX LENGTH ASN, found 2 fields; line 4 .*at most 32 for IPv4; line 5 .*"AS-X" is not an AS number$/,
    );
  });

  it.each([
    { line: '192.0.2.1 24 64500', error: /line 1 .*host bits set/ },
    { line: '192.0.2.0 24 64500 extra', error: /found 4 fields/ },
    { line: '192.0.2.0 x 64500', error: /not an IP prefix/ },
    { line: '192.0.2.0 24 4294967296', error: /"4294967296" is not an AS number/ },
    { line: '192.0.2.0 24 64500,', error: /"" is not an AS number/ },
  ])('$line → $error', ({ line, error }) => {
    expect(() => parseOrigins(line, 'f')).toThrow(error);
  });
});

describe('loadRpkiData', () => {
  it('loads and indexes both files', () => {
    const data = loadRpkiData(fixture('rpki-client.json'), fixture('pfx2as.txt'));
    expect(data.roaCount).toBe(6);
    expect(data.routeCount).toBe(10);
  });

  it('a missing file is named', () => {
    expect(() => loadRpkiData(join(dir, 'nope.json'), fixture('pfx2as.txt'))).toThrow(/cannot read the ROA file .*nope\.json: ENOENT/);
    expect(() => loadRpkiData(fixture('rpki-client.json'), join(dir, 'nope.txt'))).toThrow(/cannot read the origin table .*nope\.txt/);
  });

  it('empty data is refused, not taken as "nothing is covered"', () => {
    writeFileSync(join(dir, 'empty.json'), '{"roas":[]}');
    writeFileSync(join(dir, 'empty.txt'), '# nothing\n');
    expect(() => loadRpkiData(join(dir, 'empty.json'), fixture('pfx2as.txt'))).toThrow(/contains no ROAs/);
    expect(() => loadRpkiData(fixture('rpki-client.json'), join(dir, 'empty.txt'))).toThrow(/contains no routes/);
  });
});
