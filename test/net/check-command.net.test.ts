/**
 * `thorbecke check` end to end on loopback: the test DNS server (authoritative, unsigned) as the resolver,
 * HTTP and HTTPS servers on 127.0.1.1 ports 80 and 443 (the ports the checks connect to). Skipped when
 * those ports cannot be bound here (no privilege, or in use).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttp, type Server } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checksInSet } from '../../src/checks/catalogue.js';
import { startDnsServer, type TestDnsServer } from '../../src/testnet/dns-server.js';
import { createTestCa } from '../../src/testnet/ca.js';
import { runInProcess } from '../support/run-cli.js';

const WEB_HOST = '127.0.1.1';

interface Report {
  sets: Record<string, string>;
  checks: { id: string; status: string; reason: string }[];
}

async function listen(server: Server, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      resolve(`cannot bind ${WEB_HOST}:${port} (${error.code ?? error.message})`);
    });
    server.listen(port, WEB_HOST, () => {
      resolve(undefined);
    });
  });
}

const ca = await createTestCa();
const leaf = await ca.issue({ names: ['good.test'] });
const https = createHttps({ cert: leaf.chainPem, key: leaf.keyPem }, (_req, res) => {
  res.writeHead(200, { 'strict-transport-security': 'max-age=31536000' }).end('good');
});
const http = createHttp((_req, res) => {
  res.writeHead(301, { location: 'https://good.test/' }).end();
});
const skipReason = (await listen(http, 80)) ?? (await listen(https, 443));

let dns: TestDnsServer;
let dir = '';
let caFile = '';

beforeAll(async () => {
  dns = await startDnsServer({ zones: { 'good.test': [{ name: '@', type: 'A', data: WEB_HOST }] } });
  dir = mkdtempSync(join(tmpdir(), 'thorbecke-check-'));
  caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, ca.caPem);
});

afterAll(async () => {
  await dns.close();
  https.close();
  http.close();
  rmSync(dir, { recursive: true, force: true });
});

const check = (...extra: string[]) =>
  runInProcess('check', 'good.test', '--web', '--json', '--resolver', `127.0.0.1:${dns.port}`, '--ca-file', caFile, '--timeout', '2', ...extra);

describe('thorbecke check: usage errors', () => {
  it('a bad CIDR is a usage error (exit 2)', async () => {
    const { status, err } = await check('--allow-targets', '127.0.0.0/99');
    expect(status).toBe(2);
    expect(err).toMatch(/allow-targets/);
  });

  it('without a resolver it says a validating resolver is needed (exit 2)', async () => {
    const saved = process.env.THORBECKE_RESOLVER;
    delete process.env.THORBECKE_RESOLVER;
    const { status, err } = await runInProcess('check', 'good.test');
    if (saved !== undefined) process.env.THORBECKE_RESOLVER = saved;
    expect(status).toBe(2);
    expect(err).toMatch(/validating resolver/);
  });
});

describe.skipIf(skipReason !== undefined)(`thorbecke check on loopback${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('reports every forum-web check as one JSON line and fails the set', async () => {
    const { status, out } = await check('--allow-targets', '127.0.0.0/8');
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0] ?? '') as Report;
    const byId = new Map(report.checks.map((c) => [c.id, c]));
    for (const c of checksInSet('forum-web')) expect(byId.has(c.id), c.id).toBe(true);
    expect(byId.get('web.https.available')?.status).toBe('pass');
    expect(byId.get('web.https.hsts')?.status).toBe('pass');
    expect(byId.get('web.https.redirect')?.status).toBe('pass');
    expect(byId.get('web.cert.trust')?.status).toBe('pass');
    expect(byId.get('web.rpki')).toMatchObject({ status: 'error', reason: 'no validated ROA data configured; RPKI cannot be judged' });
    expect(byId.get('web.dnssec')?.status).toBe('fail');
    expect(byId.get('web.dnssec')?.reason).toMatch(/not signed/);
    expect(report.sets['forum-web']).not.toBe('pass');
    expect(status).toBe(1);
  });

  it('human output: set verdicts first, then per family status, reason and the fix for failures (nl)', async () => {
    const { status, out } = await runInProcess(
      'check', 'good.test', '--web', '--lang', 'nl', '--resolver', `127.0.0.1:${dns.port}`, '--ca-file', caFile, '--timeout', '2', '--allow-targets', '127.0.0.0/8',
    );
    expect(status).toBe(1);
    const lines = out.split('\n');
    expect(lines[0]).toBe('good.test');
    expect(lines[1]).toMatch(/forum-web: (fail|error)/);
    expect(out).toMatch(/pass +web\.https\.hsts/);
    expect(out).toMatch(/fail +web\.dnssec[\s\S]*not signed[\s\S]*oplossing: Laat de DNS-beheerder de zone ondertekenen/);
  });

  it('without --allow-targets the loopback address is blocked', async () => {
    const { status, out } = await check();
    const report = JSON.parse(out.trim()) as Report;
    const byId = new Map(report.checks.map((c) => [c.id, c]));
    for (const id of ['web.https.available', 'web.tls.version', 'web.cert.trust']) expect(byId.get(id)?.status, id).toBe('blocked');
    expect(status).toBe(1);
  });
});
