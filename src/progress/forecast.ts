import { addDays, daysBetween } from './dates.js';

/** One figure at one date (a week of history, or today). */
export interface TrendPoint {
  day: string;
  value: number;
}

/** A straight line through the points (least squares): value per day and the value at `origin`. */
export interface Trend {
  origin: string;
  valueAtOrigin: number;
  perDay: number;
}

/**
 * The least-squares line through the points, or undefined when they cannot carry one: fewer than two, or
 * spanning less than two weeks (a single round of scans says nothing about a pace).
 */
export function trendOf(points: readonly TrendPoint[]): Trend | undefined {
  if (points.length < 2) return undefined;
  const origin = points.reduce((min, p) => (p.day < min ? p.day : min), points[0]?.day ?? '');
  const xs = points.map((p) => daysBetween(origin, p.day));
  const span = Math.max(...xs);
  if (span < 14) return undefined;
  const n = points.length;
  const meanX = xs.reduce((s, x) => s + x, 0) / n;
  const meanY = points.reduce((s, p) => s + p.value, 0) / n;
  let sxy = 0;
  let sxx = 0;
  points.forEach((p, i) => {
    const dx = (xs[i] ?? 0) - meanX;
    sxy += dx * (p.value - meanY);
    sxx += dx * dx;
  });
  const perDay = sxx === 0 ? 0 : sxy / sxx;
  return { origin, valueAtOrigin: meanY - perDay * meanX, perDay };
}

/** The trend's value at a date, clamped to 0–100. */
export function valueAt(trend: Trend, day: string): number {
  return Math.min(100, Math.max(0, trend.valueAtOrigin + trend.perDay * daysBetween(trend.origin, day)));
}

/**
 * When the line reaches `goal` (default 100%), from `today` on; undefined when it never does at this pace
 * (flat or falling) or would take more than a century.
 *
 * @example
 * reachDate({ origin: '2025-01-01', valueAtOrigin: 50, perDay: 0.1 }, '2025-01-01') // '2026-05-16'
 */
export function reachDate(trend: Trend, today: string, goal = 100): string | undefined {
  const now = trend.valueAtOrigin + trend.perDay * daysBetween(trend.origin, today);
  if (now >= goal) return today;
  if (trend.perDay <= 0) return undefined;
  const days = Math.ceil((goal - now) / trend.perDay);
  return days > 36_500 ? undefined : addDays(today, days);
}
