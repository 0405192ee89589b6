import type { Child } from 'hono/jsx';
import type { HalfYearReport } from '../../../services/report.js';
import type { Locale } from '../../i18n/index.js';
import { targetHref } from '../links.js';
import { Table } from '../table.js';
import { domainsMetText, metText } from './figure-cells.js';

/** The national figures: per target the organisations in scope, how many met it, and their domains. */
export function NationalTable({ report, locale }: { report: HalfYearReport; locale: Locale }) {
  const r = locale.t.scorecard.report;
  const rows = report.targets.map(({ target, nation }): Child[] => [
    <a class="utrecht-link" href={targetHref(target.id)}>
      {target.title[locale.lang]}
    </a>,
    locale.format.number(nation.organisations),
    metText(nation, locale),
    domainsMetText(nation, locale),
    locale.format.number(nation.domainsUnknown),
  ]);
  return <Table id="report-national" caption={r.nationalCaption} head={[locale.t.scorecard.target, r.organisations, r.met, r.domainsMet, r.domainsUnknown]} rows={rows} />;
}
