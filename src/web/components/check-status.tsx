import { CATALOGUE, findCheck } from '../../checks/catalogue.js';
import { CHECK_STATUSES, type CheckStatus } from '../../domain/check.js';
import type { LatestObservation } from '../../store/observations-read.js';
import type { DefiniteStatus } from '../../store/schema.js';
import type { Locale } from '../i18n/index.js';
import { Badge } from './source.js';

/** The colour that supports a status's words: never red for "could not measure" or "blocked". */
const TONES: Record<CheckStatus, 'neutral' | 'warning' | 'danger' | 'safe'> = {
  pass: 'safe',
  warning: 'warning',
  fail: 'danger',
  'not-applicable': 'neutral',
  error: 'neutral',
  blocked: 'neutral',
};

const POSITION: ReadonlyMap<string, number> = new Map(CATALOGUE.map((c, i) => [c.id, i]));

/** A check's title in the page's language, or its id for a check the catalogue does not (or no longer) have. */
export function checkTitle(checkId: string, locale: Locale): string {
  return findCheck(checkId)?.title[locale.lang] ?? checkId;
}

/** Orders rows by the check's place in the catalogue; ids the catalogue does not know come last, by id. */
export function byCatalogueOrder(a: { checkId: string }, b: { checkId: string }): number {
  const pa = POSITION.get(a.checkId) ?? Number.MAX_SAFE_INTEGER;
  const pb = POSITION.get(b.checkId) ?? Number.MAX_SAFE_INTEGER;
  return pa - pb || a.checkId.localeCompare(b.checkId);
}

/** How many checks have each status, in the order of the status scale. */
export function countByStatus(latest: readonly { status: CheckStatus }[]): Record<CheckStatus, number> {
  const counts = Object.fromEntries(CHECK_STATUSES.map((s) => [s, 0])) as Record<CheckStatus, number>;
  for (const o of latest) counts[o.status] += 1;
  return counts;
}

/** A status as a badge: words first, colour only supports them. */
export function StatusBadge({ status, locale }: { status: CheckStatus; locale: Locale }) {
  return <Badge tone={TONES[status]}>{locale.t.checkStatuses[status]}</Badge>;
}

export interface CheckStatusProps {
  status: CheckStatus;
  /** The last definite status, shown when the status is error or blocked. */
  knownStatus: DefiniteStatus | null;
  /** A changed verdict awaiting its re-check. */
  pending?: LatestObservation['pending'] | undefined;
  locale: Locale;
}

/**
 * A check's status in words: "Kon niet meten; laatst bekend: voldoet" when it could not be measured
 * but an earlier result is known, and "; wijziging naar voldoet niet wacht op bevestiging" when a
 * changed verdict waits for its re-check.
 */
export function CheckStatusView({ status, knownStatus, pending, locale }: CheckStatusProps) {
  const { t } = locale;
  const m = t.measurements;
  const unmeasured = status === 'error' || status === 'blocked';
  return (
    <>
      <StatusBadge status={status} locale={locale} />
      {unmeasured && knownStatus !== null ? `; ${m.lastKnown(t.checkStatusesInline[knownStatus])}` : null}
      {pending ? `; ${m.pending(t.checkStatusesInline[pending.status])}` : null}
    </>
  );
}
