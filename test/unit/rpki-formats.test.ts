import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRpkiData } from '../../src/checks/rpki/data.js';
import { RpkiDataError } from '../../src/checks/rpki/errors.js';
import { parseOrigins } from '../../src/checks/rpki/origins.js';
import { parseAddress, parsePrefix } from '../../src/checks/rpki/prefix.js';
import { parseRoas, splitExpired } from '../../src/checks/rpki/roas.js';

const fixture = (name: string) => join(import.meta.dirname, '../fixtures/rpki', name);
const text = (name: string) => readFile(fixture(name), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'thorbecke-rpki-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('parseAddress', () => {
  it.each([
    { text: '192.0.2.1', kind: 'ipv4', out: '192.0.2.1' },
    { text: '2001:db8::1', kind: 'ipv6', out: '2001:db8::1' },
    { text: '::ffff:192.0.2.1', kind: 'ipv4', out: '192.0.2.1' },
    { text: '::FFFF:c000:0201', kind: 'ipv4', out: '192.0.2.1' },
  ])('$text → $kind $out', ({ text: input, kind, out }) => {
    const address = parseAddress(input);
    expect([address.kind(), address.toString()]).toEqual([kind, out]);
  });
  it.each(['192.0.2', 'fe80::1%eth0', '::ffff:192.0.2.256'])('%s is refused', (input) => {
    expect(() => parseAddress(input)).toThrow(/is not an IP address/);
  });
});

describe('parsePrefix', () => {
  it.each([
    { text: '192.0.2.0/24', out: '192.0.2.0/24' },
    { text: '2001:DB8:0::/32', out: '2001:db8::/32' },
    { text: '0.0.0.0/0', out: '0.0.0.0/0' },
    { text: '::ffff:192.0.2.0/120', out: '::ffff:c000:200/120' },
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
    expect(roas[0]).toMatchObject({ asn: 64500, prefix: { text: '192.0.2.0/24', family: 'ipv4', length: 24 }, maxLength: 24, ta: 'ripe', expires: 4102444800 });
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
    expect(data.expiredCount).toBe(0);
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

  describe('expired VRPs', () => {
    const NOW = new Date('2026-11-29T06:00:00Z');
    const now = Math.floor(NOW.getTime() / 1000);
    const vrp = (asn: number, prefix: string, expires?: number) => ({ asn, prefix, maxLength: 24, ...(expires === undefined ? {} : { expires }) });
    const write = (name: string, roas: unknown[]) => {
      writeFileSync(join(dir, name), JSON.stringify({ roas }));
      return join(dir, name);
    };

    it('are dropped and counted; a VRP without expires (Routinator) is kept', () => {
      const file = write('mixed.json', [vrp(64500, '192.0.2.0/24', now + 3600), vrp(64509, '198.51.100.0/24', now - 86_400), vrp(64502, '198.51.100.0/24'), vrp(64501, '203.0.113.0/24', now)]);
      const data = loadRpkiData(file, fixture('pfx2as.txt'), NOW);
      expect([data.roaCount, data.expiredCount]).toEqual([2, 2]);
      expect(data.covering(parsePrefix('198.51.100.0/25')).map((roa) => roa.asn)).toEqual([64502]);
      expect(data.covering(parsePrefix('203.0.113.0/25'))).toEqual([]);
    });

    it('an expired VRP no longer makes a route valid', () => {
      const fresh = loadRpkiData(write('fresh.json', [vrp(64500, '192.0.2.0/24', now + 60)]), fixture('pfx2as.txt'), NOW);
      const later = loadRpkiData(write('fresh.json', [vrp(64500, '192.0.2.0/24', now + 60), vrp(64500, '198.51.100.0/24', now + 7200)]), fixture('pfx2as.txt'), new Date(NOW.getTime() + 3_600_000));
      expect(fresh.covering(parsePrefix('192.0.2.0/24'))).toHaveLength(1);
      expect(later.covering(parsePrefix('192.0.2.0/24'))).toEqual([]);
      expect(later.expiredCount).toBe(1);
    });

    it('a file whose VRPs have all expired is stale', () => {
      const file = write('stale.json', [vrp(64500, '192.0.2.0/24', 1789000000), vrp(64501, '198.51.100.0/24', 1790000000)]);
      let error: unknown;
      try {
        loadRpkiData(file, fixture('pfx2as.txt'), NOW);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(RpkiDataError);
      expect((error as Error).message).toBe(`${file}: the ROA file is stale: all 2 VRPs expired, the newest at 2026-09-21T14:13:20.000Z`);
    });

    it('splitExpired: expires at or before now is expired', () => {
      const roas = parseRoas(JSON.stringify({ roas: [vrp(1, '192.0.2.0/24', 100), vrp(2, '192.0.2.0/24', 101), vrp(3, '192.0.2.0/24')] }), 'f');
      const { current, expired } = splitExpired(roas, 100);
      expect([current.map((roa) => roa.asn), expired.map((roa) => roa.asn)]).toEqual([[2, 3], [1]]);
    });
  });
});
