import { PROGRESS_STATUSES, type ProgressStatus } from '../../domain/progress.js';
import { addDays, daysBetween, weekStart } from '../../progress/dates.js';
import { reachDate, trendOf } from '../../progress/forecast.js';
import type { AggregateRow } from '../../store/progress-read.js';
import type { AggregateCounts } from '../../store/schema.js';
import type { ChartPoint } from '../components/chart/line-chart.js';

/**
 * The figures the dashboard pages show, computed from pre-aggregated rows (pure functions). Shares are
 * 0–100; `undefined` where there is nothing to divide by.
 */

/** The organisations per status of an aggregate. */
export function countsByStatus(c: AggregateCounts): Record<ProgressStatus, number> {
  return { met: c.met, explained: c.explained, 'on-track': c.on_track, 'at-risk': c.at_risk, overdue: c.overdue, unknown: c.unknown };
}

/** An empty distribution (every status 0). */
export function noCounts(): Record<ProgressStatus, number> {
  return Object.fromEntries(PROGRESS_STATUSES.map((s) => [s, 0])) as Record<ProgressStatus, number>;
}

/** The share of organisations in scope that met the target (explained and unknown are not met). */
export function metShare(c: AggregateCounts): number | undefined {
  return c.organisations === 0 ? undefined : (c.met / c.organisations) * 100;
}

/** The share of domains in scope that comply (as the Forum counts). */
export function domainShare(c: AggregateCounts): number | undefined {
  return c.domains_total === 0 ? undefined : (c.domains_met / c.domains_total) * 100;
}

/** A week's row counts for a date when it is at most this many days older. */
const TOLERANCE_DAYS = 14;

/**
 * How many percentage points `share` changed since `weeks` weeks before `today`: against the history row of
 * that week (or up to two weeks older); undefined when there is none ("no history yet").
 */
export function changeSince(
  history: readonly AggregateRow[],
  current: number | undefined,
  today: string,
  weeks: number,
  share: (c: AggregateCounts) => number | undefined = metShare,
): number | undefined {
  if (current === undefined) return undefined;
  const period = weekStart(addDays(today, -7 * weeks));
  let best: AggregateRow | undefined;
  for (const row of history) {
    if (row.period === undefined || row.period > period || daysBetween(row.period, period) > TOLERANCE_DAYS) continue;
    if (best?.period === undefined || row.period > best.period) best = row;
  }
  const before = best === undefined ? undefined : share(best.counts);
  return before === undefined ? undefined : current - before;
}

/** A target's weekly domain share as chart points, oldest first. */
export function domainShareSeries(history: readonly AggregateRow[]): ChartPoint[] {
  return history
    .filter((r): r is AggregateRow & { period: string } => r.period !== undefined)
    .map((r) => ({ day: r.period, value: domainShare(r.counts) ?? null }))
    .sort((a, b) => a.day.localeCompare(b.day));
}

export type Forecast = { kind: 'reach'; date: string } | { kind: 'never' } | { kind: 'too-short' };

/** The weeks of history a forecast looks at. */
export const FORECAST_WEEKS = 26;

/**
 * When the series reaches 100% at the pace of the last 26 weeks (least squares, src/progress/forecast.ts):
 * a date, `never` at this pace (flat or falling), or `too-short` when the history cannot carry a trend.
 */
export function forecastOf(points: readonly ChartPoint[], today: string): Forecast {
  const since = addDays(today, -7 * FORECAST_WEEKS);
  const recent = points.flatMap((p) => (p.value !== null && p.day >= since && p.day <= today ? [{ day: p.day, value: p.value }] : []));
  const trend = trendOf(recent);
  if (trend === undefined) return { kind: 'too-short' };
  const date = reachDate(trend, today);
  return date === undefined ? { kind: 'never' } : { kind: 'reach', date };
}

/** "+3,5" / "−2" / "0": a change in percentage points with its sign, one decimal at most. */
export function signedPoints(change: number, lang: 'nl' | 'en'): string {
  const rounded = Math.round(change * 10) / 10;
  const text = new Intl.NumberFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(rounded);
  return text;
}
