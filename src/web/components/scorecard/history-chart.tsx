import type { HistoryRow } from '../../../store/progress-read.js';
import type { Target } from '../../../strategy/schema.js';
import type { Locale } from '../../i18n/index.js';
import { LineChart, type ChartSeries } from '../chart/line-chart.js';

/** At most this many lines on the scorecard's chart: more would be unreadable (every target is in the download). */
export const HEADLINE_SERIES = 4;

/**
 * The headline targets for the chart: targets measured by checks that have history, those requiring the most
 * checks first (the whole Forum sets before single standards), then by deadline.
 */
export function headlineTargets(targets: readonly Target[], history: readonly HistoryRow[]): Target[] {
  const withHistory = new Set(history.filter((h) => h.value !== null).map((h) => h.targetId));
  const size = (t: Target): number => (t.indicator.kind === 'checks' ? t.indicator.checks.length : 0);
  return targets
    .filter((t) => t.indicator.kind === 'checks' && withHistory.has(t.id))
    .sort((a, b) => size(b) - size(a) || a.deadline.localeCompare(b.deadline) || a.id.localeCompare(b.id))
    .slice(0, HEADLINE_SERIES);
}

/** The organisation's weekly value on its headline targets as a line chart (with the same data as a table), from two weeks on. */
export function ScorecardHistory({ name, targets, history, locale }: { name: string; targets: readonly Target[]; history: readonly HistoryRow[]; locale: Locale }) {
  const s = locale.t.scorecard;
  const chosen = headlineTargets(targets, history);
  if (chosen.length === 0) return <p class="utrecht-paragraph">{s.historyNone}</p>;
  // One week is a point, not a line: say so until a second week is recorded (the table download has it).
  if (new Set(history.map((h) => h.period)).size < 2) return <p class="utrecht-paragraph">{s.historyOneWeek}</p>;
  const series: ChartSeries[] = chosen.map((t) => ({
    id: t.id,
    label: t.title[locale.lang],
    points: history.filter((h) => h.targetId === t.id).map((h) => ({ day: h.period, value: h.value })),
  }));
  const summary = s.historySummary(locale.format.list(series.map((x) => x.label)));
  return <LineChart id="scorecard-history" title={s.historyTitle(name)} summary={summary} series={series} locale={locale} />;
}
