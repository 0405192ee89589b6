import type { Child } from 'hono/jsx';
import type { LatestObservation, ObservationInterval } from '../../store/observations-read.js';
import type { Locale } from '../i18n/index.js';
import { byCatalogueOrder, checkTitle, CheckStatusView } from './check-status.js';
import { Table } from './table.js';

/** A moment as a `<time>` element: its day, or with `withTime` its day and time (Dutch time). */
export function MomentView({ moment, locale, withTime = false }: { moment: Date; locale: Locale; withTime?: boolean }) {
  return <time datetime={moment.toISOString()}>{withTime ? locale.format.dateTime(moment) : locale.format.day(moment)}</time>;
}

/** A check's reason: written in English by the checks, so marked as English on a Dutch page. */
export function ReasonView({ reason, locale }: { reason: string; locale: Locale }) {
  return locale.lang === 'en' ? <>{reason}</> : <span lang="en">{reason}</span>;
}

export interface LatestTableProps {
  id: string;
  caption: string;
  latest: readonly LatestObservation[];
  locale: Locale;
  /** Adds a column with each check's reason. */
  withReason?: boolean;
}

/** The latest status of each check, in catalogue order: status (with known and pending), since, last measured. */
export function LatestTable({ id, caption, latest, locale, withReason = false }: LatestTableProps) {
  const m = locale.t.measurements;
  const rows = [...latest].sort(byCatalogueOrder).map((o): Child[] => [
    checkTitle(o.checkId, locale),
    <CheckStatusView status={o.status} knownStatus={o.knownStatus} pending={o.pending} locale={locale} />,
    ...(withReason ? [<ReasonView reason={o.reason} locale={locale} />] : []),
    <MomentView moment={o.since} locale={locale} />,
    <MomentView moment={o.lastSeen} locale={locale} withTime />,
  ]);
  const head = [m.check, m.status, ...(withReason ? [m.reason] : []), m.since, m.lastMeasured];
  return <Table id={id} caption={caption} head={head} rows={rows} />;
}

/**
 * Every stored interval of a domain, grouped by check in catalogue order and newest first within a check:
 * status (with the known status while it could not be measured, and the interval's state unless closed),
 * from, until and reason.
 */
export function HistoryTable({ id, history, locale }: { id: string; history: readonly ObservationInterval[]; locale: Locale }) {
  const { t } = locale;
  const d = t.domain;
  const m = t.measurements;
  // A stable sort keeps the newest-first order of historyFor within each check.
  const rows = [...history].sort(byCatalogueOrder).map((i): Child[] => [
    checkTitle(i.checkId, locale),
    <>
      <CheckStatusView status={i.status} knownStatus={i.knownStatus} locale={locale} />
      {i.state === 'closed' ? null : ` (${t.observationStates[i.state]})`}
    </>,
    <MomentView moment={i.firstSeen} locale={locale} withTime />,
    <MomentView moment={i.lastSeen} locale={locale} withTime />,
    <ReasonView reason={i.reason} locale={locale} />,
  ]);
  return <Table id={id} caption={d.historyCaption} head={[m.check, m.status, d.from, d.to, m.reason]} rows={rows} />;
}
