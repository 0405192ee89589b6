import type { Child } from 'hono/jsx';
import type { ScorecardTarget } from '../../../services/scorecard.js';
import type { Locale } from '../../i18n/index.js';
import { Facts } from '../facts.js';
import { targetHref } from '../links.js';
import { ProgressStatusTag } from '../progress-status.js';
import { Badge, DateView } from '../source.js';
import { EditLinks, type ScorecardEdit } from '../account/edit-links.js';
import { ExplanationLinks } from './explanation-links.js';
import { FindingsTable } from './findings-table.js';
import { ValueText } from './value-text.js';

/** The planned date, marked where it lies after the deadline (allowed only where the target allows explaining). */
function PlannedDate({ item, locale }: { item: ScorecardTarget; locale: Locale }) {
  const s = locale.t.scorecard;
  const planned = item.progress?.plannedDate ?? null;
  if (planned === null) return <>{s.noPlannedDate}</>;
  const deadline = item.progress?.deadline ?? item.target.deadline;
  return (
    <>
      <DateView iso={planned} locale={locale} />
      {planned > deadline ? (
        <>
          {' '}
          <Badge tone="warning">{s.afterDeadline}</Badge>
        </>
      ) : null}
    </>
  );
}

/**
 * When the organisation's own trend reaches 100%; "no forecast" only where one matters (on track or at risk),
 * nothing for a target that is met, explained, overdue or not measurable.
 */
function forecastOf(item: ScorecardTarget, locale: Locale): Child | undefined {
  const progress = item.progress;
  if (progress === undefined) return undefined;
  if (progress.forecastDate !== null) return <DateView iso={progress.forecastDate} locale={locale} />;
  return progress.status === 'on-track' || progress.status === 'at-risk' ? locale.t.scorecard.noForecast : undefined;
}

/**
 * One target on the scorecard: a heading that links the target, its status, value (domains met of the total,
 * unknown said separately), deadline, planned date, forecast and explanations; below a target that is not
 * met, the findings per domain.
 */
export function TargetCard({ item, locale, edit }: { item: ScorecardTarget; locale: Locale; edit?: ScorecardEdit | undefined }) {
  const s = locale.t.scorecard;
  const { target, progress } = item;
  const title = target.title[locale.lang];
  const headingId = `scorecard-${target.id}`;
  return (
    <article class="thorbecke-scorecard__target" aria-labelledby={headingId}>
      <h4 class="utrecht-heading-4" id={headingId}>
        <a class="utrecht-link" href={targetHref(target.id)}>
          {title}
        </a>
      </h4>
      <Facts
        facts={[
          {
            term: s.status,
            value: progress === undefined ? <Badge tone="neutral">{s.notMeasuredYet}</Badge> : <ProgressStatusTag status={progress.status} locale={locale} />,
          },
          { term: s.value, value: progress === undefined ? undefined : <ValueText figures={progress} locale={locale} /> },
          { term: s.deadline, value: <DateView iso={progress?.deadline ?? target.deadline} locale={locale} /> },
          { term: s.plannedDate, value: <PlannedDate item={item} locale={locale} /> },
          { term: s.forecastDate, value: forecastOf(item, locale) },
          { term: s.explanations, value: <ExplanationLinks explanations={item.explanations} locale={locale} /> },
        ]}
      />
      <EditLinks edit={edit} targetId={target.id} title={title} locale={locale} />
      {progress === undefined || progress.status === 'met' || item.domains.length === 0 ? null : (
        <>
          <p class="utrecht-paragraph">{s.findingsIntro}</p>
          <FindingsTable id={`findings-${target.id}`} caption={s.findingsCaption(title)} domains={item.domains} locale={locale} />
        </>
      )}
    </article>
  );
}
