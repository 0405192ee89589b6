import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/domain/errors.js';
import type { RequestedScan, ScanControl } from '../../src/scan/request.js';
import type { RunProgress } from '../../src/scan/status.js';
import type { ScanSelection } from '../../src/store/scan-targets.js';
import { fixedStrategyReader } from '../support/sample-strategy.js';
import { createTestApp, sampleScanStatus, type TestApp } from '../support/web-app.js';

const TOKEN = 'k9VJ3q0p-local-token-for-tests-0123456789';

const RUN: RunProgress = {
  id: 7,
  kind: 'requested',
  requestedBy: 'beheerder@example.nl',
  selection: 'organisation gm0363',
  createdAt: new Date('2026-03-02T08:00:00Z'),
  total: 3,
  done: 1,
  failed: 1,
  running: 1,
  waiting: 0,
};

/** A scan control that records requests and knows run 7. */
function fakeControl() {
  const requests: { selection: ScanSelection; requestedBy: string }[] = [];
  const control: ScanControl = {
    request: (selection, requestedBy) => {
      requests.push({ selection, requestedBy: typeof requestedBy === 'string' ? requestedBy : requestedBy.name });
      if (selection.organisations?.includes('gm4242')) return Promise.reject(new InputError('Unknown organisation: gm4242.'));
      const answer: RequestedScan = { run: 7, total: 3, unregistered: ['elders.example'] };
      return Promise.resolve(answer);
    },
    progress: (id) => Promise.resolve(id === RUN.id ? RUN : undefined),
  };
  return { control, requests };
}

let scanning: TestApp;
let bare: TestApp;
const fake = fakeControl();
/** What the status reader answers; a test may change it. */
let status = sampleScanStatus();

beforeAll(async () => {
  scanning = await createTestApp(fixedStrategyReader(), {}, { scans: { status: () => Promise.resolve(status) }, scanControl: fake.control, localToken: TOKEN });
  bare = await createTestApp();
});

afterAll(async () => {
  await Promise.all([scanning.store.close(), bare.store.close()]);
});

beforeEach(() => {
  fake.requests.length = 0;
  status = sampleScanStatus();
});

interface Problem {
  status: number;
  title: string;
  detail: string;
  invalidParams?: { name: string; reason: string }[];
}

async function problem(res: Response, status: number): Promise<Problem> {
  expect(res.status).toBe(status);
  expect(res.headers.get('Content-Type')).toBe('application/problem+json');
  const body = (await res.json()) as Problem;
  expect(body.status).toBe(status);
  return body;
}

const post = (app: TestApp, body: unknown, authorization?: string) =>
  app.app.request('/api/v1/scans', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(authorization !== undefined ? { Authorization: authorization } : {}) },
    body: JSON.stringify(body),
  });

describe('GET /api/v1/scans/status', () => {
  it('answers the status as JSON, dates as ISO strings, without who asked', async () => {
    const res = await scanning.app.request('/api/v1/scans/status');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(res.headers.get('API-Version')).toBe('1.0.0');
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({
      scanning: true,
      queue: { waiting: 1234, running: 7, failed: 3, completed: 5678, perMinute: 42.25 },
      recentFailures: [{ domain: 'kapot.example.nl', reason: 'DNS lookup timed out', at: '2026-03-02T09:30:00.000Z' }],
      runs: [
        { id: 12, kind: 'requested', selection: 'organisation gm0363', createdAt: '2026-03-02T08:00:00.000Z', total: 40, done: 25, failed: 2, running: 3, waiting: 10 },
      ],
      scheduler: {
        on: true,
        cadences: [
          { name: 'dns+ipv6+web', families: ['dns', 'ipv6', 'web'], periodMs: 604_800_000, scheduledThisPeriod: 150, domains: 400 },
          { name: 'tls', families: ['tls'], periodMs: 21_600_000, scheduledThisPeriod: 20, domains: 400 },
        ],
      },
    });
    expect(JSON.stringify(body)).not.toContain('beheerder');
  });

  it('says why nothing is scanned', async () => {
    status = sampleScanStatus({ scanning: false, note: 'no resolver', recentFailures: [], runs: [] });
    const body = (await (await scanning.app.request('/api/v1/scans/status')).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ scanning: false, note: 'no resolver', recentFailures: [], runs: [] });
  });

  it('is 404 problem+json without scanning in the process', async () => {
    const body = await problem(await bare.app.request('/api/v1/scans/status'), 404);
    expect(body.detail).toMatch(/not set up/);
  });
});

