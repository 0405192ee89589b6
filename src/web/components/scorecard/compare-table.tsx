import type { Child } from 'hono/jsx';
import { isLayer } from '../../../domain/layer.js';
import type { CompareCell, Comparison } from '../../../services/compare.js';
import type { Locale } from '../../i18n/index.js';
import { DownloadLinks } from '../download-links.js';
import { organisationHref, targetHref } from '../links.js';
import { ProgressStatusTag } from '../progress-status.js';
import { Table } from '../table.js';
import { organisationDataBase } from './links.js';
import { ValueText } from './value-text.js';

function Cell({ cell, locale }: { cell: CompareCell; locale: Locale }) {
  const s = locale.t.scorecard;
  if (cell === 'not-in-scope') return <>{s.compare.notInScope}</>;
  if (cell === undefined) return <>{s.notMeasuredYet}</>;
  return (
    <>
      <ProgressStatusTag status={cell.status} locale={locale} /> <ValueText figures={cell} locale={locale} />
    </>
  );
}

/**
 * The comparison: the organisations linked to their scorecards, then per priority (in number order) one table
 * of its targets (rows) by the organisations (columns), each cell the status and the value; then each
 * organisation's progress as open data (there is no download of the comparison itself).
 */
export function CompareTables({ comparison, locale }: { comparison: Comparison; locale: Locale }) {
  const s = locale.t.scorecard;
  const head = [s.target, ...comparison.organisations.map((o) => `${o.name} (${o.code})`)];
  return (
    <>
      <ul class="utrecht-unordered-list">
        {comparison.organisations.map((o) => (
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link" href={organisationHref(o.code)}>
              {o.name}
            </a>{' '}
            ({o.code}, {isLayer(o.layer) ? locale.t.layers[o.layer] : o.layer})
          </li>
        ))}
      </ul>
      {comparison.priorities.map(({ priority, targets }) => (
        <Table
          id={`compare-${priority.id}`}
          caption={`${s.compare.caption} · ${s.priority(locale.format.number(priority.number), priority.title[locale.lang])}`}
          head={head}
          rows={targets.map(({ target, cells }): Child[] => [
            <a class="utrecht-link" href={targetHref(target.id)}>
              {target.title[locale.lang]}
            </a>,
            ...cells.map((cell) => <Cell cell={cell} locale={locale} />),
          ])}
        />
      ))}
      {comparison.organisations.map((o) => (
        <DownloadLinks base={`${organisationDataBase(o.code)}/progress`} locale={locale} label={`${s.downloadProgress}: ${o.name}`} />
      ))}
    </>
  );
}
