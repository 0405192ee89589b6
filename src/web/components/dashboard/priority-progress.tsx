import type { Priority, Target } from '../../../strategy/schema.js';
import type { AggregateRow } from '../../../store/progress-read.js';
import { metShare, signedPoints } from '../../dashboard/figures.js';
import type { Locale } from '../../i18n/index.js';
import { DownloadLinks } from '../download-links.js';
import { targetHref } from '../links.js';
import { DateView } from '../source.js';
import { priorityLabel } from '../strategy-overview.js';
import { Table } from '../table.js';

/** A priority's own figure: its agreements met (organisation × target pairs) and how that changed. */
export interface PriorityFigures {
  met: number;
  pairs: number;
  share: number | undefined;
  change4: number | undefined;
  change26: number | undefined;
}

/** What the overview shows of one target: its national aggregate, per-layer aggregates and the changes. */
export interface TargetFigures {
  target: Target;
  nation: AggregateRow | undefined;
  layers: AggregateRow[];
  /** Percentage points since 4 and 26 weeks ago; undefined without history. */
  change4: number | undefined;
  change26: number | undefined;
}

function ShareView({ row, locale }: { row: AggregateRow | undefined; locale: Locale }) {
  const { t, format } = locale;
  const c = t.dashboard.common;
  const share = row === undefined ? undefined : metShare(row.counts);
  if (row === undefined || share === undefined) return <>{c.notMeasured}</>;
  return <>{c.metShare(format.percent(share), format.number(row.counts.met), format.number(row.counts.organisations))}</>;
}

function ChangeView({ change, locale }: { change: number | undefined; locale: Locale }) {
  const c = locale.t.dashboard.common;
  return <>{change === undefined ? c.noHistory : c.change(signedPoints(change, locale.lang))}</>;
}

function LayerBreakdown({ id, figures, locale }: { id: string; figures: TargetFigures; locale: Locale }) {
  const { t, lang, format } = locale;
  const p = t.dashboard.progress;
  const title = figures.target.title[lang];
  if (figures.layers.length === 0) return <p class="utrecht-paragraph">{p.noLayers}</p>;
  const layerName = (layer: string): string => (t.layers as Partial<Record<string, string>>)[layer] ?? layer;
  const rows = figures.layers.map((row) => [
    layerName(row.scopeId),
    format.number(row.counts.organisations),
    <ShareView row={row} locale={locale} />,
    format.number(row.counts.explained),
    format.number(row.counts.unknown),
    t.dashboard.common.domainsOf(format.number(row.counts.domains_met), format.number(row.counts.domains_total)),
  ]);
  return (
    <>
      <Table id={id} caption={p.layersCaption(title)} head={[p.layer, p.organisations, p.met, p.explained, p.unknown, p.domainsMet]} rows={rows} />
      <DownloadLinks base="/data/aggregates" locale={locale} label={p.layersCaption(title)} />
    </>
  );
}

/**
 * One priority on the national overview: a table of its targets (share of organisations that met each,
 * explained and not measurable apart, deadline, change over 4 and 26 weeks) and per target the breakdown
 * per layer of government, folded.
 */
export function PriorityProgress({
  priority,
  figures,
  targets,
  locale,
}: {
  priority: Priority;
  figures: PriorityFigures;
  targets: readonly TargetFigures[];
  locale: Locale;
}) {
  const { t, lang, format } = locale;
  const p = t.dashboard.progress;
  const label = priorityLabel(priority, locale);
  const id = `progress-${priority.id}`;
  const rows = targets.map((f) => [
    <a class="utrecht-link" href={targetHref(f.target.id)}>
      {f.target.title[lang]}
    </a>,
    <ShareView row={f.nation} locale={locale} />,
    f.nation === undefined ? '–' : format.number(f.nation.counts.explained),
    f.nation === undefined ? '–' : format.number(f.nation.counts.unknown),
    <DateView iso={f.target.deadline} locale={locale} />,
    <ChangeView change={f.change4} locale={locale} />,
    <ChangeView change={f.change26} locale={locale} />,
  ]);
  return (
    <section aria-labelledby={`${id}-heading`} class="thorbecke-section">
      <h2 class="utrecht-heading-2" id={`${id}-heading`}>
        {label}
      </h2>
      {targets.length === 0 ? (
        <p class="utrecht-paragraph">{p.noTargets}</p>
      ) : (
        <>
          <p class="utrecht-paragraph">
            {figures.share === undefined
              ? p.priorityNotMeasured
              : p.priorityFigure(
                  t.dashboard.common.metShare(format.percent(figures.share), format.number(figures.met), format.number(figures.pairs)),
                  figures.change4 === undefined ? t.dashboard.common.noHistory : t.dashboard.common.change(signedPoints(figures.change4, lang)),
                  figures.change26 === undefined ? t.dashboard.common.noHistory : t.dashboard.common.change(signedPoints(figures.change26, lang)),
                )}
          </p>
          <Table
            id={`${id}-table`}
            caption={p.targetsCaption(label)}
            head={[p.target, p.met, p.explained, p.unknown, p.deadline, p.change4, p.change26]}
            rows={rows}
          />
          <DownloadLinks base="/data/aggregates" locale={locale} label={p.targetsCaption(label)} />
          {targets.map((f) => (
            <details class="thorbecke-details">
              <summary class="thorbecke-details__summary">{p.layersSummary(f.target.title[lang])}</summary>
              <LayerBreakdown id={`${id}-${f.target.id}-layers`} figures={f} locale={locale} />
              <p class="utrecht-paragraph">
                <a class="utrecht-link" href={targetHref(f.target.id)}>
                  {p.toTarget(f.target.title[lang])}
                </a>
              </p>
            </details>
          ))}
        </>
      )}
    </section>
  );
}