describe('POST /api/v1/scans', () => {
  it('refuses a request without the local token', async () => {
    const body = await problem(await post(scanning, { all: true }), 401);
    expect(body.title).toBe('Unauthorized');
    await problem(await post(scanning, { all: true }, `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`), 401);
    await problem(await post(scanning, { all: true }, 'Bearer '), 401);
    expect(fake.requests).toEqual([]);
  });

  it('refuses a wrong token, of any length', async () => {
    for (const token of ['wrong', `${TOKEN}x`, TOKEN.slice(0, -1) + 'X', TOKEN.toUpperCase()]) {
      const body = await problem(await post(scanning, { all: true }, `Bearer ${token}`), 401);
      expect(body.detail).toMatch(/API token is unknown, expired or revoked/);
    }
    expect(fake.requests).toEqual([]);
  });

  it('refuses every token when the server has none', async () => {
    await problem(await post(bare, { all: true }, `Bearer ${TOKEN}`), 401);
  });

  it('queues with the right token: 202 with the answer of the scan control', async () => {
    const res = await post(scanning, { organisations: ['gm0363'], layer: 'gemeente', domains: ['elders.example'] }, `Bearer ${TOKEN}`);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ run: 7, total: 3, unregistered: ['elders.example'] });
    expect(fake.requests).toEqual([
      { selection: { organisations: ['gm0363'], layer: 'gemeente', domains: ['elders.example'] }, requestedBy: 'cli (local token)' },
    ]);
    const all = await post(scanning, { all: true }, `Bearer ${TOKEN}`);
    expect(all.status).toBe(202);
    expect(fake.requests[1]?.selection).toEqual({ all: true });
  });

  it('answers an invalid body with 400 listing the parameters', async () => {
    const auth = `Bearer ${TOKEN}`;
    const unknown = await problem(await post(scanning, { all: true, everything: true }, auth), 400);
    expect(unknown.invalidParams?.length).toBeGreaterThan(0);
    expect(JSON.stringify(unknown.invalidParams)).toContain('everything');
    const layer = await problem(await post(scanning, { layer: 'county' }, auth), 400);
    expect(layer.invalidParams?.map((p) => p.name)).toEqual(['json.layer']);
    const types = await problem(await post(scanning, { organisations: 'gm0363', all: 'yes' }, auth), 400);
    expect(types.invalidParams?.map((p) => p.name).sort()).toEqual(['json.all', 'json.organisations']);
    expect(fake.requests).toEqual([]);
  });

  it("answers the scan control's InputError with 400", async () => {
    const body = await problem(await post(scanning, { organisations: ['gm4242'] }, `Bearer ${TOKEN}`), 400);
    expect(body.detail).toBe('Unknown organisation: gm4242.');
  });
});

describe('GET /api/v1/scans/{id}', () => {
  it("answers a run's progress without who asked", async () => {
    const res = await scanning.app.request('/api/v1/scans/7');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: 7, kind: 'requested', selection: 'organisation gm0363', createdAt: '2026-03-02T08:00:00.000Z', total: 3, done: 1, failed: 1, running: 1, waiting: 0 });
  });

  it('is 404 for an unknown run, and without scanning in the process', async () => {
    expect((await problem(await scanning.app.request('/api/v1/scans/8'), 404)).detail).toBe('No scan run 8.');
    await problem(await bare.app.request('/api/v1/scans/7'), 404);
  });

  it('is 400 for an id that is not a positive whole number', async () => {
    for (const id of ['abc', '0', '-1', '1.5']) {
      const body = await problem(await scanning.app.request(`/api/v1/scans/${id}`), 400);
      expect(body.invalidParams?.map((p) => p.name)).toEqual(['path.id']);
    }
  });
});
