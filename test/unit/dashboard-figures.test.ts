import { describe, expect, it } from 'vitest';
import type { AggregateRow } from '../../src/store/progress-read.js';
import { changeSince, domainShareSeries, forecastOf, metShare, signedPoints } from '../../src/web/dashboard/figures.js';
import { parseTargetQuery } from '../../src/web/dashboard/target-query.js';
import { locale } from '../../src/web/i18n/index.js';
import { counts } from '../support/dashboard-fixtures.js';

const row = (period: string, c: Parameters<typeof counts>[0]): AggregateRow => ({ scopeKind: 'nation', scopeId: 'nl', targetId: 'x', counts: counts(c), period });

describe('figures', () => {
  it('never counts explained or unknown as met', () => {
    expect(metShare(counts({ organisations: 4, met: 1, explained: 2, unknown: 1 }))).toBe(25);
    expect(metShare(counts({}))).toBeUndefined();
  });

  it('compares with the week of 4 weeks ago, or up to two weeks older, else says there is no history', () => {
    const today = '2026-11-25'; // a Wednesday; 4 weeks before is in the week of Monday 2026-10-26
    const history = [row('2026-10-19', { organisations: 10, met: 1 }), row('2026-10-26', { organisations: 10, met: 2 })];
    expect(changeSince(history, 50, today, 4)).toBe(30);
    expect(changeSince([row('2026-10-12', { organisations: 10, met: 1 })], 50, today, 4)).toBe(40);
    expect(changeSince([row('2026-10-05', { organisations: 10, met: 1 })], 50, today, 4)).toBeUndefined();
    expect(changeSince([row('2026-11-02', { organisations: 10, met: 1 })], 50, today, 4)).toBeUndefined();
    expect(changeSince(history, undefined, today, 4)).toBeUndefined();
  });

  it('forecasts 100% from the last 26 weeks only', () => {
    const points = Array.from({ length: 10 }, (_, i) => ({ day: `2026-0${1 + Math.floor(i / 4)}-0${1 + (i % 4) * 2}`, value: 10 }));
    expect(forecastOf(points, '2026-12-31')).toEqual({ kind: 'too-short' }); // all older than 26 weeks
    const rising = domainShareSeries([row('2026-11-02', { domains_total: 10, domains_met: 5 }), row('2026-11-16', { domains_total: 10, domains_met: 6 })]);
    expect(rising.map((p) => p.value)).toEqual([50, 60]);
    expect(forecastOf(rising, '2026-11-16')).toEqual({ kind: 'reach', date: '2027-01-11' });
    expect(forecastOf([{ day: '2026-11-02', value: 60 }, { day: '2026-11-16', value: 50 }], '2026-11-16')).toEqual({ kind: 'never' });
  });

  it('writes changes with their sign', () => {
    expect(signedPoints(2.345, 'nl')).toBe('+2,3');
    expect(signedPoints(-4, 'en')).toBe('-4');
    expect(signedPoints(0, 'en')).toBe('0');
  });
});

describe('target query', () => {
  const t = locale('en').t;
  it('reads the form, with defaults, and lists every bad parameter', () => {
    expect(parseTargetQuery({ layer: '', province: 'PV27', sort: 'value', order: 'desc', page: '3' }, t)).toEqual({
      ok: true,
      query: { layer: undefined, province: 'pv27', status: undefined, sort: 'value', order: 'desc', page: 3 },
    });
    expect(parseTargetQuery({ layer: 'kingdom', order: 'up', province: 'Utrecht' }, t)).toEqual({
      ok: false,
      issues: ['Unknown layer of government: kingdom', 'Not a province code (like pv27): Utrecht', 'Order is asc or desc, not: up'],
    });
  });
});
