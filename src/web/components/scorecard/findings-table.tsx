import type { Child } from 'hono/jsx';
import { findCheck } from '../../../checks/catalogue.js';
import type { DomainFindings, Finding } from '../../../services/scorecard.js';
import type { Locale } from '../../i18n/index.js';
import { checkTitle, StatusBadge } from '../check-status.js';
import { domainHref } from '../links.js';
import { MomentView, ReasonView } from '../observation-table.js';
import { Badge } from '../source.js';
import { Table } from '../table.js';
import { explanationHref } from './links.js';

/** Whether and why a domain's failure is explained: the badge, the reason and a link to the explanation. */
function ExplainedCell({ domain, locale }: { domain: DomainFindings; locale: Locale }) {
  const s = locale.t.scorecard;
  if (domain.explanationId === null) return <>{s.notExplained}</>;
  return (
    <>
      <Badge tone="neutral">{s.explained}</Badge>{' '}
      {domain.explanation === null ? null : <span class="thorbecke-scorecard__reason">{s.explainedBecause(domain.explanation.reason)}</span>}{' '}
      <a class="utrecht-link" href={explanationHref(domain.explanationId)}>
        {s.explanationLink(String(domain.explanationId))}
      </a>
    </>
  );
}

function findingCells(finding: Finding, locale: Locale): Child[] {
  const s = locale.t.scorecard;
  return [
    checkTitle(finding.checkId, locale),
    finding.status === null ? s.neverMeasured : <StatusBadge status={finding.status} locale={locale} />,
    finding.reason === null ? '–' : <ReasonView reason={finding.reason} locale={locale} />,
    finding.since === null ? '–' : <MomentView moment={finding.since} locale={locale} />,
    findCheck(finding.checkId)?.fix[locale.lang] ?? '–',
  ];
}

/**
 * The findings behind a target that is not met: per domain that does not pass, each required check it
 * fails (or that could not be measured) with the observation's reason, since when, and how to fix it from
 * the check catalogue; explained failures are marked as such with the reason and stay in the list.
 */
export function FindingsTable({ id, caption, domains, locale }: { id: string; caption: string; domains: readonly DomainFindings[]; locale: Locale }) {
  const s = locale.t.scorecard;
  const rows = domains.flatMap((d) => {
    const name = (
      <>
        <a class="utrecht-link" href={domainHref(d.domain)}>
          {d.domain}
        </a>
        {d.outcome === 'unknown' ? ` (${s.outcomeUnknown})` : null}
      </>
    );
    const explained = <ExplainedCell domain={d} locale={locale} />;
    if (d.findings.length === 0) return [[name, '–', '–', '–', '–', '–', explained]];
    return d.findings.map((f) => [name, ...findingCells(f, locale), explained]);
  });
  return <Table id={id} caption={caption} head={[s.domain, s.check, s.result, s.reason, s.since, s.fix, s.explanations]} rows={rows} />;
}
