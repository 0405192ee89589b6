import { once } from 'node:events';
import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { InputError } from '../../src/domain/errors.js';
import { ImportService } from '../../src/services/import.js';
import { domainsOf, findOrganisation, organisationHistory } from '../../src/store/organisations.js';
import { describeEachEngine } from '../support/engines.js';

const DIR = 'test/fixtures/federation';
const CSV = `${DIR}/organisations.csv`;
const XML = `${DIR}/register.xml`;
const AS_OF = '2026-11-29';

let tmp: string;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'thorbecke-import-'));
  const xml = await readFile(XML);
  server = createServer((req, res) => {
    if (req.url === '/exportOO.xml' || req.url === '/export') {
      res.writeHead(200, { 'content-type': 'application/xml', 'content-length': xml.length });
      res.end(xml);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.close();
  await rm(tmp, { recursive: true, force: true });
});

/** A copy of the fixture CSV without the rows of `codes`, as a temporary file. */
async function csvWithout(...codes: string[]): Promise<string> {
  const lines = (await readFile(CSV, 'utf8')).split('\n').filter((l) => !codes.some((c) => l.includes(`,${c},`)));
  const file = path.join(tmp, `without-${codes.join('-')}.csv`);
  await writeFile(file, lines.join('\n'));
  return file;
}

describeEachEngine('organisation and domain import', (ctx) => {
  const service = (): ImportService => new ImportService(ctx.store().db);
  const importFile = (source: string, full = true) =>
    service().importOrganisations({ source, full, asOf: AS_OF, actor: 'test' });
  const count = async (table: 'organisation' | 'organisation_change' | 'import_run' | 'asset' | 'asset_owner'): Promise<number> => {
    const row = await ctx.store().db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return row.n;
  };
  beforeEach(() => ctx.reset());

  it('imports a CSV with its provinces and websites; a second import changes nothing', async () => {
    const first = await importFile(CSV);
    expect(first).toMatchObject({ format: 'csv', added: 8, changed: 0, ended: 0, reinstated: 0, unchanged: 0, skipped: 0, total: 8 });
    const db = ctx.store().db;
    expect(await findOrganisation(db, 'gm0363')).toMatchObject({ name: 'Gemeente Amsterdam', provinceCode: 'pv27', website: 'amsterdam.nl' });
    expect(await findOrganisation(db, 'pv26')).toMatchObject({ name: 'Provincie Utrecht', layer: 'provincie' });
    expect(await domainsOf(db, 'gm0363')).toEqual([{ kind: 'web', name: 'amsterdam.nl', source: 'csv' }]);
    const run = await db.selectFrom('import_run').selectAll().executeTakeFirstOrThrow();
    expect(run).toMatchObject({ kind: 'organisations', source: CSV, format: 'csv', full_import: true, actor: 'test', added: 8 });
    expect(run.finished_at).toBeInstanceOf(Date);

    const changes = await count('organisation_change');
    const second = await importFile(CSV);
    expect(second).toMatchObject({ added: 0, changed: 0, ended: 0, reinstated: 0, unchanged: 8 });
    expect(await count('organisation_change')).toBe(changes);
    expect(await count('import_run')).toBe(2);
    expect(await count('asset_owner')).toBe(6);
  });

  it('imports the register XML: nested parents, end dates, skipped entries', async () => {
    const summary = await importFile(XML);
    expect(summary).toMatchObject({ format: 'xml', added: 7, skipped: 2, skippedReasons: { 'no TOOI identifier': 1 } });
    const db = ctx.store().db;
    expect(await findOrganisation(db, 'oorg10103')).toMatchObject({ parentCode: 'mnre1034', layer: 'publieke-dienstverlener' });
    expect(await findOrganisation(db, 'gm0457')).toMatchObject({ validTo: '2022-03-24' });
    expect(await domainsOf(db, 'gm0363')).toEqual([{ kind: 'web', name: 'www.amsterdam.nl', source: 'register' }]);
    // The register has no provinces for municipalities: a CSV's province survives an XML import.
    await importFile(CSV, false);
    await importFile(XML);
    expect(await findOrganisation(db, 'gm0363')).toMatchObject({ provinceCode: 'pv27', website: 'www.amsterdam.nl' });
  });

  it('ends an organisation missing from a full import, keeps it and its history, and reinstates it later', async () => {
    await importFile(CSV);
    const partial = await importFile(await csvWithout('ws0155'), false);
    expect(partial).toMatchObject({ ended: 0, unchanged: 7 });

    const full = await importFile(await csvWithout('ws0155'));
    expect(full).toMatchObject({ ended: 1, unchanged: 7 });
    const db = ctx.store().db;
    expect(await findOrganisation(db, 'ws0155')).toMatchObject({ name: 'Waterschap Amstel, Gooi en Vecht', validTo: AS_OF });
    expect(await domainsOf(db, 'ws0155')).toHaveLength(1);

    const back = await importFile(CSV);
    expect(back).toMatchObject({ reinstated: 1, unchanged: 7 });
    expect(await findOrganisation(db, 'ws0155')).toMatchObject({ validTo: null });
    const history = await organisationHistory(db, 'ws0155');
    expect(history.map((h) => h.kind)).toEqual(['reinstated', 'ended', 'added']);
    expect(history[1]?.before).toMatchObject({ validTo: null });
    expect(history[1]?.after).toMatchObject({ validTo: AS_OF });
    const runs = await db.selectFrom('import_run').select(['ended', 'reinstated']).orderBy('id').execute();
    expect(runs.map((r) => [r.ended, r.reinstated])).toEqual([[0, 0], [0, 0], [1, 0], [0, 1]]);
  });

  it('ends a province created for a full CSV import once no row refers to it', async () => {
    await importFile(CSV);
    expect(await importFile(await csvWithout('gm0344'))).toMatchObject({ ended: 2, unchanged: 6 });
    expect(await findOrganisation(ctx.store().db, 'pv26')).toMatchObject({ validTo: AS_OF });
  });

  it('records a merger: the old organisation ends with its successor and keeps its history', async () => {
    const summary = await importFile(`${DIR}/organisations-semicolon.csv`, false);
    expect(summary.added).toBe(4);
    const db = ctx.store().db;
    expect(await findOrganisation(db, 'gm0457')).toMatchObject({ validTo: '2022-03-24', successorCode: 'gm0363' });
    expect(await findOrganisation(db, 'oorg10103')).toMatchObject({ parentCode: 'mnre1034' });
    // The successor is kept when a later file (the register) does not say.
    await importFile(XML, false);
    expect(await findOrganisation(db, 'gm0457')).toMatchObject({ successorCode: 'gm0363', validTo: '2022-03-24' });
  });

  it('changes nothing and records no run when the file is damaged or the write fails', async () => {
    await importFile(CSV);
    const before = { orgs: await count('organisation'), changes: await count('organisation_change'), runs: await count('import_run') };
    await expect(importFile(`${DIR}/organisations-damaged.csv`)).rejects.toThrow(/has 4 problems; nothing was imported/);
    await expect(importFile(`${DIR}/register-damaged.xml`)).rejects.toBeInstanceOf(InputError);
    const unknownSuccessor = path.join(tmp, 'unknown-successor.csv');
    await writeFile(unknownSuccessor, 'tooi_code,name,valid_to,successor_code\ngm0344,Gemeente Utrecht,2026-01-01,gm9999\n');
    await expect(importFile(unknownSuccessor)).rejects.toThrow(/does not list and that are not known/);
    const empty = path.join(tmp, 'empty.csv');
    await writeFile(empty, 'tooi_code,name\n');
    await expect(importFile(empty)).rejects.toThrow(/lists no organisations that Thorbecke records; nothing was imported/);

    const db = ctx.store().db;
    // Make the last write of the transaction fail, after the organisations have been written.
    await sql`alter table organisation_change add constraint test_refuse check (organisation_code <> 'ws0155') not valid`.execute(db);
    try {
      await writeFile(path.join(tmp, 'changed.csv'), (await readFile(CSV, 'utf8')).replace('agv.nl', 'www.agv.nl').replace('Gemeente Utrecht', 'Utrecht'));
      await expect(importFile(path.join(tmp, 'changed.csv'))).rejects.toThrow(/test_refuse/);
    } finally {
      await sql`alter table organisation_change drop constraint test_refuse`.execute(db);
    }
    expect(await findOrganisation(db, 'gm0344')).toMatchObject({ name: 'Gemeente Utrecht', validTo: null });
    expect(await findOrganisation(db, 'ws0155')).toMatchObject({ website: 'agv.nl', validTo: null });
    expect({ orgs: await count('organisation'), changes: await count('organisation_change'), runs: await count('import_run') }).toEqual(before);
  });

  it('refuses a full import that would end a large part of the federation, unless told to', async () => {
    const rows = (n: number): string =>
      ['tooi_code,name', ...Array.from({ length: n }, (_, i) => `gm${String(1000 + i)},Gemeente ${String(i)}`)].join('\n');
    const all = path.join(tmp, 'thirty.csv');
    const few = path.join(tmp, 'five.csv');
    await writeFile(all, rows(30));
    await writeFile(few, rows(5));
    await importFile(all);
    const runs = await count('import_run');
    const refused = await importFile(few).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as InputError).message).toContain('would end 25 of the 30 current organisations');
    expect(await count('import_run')).toBe(runs);
    expect((await service().importOrganisations({ source: few, full: false, asOf: AS_OF, actor: 'test' })).ended).toBe(0);
    const forced = await service().importOrganisations({ source: few, full: true, asOf: AS_OF, actor: 'test', allowMassEnd: true });
    expect(forced.ended).toBe(25);
  });

  it('serialises two imports at once: one adds, the other finds nothing to do', async () => {
    const [a, b] = await Promise.all([importFile(CSV), importFile(CSV)]);
    expect([a.added, b.added].sort()).toEqual([0, 8]);
    expect(await count('organisation_change')).toBe(8);
  });

  it('downloads over HTTP (sniffing the format) and reports progress; an HTTP error changes nothing', async () => {
    const seen: number[] = [];
    const summary = await service().importOrganisations({
      source: `${baseUrl}/export`,
      full: true,
      actor: 'test',
      onProgress: (read, total) => {
        seen.push(read);
        expect(total).toBe(4605);
      },
    });
    expect(summary).toMatchObject({ format: 'xml', added: 7, source: `${baseUrl}/export` });
    expect(seen.at(-1)).toBe((await readFile(XML)).length);

    await expect(importFile(`${baseUrl}/missing.xml`)).rejects.toThrow(`Could not download ${baseUrl}/missing.xml: HTTP 404 Not Found`);
    const closed = createServer().listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await expect(importFile(`http://127.0.0.1:${port}/exportOO.xml`)).rejects.toThrow(
      `Could not download http://127.0.0.1:${port}/exportOO.xml: ECONNREFUSED`,
    );
    await expect(
      service().importOrganisations({ source: `${baseUrl}/exportOO.xml`, full: true, actor: 't', limits: { maxBytes: 1000 } }),
    ).rejects.toThrow(/larger than the limit of 1000 bytes/);
    await expect(importFile(path.join(tmp, 'nothing.csv'))).rejects.toThrow('No such file');
    expect(await count('import_run')).toBe(1);
  });

  it('attaches domains, idempotently; --replace removes what the file no longer lists; unknown organisations change nothing', async () => {
    await importFile(CSV);
    const first = await service().importDomains({ source: `${DIR}/domains.csv`, actor: 'test', replace: false });
    // amsterdam.nl (web) and noord-holland.nl came with the organisations already.
    expect(first).toMatchObject({ added: 2, removed: 0, unchanged: 2 });
    const db = ctx.store().db;
    expect(await domainsOf(db, 'gm0363')).toEqual([
      { kind: 'mail', name: 'amsterdam.nl', source: 'import:domains.csv' },
      { kind: 'web', name: 'amsterdam.nl', source: 'csv' },
      { kind: 'web', name: 'www.amsterdam.nl', source: 'import:domains.csv' },
    ]);
    expect(await service().importDomains({ source: `${DIR}/domains.csv`, actor: 'test', replace: false })).toMatchObject({ added: 0, unchanged: 4 });

    const fewer = path.join(tmp, 'domains.csv');
    await writeFile(fewer, 'organisation,domain,kind\ngm0363,amsterdam.nl,mail\n');
    expect(await service().importDomains({ source: fewer, actor: 'test', replace: false })).toMatchObject({ removed: 0 });
    expect(await service().importDomains({ source: fewer, actor: 'test', replace: true })).toMatchObject({ added: 0, removed: 1, unchanged: 1 });
    // Only the same source's ownerships go: the CSV import's website stays.
    expect((await domainsOf(db, 'gm0363')).map((d) => `${d.kind} ${d.name}`)).toEqual(['mail amsterdam.nl', 'web amsterdam.nl']);
    expect((await domainsOf(db, 'pv27')).map((d) => d.source)).toEqual(['csv']);

    const owners = await count('asset_owner');
    const error: unknown = await service()
      .importDomains({ source: `${DIR}/domains-unknown.csv`, actor: 'test', replace: false })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues).toEqual([{ location: 'line 3', message: 'unknown organisation gm9999' }]);
    expect(await count('asset_owner')).toBe(owners);
  });
});
