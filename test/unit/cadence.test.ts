import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { CHECK_FAMILIES } from '../../src/domain/check.js';
import { InputError } from '../../src/domain/errors.js';
import { firstTurn, nextTurn, offsetOf, parseCadences, type Cadence } from '../../src/scan/cadence.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-03-02T08:00:00.000Z');

const day: Cadence = { name: 'dns+ipv6+web', families: ['dns', 'ipv6', 'web'], periodMs: DAY };
const week: Cadence = { name: 'tls+cert', families: ['tls', 'cert'], periodMs: 7 * DAY };
const domains = (n: number): string[] => Array.from({ length: n }, (_, i) => `d${String(i)}.gemeente${String(i % 97)}.nl`);

/** The message of the InputError that `f` throws. */
function inputError(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).message;
  }
  throw new Error('expected an InputError');
}

describe('parseCadences', () => {
  it('parses the default cadence of the configuration: every family once, in catalogue order', () => {
    const cadences = parseCadences(loadConfig({}).THORBECKE_SCAN_CADENCE);
    expect(cadences).toEqual([
      { name: 'dns+ipv6+web+rpki+security-txt', families: ['dns', 'ipv6', 'web', 'rpki', 'security-txt'], periodMs: DAY },
      { name: 'tls+cert+mail+hosting', families: ['tls', 'cert', 'mail', 'hosting'], periodMs: 7 * DAY },
    ]);
    expect(cadences.flatMap((c) => c.families).sort()).toEqual([...CHECK_FAMILIES].sort());
  });

  it('accepts spaces, a trailing separator and long period names', () => {
    expect(parseCadences('  web , dns = 2 hours ;; mail=30m ; ')).toEqual([
      { name: 'dns+web', families: ['dns', 'web'], periodMs: 2 * HOUR },
      { name: 'mail', families: ['mail'], periodMs: 30 * MINUTE },
    ]);
    expect(parseCadences('tls=1m')).toEqual([{ name: 'tls', families: ['tls'], periodMs: MINUTE }]);
  });

  it('names an unknown family', () => {
    expect(inputError(() => parseCadences('dns,ftp=1d'))).toMatch(/unknown check family "ftp"/);
  });

  it('refuses a family twice, within a group and across groups', () => {
    expect(inputError(() => parseCadences('dns,dns=1d'))).toMatch(/"dns" appears twice/);
    expect(inputError(() => parseCadences('dns,web=1d; tls,web=7d'))).toMatch(/"web" appears twice/);
  });

  it('refuses a group without a period, with two, or without families', () => {
    expect(inputError(() => parseCadences('dns,web'))).toMatch(/not of the form/);
    expect(inputError(() => parseCadences('dns=1d=2d'))).toMatch(/not of the form/);
    expect(inputError(() => parseCadences('=1d'))).toMatch(/not of the form/);
    // An empty period is refused as such too (the `ms` package throws a plain Error on an empty string).
    expect(inputError(() => parseCadences('dns,web='))).toMatch(/not of the form/);
    expect(inputError(() => parseCadences('dns,web=  '))).toMatch(/not of the form/);
  });

  it('refuses a period shorter than a minute, negative or unreadable', () => {
    expect(inputError(() => parseCadences('dns=59s'))).toMatch(/at least a minute/);
    expect(inputError(() => parseCadences('dns=5'))).toMatch(/at least a minute/);
    expect(inputError(() => parseCadences('dns=-1d'))).toMatch(/at least a minute/);
    expect(inputError(() => parseCadences('dns=daily'))).toMatch(/at least a minute/);
  });

  it('refuses an empty cadence', () => {
    expect(inputError(() => parseCadences(''))).toMatch(/empty/);
    expect(inputError(() => parseCadences(' ; ; '))).toMatch(/empty/);
  });

  it('refuses a group whose families are only commas', () => {
    expect(inputError(() => parseCadences(',=1d'))).toMatch(/names no check family/);
    expect(inputError(() => parseCadences('dns=1d; , ,=7d'))).toMatch(/names no check family/);
  });
});

