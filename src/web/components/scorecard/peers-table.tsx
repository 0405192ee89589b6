import type { Child } from 'hono/jsx';
import type { ScorecardTarget } from '../../../services/scorecard.js';
import type { Locale } from '../../i18n/index.js';
import { DownloadLinks } from '../download-links.js';
import { ProgressStatusTag } from '../progress-status.js';
import { Table } from '../table.js';
import { shareText, ValueText } from './value-text.js';

export interface PeersTableProps {
  items: readonly ScorecardTarget[];
  /** The layer in the plural, as in "Met by municipalities". */
  layerPlural: string;
  /** The province's name, when the organisation lies in one. */
  provinceName: string | null;
  locale: Locale;
}

/**
 * The organisation next to its peers: per target its status and value, the share of organisations of its
 * layer that met the target and, where it lies in a province, the share there (pre-aggregated figures, whose
 * download is /data/aggregates).
 */
export function PeersTable({ items, layerPlural, provinceName, locale }: PeersTableProps) {
  const s = locale.t.scorecard;
  const head = [s.target, s.thisOrganisation, s.layerShare(layerPlural), ...(provinceName === null ? [] : [s.provinceShare(provinceName)])];
  const rows = items.map((item): Child[] => [
    item.target.title[locale.lang],
    item.progress === undefined ? (
      s.notMeasuredYet
    ) : (
      <>
        <ProgressStatusTag status={item.progress.status} locale={locale} /> <ValueText figures={item.progress} locale={locale} />
      </>
    ),
    item.layer === undefined ? s.notAvailable : shareText(item.layer.met, item.layer.organisations, locale),
    ...(provinceName === null ? [] : [item.province === undefined ? s.notAvailable : shareText(item.province.met, item.province.organisations, locale)]),
  ]);
  return (
    <>
      <Table id="peers-table" caption={s.peersCaption} head={head} rows={rows} />
      <DownloadLinks base="/data/aggregates" locale={locale} label={s.downloadAggregates} />
      <p class="utrecht-paragraph">{s.peersSize}</p>
    </>
  );
}
