import type { Child } from 'hono/jsx';
import type { ReportExplanation } from '../../../services/report.js';
import type { Target } from '../../../strategy/schema.js';
import type { Locale } from '../../i18n/index.js';
import { checkTitle } from '../check-status.js';
import { organisationHref } from '../links.js';
import { DateView } from '../source.js';
import { Table } from '../table.js';
import { explanationHref } from '../scorecard/links.js';

/** Whom an explanation is for: its organisation (and domain or finding), or its supplier. */
function Who({ e, locale }: { e: ReportExplanation; locale: Locale }) {
  const r = locale.t.scorecard.report;
  if (e.scope === 'supplier') {
    const role = e.supplierRole === null ? '' : locale.t.scorecard.supplierRoles[e.supplierRole];
    return <>{r.supplierOf(e.supplier ?? '', role)}</>;
  }
  const detail =
    e.domain === null ? null : e.checkId === null ? e.domain : r.checkOf(e.domain, checkTitle(e.checkId, locale));
  return (
    <>
      {e.organisationCode === null ? null : (
        <a class="utrecht-link" href={organisationHref(e.organisationCode)}>
          {e.organisationName ?? e.organisationCode}
        </a>
      )}
      {detail === null ? null : `: ${detail}`}
    </>
  );
}

/** The explanations approved at the snapshot: target, scope, for whom, the reason and until when. */
export function ExplanationsTable({ explanations, targets, locale }: { explanations: readonly ReportExplanation[]; targets: readonly Target[]; locale: Locale }) {
  const s = locale.t.scorecard;
  const r = s.report;
  const titles = new Map(targets.map((t) => [t.id, t.title[locale.lang]]));
  const rows = explanations.map((e): Child[] => [
    <a class="utrecht-link" href={explanationHref(e.id)}>
      {s.explanationLink(String(e.id))}
    </a>,
    titles.get(e.targetId) ?? e.targetId,
    s.explanationScopes[e.scope],
    <Who e={e} locale={locale} />,
    e.reason,
    <DateView iso={e.expiresOn} locale={locale} />,
  ]);
  return <Table id="report-explanations" caption={r.explanationsCaption} head={[r.explanation, s.target, r.scope, r.who, r.reason, r.expires]} rows={rows} />;
}