describe('offsetOf and nextTurn', () => {
  it('gives each domain a stable offset inside the period, different per cadence', () => {
    for (const d of domains(200)) {
      const o = offsetOf(d, day);
      expect(Number.isInteger(o)).toBe(true);
      expect(o).toBeGreaterThanOrEqual(0);
      expect(o).toBeLessThan(DAY);
      expect(offsetOf(d, { ...day })).toBe(o);
      const w = offsetOf(d, week);
      expect(w).toBeGreaterThanOrEqual(0);
      expect(w).toBeLessThan(7 * DAY);
    }
    const differ = domains(200).filter((d) => offsetOf(d, day) !== offsetOf(d, { ...day, name: 'other' }));
    expect(differ.length).toBeGreaterThan(190);
  });

  it('gives the next turn strictly after now, at most a period later, aligned on offset + k · period', () => {
    const nows = [T0, T0 + 1, T0 + 17 * MINUTE + 3, T0 + 5 * DAY + 1234, 0, 1_000];
    for (const cadence of [day, week, { name: 'mail', families: ['mail'], periodMs: 7 * MINUTE } satisfies Cadence]) {
      for (const d of domains(100)) {
        const offset = offsetOf(d, cadence);
        for (const now of nows) {
          const turn = nextTurn(d, cadence, new Date(now)).getTime();
          expect(turn).toBeGreaterThan(now);
          expect(turn - now).toBeLessThanOrEqual(cadence.periodMs);
          expect((((turn - offset) % cadence.periodMs) + cadence.periodMs) % cadence.periodMs).toBe(0);
        }
      }
    }
  });

  it('moves on a whole period when now is exactly a turn', () => {
    for (const d of domains(20)) {
      const turn = nextTurn(d, day, new Date(T0));
      expect(nextTurn(d, day, turn).getTime()).toBe(turn.getTime() + DAY);
      expect(nextTurn(d, day, new Date(turn.getTime() - 1)).getTime()).toBe(turn.getTime());
    }
  });

  it('spreads 2,000 domains of a daily cadence over all 24 hours', () => {
    const perHour = new Array<number>(24).fill(0);
    for (const d of domains(2000)) {
      const hour = Math.floor(offsetOf(d, day) / HOUR);
      perHour[hour] = (perHour[hour] ?? 0) + 1;
    }
    const mean = 2000 / 24;
    expect(Math.min(...perHour)).toBeGreaterThan(0);
    expect(Math.max(...perHour)).toBeLessThanOrEqual(3 * mean);
    // The turns after one moment are spread the same way: no hour of the next day gets a pile.
    const turns = new Array<number>(24).fill(0);
    for (const d of domains(2000)) {
      const hour = Math.floor((nextTurn(d, day, new Date(T0)).getTime() - T0 - 1) / HOUR);
      turns[hour] = (turns[hour] ?? 0) + 1;
    }
    expect(Math.min(...turns)).toBeGreaterThan(0);
    expect(Math.max(...turns)).toBeLessThanOrEqual(3 * mean);
  });
});

describe('firstTurn', () => {
  it('falls inside the first window after now, stable per domain', () => {
    const now = new Date(T0);
    const seen = new Set<number>();
    for (const d of domains(500)) {
      const t = firstTurn(d, day, now, HOUR).getTime();
      expect(t).toBeGreaterThanOrEqual(T0);
      expect(t).toBeLessThan(T0 + HOUR);
      expect(firstTurn(d, day, now, HOUR).getTime()).toBe(t);
      seen.add(Math.floor((t - T0) / (5 * MINUTE)));
    }
    // Spread over the window: every five minutes of the hour gets some.
    expect(seen.size).toBe(12);
  });

  it('never waits longer than a period, whatever the window', () => {
    const short: Cadence = { name: 'dns', families: ['dns'], periodMs: 10 * MINUTE };
    for (const d of domains(200)) {
      const t = firstTurn(d, short, new Date(T0), DAY).getTime();
      expect(t).toBeGreaterThanOrEqual(T0);
      expect(t).toBeLessThan(T0 + 10 * MINUTE);
    }
  });

  it('is now itself for an empty window', () => {
    expect(firstTurn('a.nl', day, new Date(T0), 0).getTime()).toBe(T0);
  });
});
