/**
 * `thorbecke testnet up|status|down` as a user runs them, as real processes: up starts the network in the
 * background and returns, status tells how to use it, `thorbecke check` with those settings measures a
 * scenario, down stops it and nothing is left running, also when a start is cut short. Uses 127.46.0.0/16 and
 * 127.47.0.0/16 without ::1 (--no-ipv6), so it can run beside the scenario test. Needs root and
 * unbound/ldnsutils: skipped without, a failure in CI. A stale state file needs neither.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { missingResolverTools } from '../../src/testnet/resolver.js';
import { isAlive, processStartTime, readState, stateFile, writeJson, type TestnetState } from '../../src/testnet/state.js';
import { runCli, startCli } from '../support/processes.js';

/** Pids of the unbound processes started with `-c <config>` (from /proc: no pgrep needed). */
function unboundWith(config: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // gone meanwhile
    }
    const c = args.indexOf('-c');
    if ((args[0] ?? '').endsWith('unbound') && c !== -1 && args[c + 1] === config) pids.push(Number(entry));
  }
  return pids;
}

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
    const up = await runCli(['testnet', 'up', '--base', '127.46', '--no-ipv6', '--wait', '90'], env);
    expect(up.status, up.err).toBe(0);
    expect(up.out).toMatch(/resolver +127\.46\.255\.53:53/);
    const state = readState(join(dir, 'testnet'));
    expect(state !== undefined && isAlive(state.pid)).toBe(true);
    if (state === undefined) return;

    const again = await runCli(['testnet', 'up', '--base', '127.46', '--no-ipv6'], env);
    expect(again.status).toBe(1);
    expect(again.err).toMatch(/already runs/);

    const check = await runCli([
      'check', 'good.scenario.test', 'hsts-short.scenario.test', '--web', '--json', '--workers', '2', '--resolver', state.resolver, '--ca-file', state.caFile,
      '--allow-targets', state.allowTargets, '--rpki-roas', state.rpkiRoas, '--rpki-origins', state.rpkiOrigins,
    ], env);
    const reports = check.out.trim().split('\n').map((line) => JSON.parse(line) as { domain: string; checks: { id: string; status: string }[] });
    // Two worker processes, one domain each: the reports still come in the order asked.
    expect(reports.map((r) => r.domain)).toEqual(['good.scenario.test', 'hsts-short.scenario.test']);
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
    expect(unboundWith(join(dir, 'testnet', 'unbound.conf'))).toEqual([]);
    expect((await runCli(['testnet', 'status'], env)).status).toBe(1);
  }, 150_000);

  it('up that gives up waiting stops the whole start, unbound included', async () => {
    const upDir = join(dir, 'short-wait');
    const up = await runCli(['testnet', 'up', '--dir', upDir, '--base', '127.47', '--no-ipv6', '--wait', '1'], env);
    expect(up.status).toBe(1);
    expect(up.err).toMatch(/did not start within 1 s/);
    expect(unboundWith(join(upDir, 'unbound.conf'))).toEqual([]);
    expect(readState(upDir)).toBeUndefined();
  }, 60_000);

  it('SIGTERM while the network starts (unbound already running) stops everything it had started', async () => {
    const fgDir = join(dir, 'interrupted');
    const config = join(fgDir, 'unbound.conf');
    const p = startCli(['testnet', 'up', '--foreground', '--dir', fgDir, '--base', '127.47', '--no-ipv6'], env);
    // Until unbound runs (the start is then in its last part: zones loading, web and mail servers starting).
    while (unboundWith(config).length === 0 && p.child.exitCode === null) await sleep(20);
    expect(p.child.exitCode, p.stderr()).toBeNull();
    p.child.kill('SIGTERM'); // the node process alone, as `kill <pid>` does
    const code = await p.exited;
    // 1 when the signal came during the start (the usual case), 0 when the start had just finished.
    expect([0, 1], p.stderr()).toContain(code);
    expect(unboundWith(config)).toEqual([]);
    expect(readState(fgDir)).toBeUndefined();
  }, 90_000);
});

describe('a stale state file whose pid another process has since been given', () => {
  const state = (pid: number, pidStart?: string): TestnetState => ({
    pid, ...(pidStart === undefined ? {} : { pidStart }), startedAt: new Date().toISOString(), resolver: '127.46.255.53:53', caFile: '/x/ca.pem',
    rpkiRoas: '/x/roas.json', rpkiOrigins: '/x/origins', allowTargets: '127.46.0.0/16', scenarios: [], benchDomains: 0,
  });

  it.each([
    ['a different start time', (pid: number) => state(pid, String(Number(processStartTime(pid) ?? '0') + 1))],
    ['no start time and no testnet in its command line', (pid: number) => state(pid)],
  ])('down and status leave it alone: %s', async (_label, make) => {
    const staleDir = mkdtempSync(join(tmpdir(), 'thorbecke-testnet-stale-'));
    const other = spawn('sleep', ['300'], { stdio: 'ignore' });
    try {
      await once(other, 'spawn');
      const pid = other.pid ?? 0;
      mkdirSync(staleDir, { recursive: true });
      writeJson(stateFile(staleDir), make(pid));
      const status = await runCli(['testnet', 'status', '--dir', staleDir], env);
      expect(status.status).toBe(1);
      expect(status.out).toMatch(/not running/);
      const down = await runCli(['testnet', 'down', '--dir', staleDir], env);
      expect(down.status, down.err).toBe(0);
      expect(down.out).toMatch(/not running/);
      expect(other.exitCode).toBeNull();
      expect(other.signalCode).toBeNull();
      expect(isAlive(pid)).toBe(true);
      expect(existsSync(stateFile(staleDir))).toBe(false);
    } finally {
      other.kill('SIGKILL');
      rmSync(staleDir, { recursive: true, force: true });
    }
  }, 30_000);
});
