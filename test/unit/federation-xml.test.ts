import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseRegisterXml, XML_LIMITS } from '../../src/federation/register-xml.js';
import { failure } from '../support/input-error.js';

const DIR = 'test/fixtures/federation';
const NS = 'https://organisaties.overheid.nl/static/schema/oo/export/2.6.9';

/** The bytes in chunks of `size` (to cross every boundary: tags, names, multi-byte characters). */
function chunked(bytes: Uint8Array, size: number): Readable {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return Readable.from(chunks);
}
const text = (xml: string, size = 64 * 1024): Readable => chunked(Buffer.from(xml, 'utf8'), size);

const wrap = (body: string, ns = `xmlns:p="${NS}"`): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<p:overheidsorganisaties ${ns}><p:organisaties>${body}</p:organisaties></p:overheidsorganisaties>`;


describe('parseRegisterXml', () => {
  it('reads codes, names, layers, OIN, website, nested parents and end dates, and counts what it skips', async () => {
    const parsed = await parseRegisterXml(createReadStream(`${DIR}/register.xml`));
    const byCode = new Map(parsed.records.map((r) => [r.code, r]));
    expect([...byCode.keys()].sort()).toEqual(['gm0363', 'gm0457', 'mnre1034', 'oorg10007', 'oorg10103', 'pv27', 'ws0155']);
    expect(byCode.get('gm0363')).toEqual({
      code: 'gm0363',
      name: 'Gemeente Amsterdam',
      shortName: 'Amsterdam',
      layer: 'gemeente',
      oin: '00000001002564440000',
      provinceCode: null,
      parentCode: null,
      website: 'www.amsterdam.nl',
      validFrom: '1811-01-01',
      validTo: null,
      successorCode: null,
    });
    expect(byCode.get('pv27')?.layer).toBe('provincie');
    expect(byCode.get('ws0155')).toMatchObject({ layer: 'waterschap', website: 'www.agv.nl' });
    expect(byCode.get('mnre1034')).toMatchObject({ layer: 'rijk', shortName: 'BZK', parentCode: null });
    // Nested in the ministry; and related to it without nesting.
    expect(byCode.get('oorg10103')).toMatchObject({ layer: 'publieke-dienstverlener', parentCode: 'mnre1034', website: 'www.logius.nl' });
    expect(byCode.get('oorg10007')).toMatchObject({ name: 'Dienst Uitvoering Onderwijs', parentCode: 'mnre1034', website: null });
    expect(byCode.get('gm0457')).toMatchObject({ validFrom: '1811-01-01', validTo: '2022-03-24' });
    expect(parsed.skipped).toBe(2);
    expect(parsed.skippedReasons).toEqual({ 'no TOOI identifier': 1, 'TOOI identifier of another kind': 1 });
    // The register gives neither province nor successor: those keep their stored values.
    expect(parsed.provides).not.toContain('provinceCode');
    expect(parsed.provides).not.toContain('successorCode');
    expect(parsed.provides).toContain('website');
  });

  it('gives the same result when the bytes arrive a few at a time', async () => {
    const bytes = await readFile(`${DIR}/register.xml`);
    const whole = await parseRegisterXml(chunked(bytes, bytes.length));
    const tiny = await parseRegisterXml(chunked(bytes, 7));
    expect(tiny).toEqual(whole);
    const accented = await parseRegisterXml(
      text(wrap('<p:organisatie p:resourceIdentifierTOOI="https://identifier.overheid.nl/tooi/id/provincie/pv21"><p:naam>Provinsje Fryslân</p:naam></p:organisatie>'), 1),
    );
    expect(accented.records[0]?.name).toBe('Provinsje Fryslân');
  });

  it('accepts a default namespace and unprefixed elements with prefixed attributes', async () => {
    const body =
      '<organisatie p:resourceIdentifierTOOI="https://identifier.overheid.nl/tooi/id/gemeente/gm0363"><naam>Gemeente Amsterdam</naam></organisatie>';
    const unprefixed = `<overheidsorganisaties xmlns:p="${NS}"><organisaties>${body}</organisaties></overheidsorganisaties>`;
    expect((await parseRegisterXml(text(unprefixed))).records.map((r) => r.code)).toEqual(['gm0363']);
    const defaultNs = `<overheidsorganisaties xmlns="${NS}" xmlns:p="${NS}"><organisaties>${body}</organisaties></overheidsorganisaties>`;
    expect((await parseRegisterXml(text(defaultNs))).records.map((r) => r.name)).toEqual(['Gemeente Amsterdam']);
  });

  it('counts an organisation listed twice with the same content once', async () => {
    const org = '<p:organisatie p:resourceIdentifierTOOI="https://identifier.overheid.nl/tooi/id/gemeente/gm0363"><p:naam>A</p:naam></p:organisatie>';
    const parsed = await parseRegisterXml(text(wrap(org + org)));
    expect(parsed.records).toHaveLength(1);
    expect(parsed.skippedReasons).toEqual({ 'listed more than once': 1 });
    const different = await parseRegisterXml(text(wrap(org + org.replace('>A<', '>B<'))));
    expect(different.records.map((r) => r.name)).toEqual(['A', 'B']);
  });

  it('refuses a DOCTYPE, so no entity is ever expanded', async () => {
    const error = await failure(parseRegisterXml(createReadStream(`${DIR}/register-doctype.xml`), 'register-doctype.xml'));
    expect(error.message).toMatch(/^register-doctype\.xml is not a valid register export \(line 5, column \d+\): a DOCTYPE is not allowed/);
  });

  it('locates malformed XML', async () => {
    const error = await failure(parseRegisterXml(createReadStream(`${DIR}/register-damaged.xml`)));
    expect(error.message).toMatch(/\(line 8, column \d+\)/);
    expect(error.issues[0]?.location).toMatch(/^line 8, column \d+$/);
  });

  it('locates invalid UTF-8', async () => {
    const [head, tail] = wrap('\n<p:organisatie><p:naam>aé|</p:naam></p:organisatie>').split('|');
    const bytes = Buffer.concat([Buffer.from(head ?? ''), Buffer.from([0xc3, 0x28]), Buffer.from(tail ?? '')]);
    for (const size of [1, 2, 5, 4096]) {
      const error = await failure(parseRegisterXml(chunked(bytes, size)));
      // `<p:organisatie><p:naam>aé` is 25 characters: the bad byte is the 26th.
      expect(error.issues[0]?.location).toBe('line 3, column 26');
    }
    const error = await failure(parseRegisterXml(chunked(bytes, 5)));
    expect(error.message).toContain('invalid UTF-8');
  });

  it('refuses another root element, an encoding other than UTF-8, an empty file', async () => {
    expect((await failure(parseRegisterXml(text('<html><body/></html>')))).message).toContain('the root element is <html>');
    const latin = '<?xml version="1.0" encoding="ISO-8859-1"?><p:overheidsorganisaties xmlns:p="x"/>';
    expect((await failure(parseRegisterXml(text(latin)))).message).toContain('encoding ISO-8859-1 is not supported');
    await failure(parseRegisterXml(text('')));
  });

  it('refuses an oversize field, deep nesting and an endless text', async () => {
    const long = 'x'.repeat(XML_LIMITS.fieldChars + 1);
    const big = wrap(`<p:organisatie><p:naam>${long}</p:naam></p:organisatie>`);
    expect((await failure(parseRegisterXml(text(big)))).message).toContain(`longer than ${XML_LIMITS.fieldChars} characters`);
    const deep = wrap(`<p:organisatie>${'<p:x>'.repeat(70)}${'</p:x>'.repeat(70)}</p:organisatie>`);
    expect((await failure(parseRegisterXml(text(deep)))).message).toContain('nested deeper than');
    const endless = wrap(`<p:organisatie><p:omschrijving>${'y'.repeat(XML_LIMITS.tokenChars + 10)}</p:omschrijving></p:organisatie>`);
    expect((await failure(parseRegisterXml(text(endless)))).message).toContain('no tag or text ends within');
  });

  it('fails the whole file on invalid values, listing each with its line', async () => {
    const org = (code: string, inner: string): string =>
      `\n<p:organisatie p:resourceIdentifierTOOI="https://identifier.overheid.nl/tooi/id/gemeente/${code}">${inner}</p:organisatie>`;
    const xml = wrap(
      org('gm0001', '<p:naam>A</p:naam><p:identificatiecodes><p:resourceIdentifier p:naam="OIN">123</p:resourceIdentifier></p:identificatiecodes>') +
        org('gm0002', '<p:naam>B</p:naam><p:eindDatum>2022-13-01</p:eindDatum>') +
        org('gm0003', '<p:naam> </p:naam>'),
    );
    const error = await failure(parseRegisterXml(text(xml), 'export.xml'));
    expect(error.message).toBe('export.xml has 3 problems; nothing was imported.');
    expect(error.issues).toEqual([
      { location: 'line 3', message: 'OIN "123" of gm0001 is not 20 digits' },
      { location: 'line 4', message: 'eindDatum of gm0002 "2022-13-01" is not a date (YYYY-MM-DD)' },
      { location: 'line 5', message: 'organisation gm0003 has no naam' },
    ]);
  });

  it('lists at most 20 issues and counts the rest', async () => {
    const body = Array.from({ length: 25 }, (_, i) =>
      `<p:organisatie p:resourceIdentifierTOOI="https://identifier.overheid.nl/tooi/id/gemeente/gm${String(i + 1).padStart(4, '0')}"/>`,
    ).join('\n');
    const error = await failure(parseRegisterXml(text(wrap(body))));
    expect(error.message).toContain('has 25 problems');
    expect(error.issues).toHaveLength(21);
    expect(error.issues[20]).toEqual({ message: '… and 5 more' });
  });
});
