import { scaleLinear } from 'd3-scale';
import { PROGRESS_STATUSES, type ProgressStatus } from '../../../domain/progress.js';
import type { Locale } from '../../i18n/index.js';
import { Table } from '../table.js';
import { StatusSwatch } from './legend.js';
import { patternId, StatusPatterns } from './status-style.js';

const WIDTH = 600;
const HEIGHT = 36;

export interface StatusBarProps {
  /** Unique on the page: prefixes the ids of the SVG's title, description, patterns and table. */
  id: string;
  title: string;
  counts: Record<ProgressStatus, number>;
  locale: Locale;
}

/** Each status's count, share (0–100) and the bar segment it gets, in the order of the status scale. */
export function statusSegments(counts: Record<ProgressStatus, number>, width = WIDTH) {
  const total = PROGRESS_STATUSES.reduce((sum, s) => sum + counts[s], 0);
  const x = scaleLinear().domain([0, Math.max(total, 1)]).range([0, width]);
  let before = 0;
  return PROGRESS_STATUSES.map((status) => {
    const count = counts[status];
    const segment = { status, count, share: total === 0 ? 0 : (count / total) * 100, x: x(before), width: x(before + count) - x(before) };
    before += count;
    return segment;
  });
}

/**
 * The distribution of organisations over the six statuses: a stacked horizontal bar (SVG, role="img",
 * with title and description), a legend with the status words, and the same counts and shares as a table.
 */
export function StatusBar({ id, title, counts, locale }: StatusBarProps) {
  const { t, format } = locale;
  const d = t.dashboard;
  const segments = statusSegments(counts);
  const total = segments.reduce((sum, s) => sum + s.count, 0);
  const summary = d.chart.statusBarSummary(format.list(segments.map((s) => `${d.statuses[s.status]} ${format.number(s.count)} (${format.percent(s.share)})`)));
  const rows = segments.map((s) => [
    <>
      <StatusSwatch id={id} status={s.status} /> {d.statuses[s.status]}
    </>,
    format.number(s.count),
    format.percent(s.share),
  ]);
  rows.push([d.chart.total, format.number(total), format.percent(total === 0 ? 0 : 100)]);
  return (
    <figure class="thorbecke-chart thorbecke-status-bar">
      <svg
        class="thorbecke-chart__svg"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        xmlns="http://www.w3.org/2000/svg"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        <StatusPatterns prefix={id} />
        <rect x="0" y="0" width={WIDTH} height={HEIGHT} fill="#ffffff" stroke="#666666" />
        {segments
          .filter((s) => s.count > 0)
          .map((s) => (
            <rect x={s.x.toFixed(1)} y="0" width={s.width.toFixed(1)} height={HEIGHT} fill={`url(#${patternId(id, s.status)})`} stroke="#ffffff">
              <title>{`${d.statuses[s.status]}: ${format.number(s.count)} (${format.percent(s.share)})`}</title>
            </rect>
          ))}
      </svg>
      <figcaption class="utrecht-paragraph">{summary}</figcaption>
      <Table id={`${id}-table`} caption={title} head={[d.chart.status, d.chart.count, d.chart.share]} rows={rows} />
    </figure>
  );
}
