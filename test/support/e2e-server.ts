import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/load.js';
import type { Role } from '../../src/domain/access.js';
import { OrganisationService } from '../../src/services/organisations.js';
import { openStore, type Store } from '../../src/store/db.js';
import { saveMapGeometry } from '../../src/store/map-geometry.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { recordReport } from '../../src/store/observations.js';
import { rebuildHistory } from '../../src/store/progress-history.js';
import { refreshProgress } from '../../src/store/progress-refresh.js';
import { createSnapshot } from '../../src/store/snapshots.js';
import { createApp } from '../../src/web/app.js';
import { accountabilityStrategy } from './accountability-fixtures.js';
import { createPeople, type Person } from './people.js';
import { fixedStrategyReader } from './sample-strategy.js';
import { addDomain } from './scorecard-fixtures.js';
import { fixedScanStatus, sampleScanStatus, seedFederation } from './web-app.js';

/**
 * The real web application over HTTP on 127.0.0.1 (a free port) for the browser tests, on an in-memory
 * PGlite with a small federation: the accountability strategy (with the explainable target
 * `mail-secure`), Amsterdam's web and mail domain with measurements, derived progress and weekly history,
 * a report (`2026-H1`), the tiny test map and one person per role of Amsterdam (gm0363), all with
 * PASSWORD. THORBECKE_PUBLIC_URL is the server's own origin, so the CSRF origin check accepts its forms.
 */
export interface E2eServer {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  origin: string;
  store: Store;
  people: Record<Role, Person>;
  close(): Promise<void>;
}

/** The organisation whose people sign in, and its explainable target. */
export const E2E_ORG = 'gm0363';
export const E2E_TARGET = 'mail-secure';
export const E2E_REPORT = '2026-H1';

const NOW = new Date('2026-03-02T12:00:00Z');

async function seed(store: Store): Promise<Record<Role, Person>> {
  const strategy = accountabilityStrategy();
  await seedFederation(store, 3);
  await addDomain(store.db, E2E_ORG, 'mail', 'amsterdam.nl');
  const measure = (measuredAt: string, checks: [string, 'pass' | 'warning' | 'fail' | 'error'][]) =>
    recordReport(
      store.db,
      { domain: 'amsterdam.nl', measuredAt, scanner: { version: 'test' }, checks: checks.map(([id, status]) => ({ id, status, reason: `${id} is ${status}`, facts: {} })) },
      { confirmDelayMs: 0, now: NOW },
    );
  await measure('2026-01-05T10:00:00Z', [['web.https.available', 'pass'], ['web.https.hsts', 'pass'], ['mail.dane', 'pass'], ['mail.starttls', 'pass']]);
  await measure('2026-02-10T10:00:00Z', [['web.https.available', 'pass'], ['web.https.hsts', 'fail'], ['mail.dane', 'fail'], ['mail.starttls', 'pass']]);
  await rebuildHistory(store.db, strategy, { from: '2025-12-01', to: '2026-03-01' });
  await refreshProgress(store.db, strategy, { all: true, now: NOW });
  await createSnapshot(store.db, { name: E2E_REPORT, createdBy: 'test', note: undefined });
  const topology: unknown = JSON.parse(readFileSync(new URL('../fixtures/map/tiny.topojson', import.meta.url), 'utf8'));
  await saveMapGeometry(store.db, { name: 'nl', topology, source: 'tiny.topojson', importedBy: 'test' });
  return createPeople(store, E2E_ORG);
}

/** Starts the seeded application; `close()` stops the server and the database. */
export async function startE2eServer(): Promise<E2eServer> {
  const store = await openStore({ engine: 'pglite', memory: true });
  await migrateToLatest(store.db);
  const people = await seed(store);
  // The app needs its own address (THORBECKE_PUBLIC_URL), known only once the server listens.
  const holder: { app?: Hono } = {};
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: (req) => (holder.app ? holder.app.fetch(req) : new Response('starting', { status: 503 })), port: 0, hostname: '127.0.0.1' }, () => {
      resolve(s);
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${String(port)}`;
  const strategy = fixedStrategyReader(accountabilityStrategy());
  holder.app = createApp({
    db: store.db,
    strategy,
    organisations: new OrganisationService(store.db, strategy),
    config: loadConfig({ THORBECKE_PUBLIC_URL: `${origin}/` }),
    logger: pino({ level: 'silent' }),
    appVersion: '0.0.0-e2e',
    scans: fixedScanStatus(sampleScanStatus()),
  });
  return {
    origin,
    store,
    people,
    close: async () => {
      const closed = new Promise((resolve) => server.close(resolve));
      if ('closeAllConnections' in server) server.closeAllConnections();
      await closed;
      await store.close();
    },
  };
}
