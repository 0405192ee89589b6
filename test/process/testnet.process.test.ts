/**
 * `thorbecke testnet up|status|down` as a user runs them, as real processes: up starts the network in the
 * background and returns, status tells how to use it, `thorbecke check` with those settings measures a
 * scenario, down stops it and nothing is left running. Uses 127.46.0.0/16 without ::1 (--no-ipv6), so it
 * can run beside the scenario test. Needs root and unbound/ldnsutils: skipped without, a failure in CI.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { missingResolverTools } from '../../src/testnet/resolver.js';
import { isAlive, readState } from '../../src/testnet/state.js';
import { runCli } from '../support/processes.js';

const missing = missingResolverTools();
const skipReason = missing.length > 0 ? `missing ${missing.join(', ')}` : process.getuid?.() !== 0 ? 'ports 25/53/80/443 need root' : undefined;
if (skipReason !== undefined && process.env.CI === 'true') throw new Error(`the testnet process test cannot run in CI: ${skipReason}`);

const dir = mkdtempSync(join(tmpdir(), 'thorbecke-testnet-cli-'));
const env = { THORBECKE_DATA_DIR: dir };

afterAll(async () => {
  const state = readState(join(dir, 'testnet'));
  if (state !== undefined && isAlive(state.pid)) await runCli(['testnet', 'down'], env);
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(skipReason !== undefined)(`thorbecke testnet as a user runs it${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('status says it is not running (exit 1); scenarios lists what each domain must get', async () => {
    const status = await runCli(['testnet', 'status'], env);
    expect(status.status).toBe(1);
    expect(status.out).toMatch(/not running/);
    const scenarios = await runCli(['testnet', 'scenarios', '--json'], env);
    expect(scenarios.status).toBe(0);
    const names = scenarios.out.trim().split('\n').map((line) => (JSON.parse(line) as { name: string }).name);
    expect(names).toContain('good');
    expect(names).toContain('dnssec-bogus');
  });

  it('up returns once the network answers, check measures a scenario with the printed settings, down stops everything', async () => {
    const up = await runCli(['testnet', 'up', '--base', '127.46', '--no-ipv6'], env);
    expect(up.status, up.err).toBe(0);
    expect(up.out).toMatch(/resolver +127\.46\.255\.53:53/);
    const state = readState(join(dir, 'testnet'));
    expect(state !== undefined && isAlive(state.pid)).toBe(true);
    if (state === undefined) return;

    const again = await runCli(['testnet', 'up', '--base', '127.46', '--no-ipv6'], env);
    expect(again.status).toBe(1);
    expect(again.err).toMatch(/already runs/);

    const check = await runCli([
      'check', 'good.scenario.test', 'hsts-short.scenario.test', '--web', '--json', '--resolver', state.resolver, '--ca-file', state.caFile,
      '--allow-targets', state.allowTargets, '--rpki-roas', state.rpkiRoas, '--rpki-origins', state.rpkiOrigins,
    ], env);
    const reports = check.out.trim().split('\n').map((line) => JSON.parse(line) as { domain: string; checks: { id: string; status: string }[] });
    const status = (domain: string, id: string) => reports.find((r) => r.domain === domain)?.checks.find((c) => c.id === id)?.status;
    expect(status('good.scenario.test', 'web.dnssec')).toBe('pass');
    expect(status('good.scenario.test', 'web.rpki')).toBe('pass');
    expect(status('good.scenario.test', 'web.tls.version')).toBe('pass');
    expect(status('hsts-short.scenario.test', 'web.https.hsts')).toBe('fail');
    expect(check.status).toBe(1);

    const down = await runCli(['testnet', 'down'], env);
    expect(down.status).toBe(0);
    expect(down.out).toMatch(/stopped/);
    expect(isAlive(state.pid)).toBe(false);
    expect((await runCli(['testnet', 'status'], env)).status).toBe(1);
  }, 120_000);
});
