import type { ProgressStatus } from '../../../domain/progress.js';
import type { Locale } from '../../i18n/index.js';
import { PROGRESS_STATUSES } from '../../../domain/progress.js';
import { patternId, StatusPatterns } from './status-style.js';

/**
 * A small square in a status's colour and pattern, decorative (the status word always follows it). It
 * carries its own pattern definitions so it can stand anywhere on the page.
 */
export function StatusSwatch({ id, status }: { id: string; status: ProgressStatus }) {
  const prefix = `${id}-swatch-${status}`;
  return (
    <svg class="thorbecke-swatch" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">
      <StatusPatterns prefix={prefix} only={status} />
      <rect x="0.5" y="0.5" width="15" height="15" fill={`url(#${patternId(prefix, status)})`} stroke="#333333" />
    </svg>
  );
}

export interface StatusLegendProps {
  id: string;
  locale: Locale;
  statuses?: readonly ProgressStatus[] | undefined;
  /** Adds an item for regions without a figure, drawn in this fill. */
  noFigureFill?: string | undefined;
}

/** A legend of the statuses: swatch and word for each (the words carry the meaning). */
export function StatusLegend({ id, locale, statuses = PROGRESS_STATUSES, noFigureFill }: StatusLegendProps) {
  const d = locale.t.dashboard;
  return (
    <ul class="thorbecke-legend" aria-label={d.chart.legend}>
      {statuses.map((status) => (
        <li class="thorbecke-legend__item">
          <StatusSwatch id={id} status={status} /> {d.statuses[status]}
        </li>
      ))}
      {noFigureFill === undefined ? null : (
        <li class="thorbecke-legend__item">
          <svg class="thorbecke-swatch" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">
            <rect x="0.5" y="0.5" width="15" height="15" fill={noFigureFill} stroke="#333333" />
          </svg>{' '}
          {d.map.noFigure}
        </li>
      )}
    </ul>
  );
}
