import type { Child } from 'hono/jsx';
import { PROGRESS_STATUSES } from '../../../domain/progress.js';
import type { ReportTarget } from '../../../services/report.js';
import type { Locale } from '../../i18n/index.js';
import { StatusBar } from '../chart/status-bar.js';
import { Table } from '../table.js';
import { domainsMetText } from './figure-cells.js';

/**
 * One target in the report: the distribution of organisations over the statuses (bar with its table) and
 * per government layer the counts per status and the domains that pass.
 */
export function TargetFigures({ item, locale }: { item: ReportTarget; locale: Locale }) {
  const { t, format } = locale;
  const r = t.scorecard.report;
  const title = item.target.title[locale.lang];
  const headingId = `report-target-${item.target.id}`;
  const rows = item.layers.map(({ layer, figure }): Child[] => [
    t.layers[layer],
    format.number(figure.organisations),
    ...PROGRESS_STATUSES.map((s) => format.number(figure.statuses[s])),
    domainsMetText(figure, locale),
  ]);
  return (
    <article class="thorbecke-report__target" aria-labelledby={headingId}>
      <h4 class="utrecht-heading-4" id={headingId}>
        {title}
      </h4>
      <StatusBar id={`report-bar-${item.target.id}`} title={r.distributionTitle(title)} counts={item.nation.statuses} locale={locale} />
      {rows.length === 0 ? null : (
        <Table
          id={`report-layers-${item.target.id}`}
          caption={r.layerCaption(title)}
          head={[r.layer, r.organisations, ...PROGRESS_STATUSES.map((s) => t.dashboard.statuses[s]), r.domainsMet]}
          rows={rows}
        />
      )}
    </article>
  );
}
