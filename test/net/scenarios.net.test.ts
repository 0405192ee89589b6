/**
 * Every scenario of the sealed test network, checked end to end with the scanner's own code: the network
 * (signed zones behind unbound, web and mail servers per scenario, ::1, RPKI files) is started in this
 * process on 127.43.0.0/16, every scenario domain is checked for web and mail, and each expectation of
 * src/testnet/scenarios.ts must hold. Needs root (ports 25/53/80/443) and the Debian packages unbound and
 * ldnsutils: skipped without them on a developer machine, a failure in CI (.ci/run installs them).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/checks/catalogue.js';
import { createDnsClient, parseResolver } from '../../src/checks/dns/client.js';
import { loadRpkiData } from '../../src/checks/rpki/data.js';
import { createAddressPolicy, parseCidrList } from '../../src/scan/address-policy.js';
import { checkDomain, type DomainReport } from '../../src/scan/check-domain.js';
import { startTestnet, type Testnet } from '../../src/testnet/network.js';
import { missingResolverTools } from '../../src/testnet/resolver.js';
import { SCENARIOS, scenarioDomain } from '../../src/testnet/scenarios.js';

const missing = missingResolverTools();
const notRoot = process.getuid?.() !== 0;
const skipReason = missing.length > 0 ? `missing ${missing.join(', ')}` : notRoot ? 'ports 25/53/80/443 need root' : undefined;
if (skipReason !== undefined && process.env.CI === 'true') throw new Error(`the scenario test cannot run in CI: ${skipReason} (.ci/run must install unbound and ldnsutils and run as root)`);

describe('the scenarios as data', () => {
  it('prove every catalogue check wrong on purpose at least once', () => {
    for (const check of CATALOGUE) {
      const broken = SCENARIOS.filter((s) => { const status = s.expect[check.id]; return status !== undefined && status !== 'pass'; });
      expect(broken.map((s) => s.name), `${check.id} has no scenario that expects anything but pass`).not.toHaveLength(0);
    }
  });

  it('expect only catalogue ids, and the good scenario passes every check of both sets', () => {
    const ids = new Set<string>(CATALOGUE.map((c) => c.id));
    for (const s of SCENARIOS) for (const id of Object.keys(s.expect)) expect(ids.has(id), `${s.name}: ${id}`).toBe(true);
    const good = SCENARIOS.find((s) => s.name === 'good');
    for (const c of CATALOGUE.filter((c) => c.sets.length > 0)) expect(good?.expect[c.id], c.id).toBe('pass');
  });
});

describe.skipIf(skipReason !== undefined)(`every scenario on the test network${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let network: Testnet | undefined;
  let dir: string | undefined;
  const reports = new Map<string, DomainReport>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'thorbecke-testnet-'));
    const started = await startTestnet({ dir, base: '127.43' });
    network = started;
    const options = {
      dns: createDnsClient({ server: parseResolver(started.resolver), timeoutMs: 2000 }),
      policy: createAddressPolicy({ allow: parseCidrList(started.allowTargets) }),
      caPems: [readFileSync(started.caFile, 'utf8')],
      rpki: loadRpkiData(started.rpkiRoas, started.rpkiOrigins),
      timeoutMs: 3000, web: true, mail: true, userAgent: 'Thorbecke test', scannerVersion: 'test',
    };
    const queue = [...SCENARIOS];
    await Promise.all(Array.from({ length: 8 }, async () => {
      for (let s = queue.shift(); s !== undefined; s = queue.shift()) reports.set(s.name, await checkDomain(scenarioDomain(s), options));
    }));
  }, 180_000);

  // Whatever beforeAll got to (startTestnet itself stops what it started when it fails); a failed start shows its own error.
  afterAll(async () => {
    try {
      await network?.close();
    } finally {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', (name, scenario) => {
    const report = reports.get(name);
    if (report === undefined) throw new Error(`no report for ${name}`);
    const byId = new Map(report.checks.map((c) => [c.id, c]));
    const got = (id: string) => `${byId.get(id)?.status ?? 'missing'}: ${byId.get(id)?.reason ?? ''}`;
    for (const [id, status] of Object.entries(scenario.expect)) expect(byId.get(id)?.status, `${name} ${id} → ${got(id)}`).toBe(status);
    for (const [id, pattern] of Object.entries(scenario.reasons ?? {})) expect(byId.get(id)?.reason, `${name} ${id}`).toMatch(new RegExp(pattern ?? '', 'i'));
    for (const [set, status] of Object.entries(scenario.sets ?? {})) expect(report.sets[set as keyof typeof report.sets], `${name} ${set}`).toBe(status);
  });
});
