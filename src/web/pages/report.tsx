import type { Context } from 'hono';
import { InputError, NotFoundError } from '../../domain/errors.js';
import { ReportService, type HalfYearReport } from '../../services/report.js';
import type { WebDeps } from '../deps.js';
import { frameOf } from '../components/frame.js';
import { ExplanationsTable } from '../components/report/explanations-table.js';
import { NationalTable } from '../components/report/national-table.js';
import { TargetFigures } from '../components/report/target-figures.js';
import { REPORTS_HREF } from '../components/scorecard/links.js';
import { Section } from '../components/section.js';
import type { Locale } from '../i18n/index.js';
import { errorPage } from './error.js';
import { render } from './render.js';

function Basis({ report, locale }: { report: HalfYearReport; locale: Locale }) {
  const r = locale.t.scorecard.report;
  const { format } = locale;
  const { snapshot } = report;
  return (
    <Section id="basis" title={r.basis}>
      <p class="utrecht-paragraph">
        {r.basisText(snapshot.name, format.dateTime(snapshot.takenAt), format.number(snapshot.domains), format.number(snapshot.results))}
      </p>
      <p class="utrecht-paragraph">
        {r.basisMethod(format.date(report.day), format.number(report.organisations), `${report.strategy.id} ${report.strategy.version}`)}
      </p>
      <p class="utrecht-paragraph">{r.basisProviders}</p>
    </Section>
  );
}

function Body({ report, locale }: { report: HalfYearReport; locale: Locale }) {
  const s = locale.t.scorecard;
  const r = s.report;
  const byId = new Map(report.targets.map((t) => [t.target.id, t]));
  return (
    <div class="thorbecke-report">
      <h1 class="utrecht-heading-1">{r.title(report.snapshot.name)}</h1>
      <p class="utrecht-paragraph thorbecke-report__screen-only">
        {r.print}{' '}
        <a class="utrecht-link" href={REPORTS_HREF}>
          {r.back}
        </a>
      </p>
      <Basis report={report} locale={locale} />
      <Section id="national" title={r.national}>
        <NationalTable report={report} locale={locale} />
      </Section>
      <Section id="per-target" title={r.perTarget}>
        {report.priorities.map(({ priority, targetIds }) => (
          <section class="thorbecke-report__priority" aria-labelledby={`report-priority-${priority.id}`}>
            <h3 class="utrecht-heading-3" id={`report-priority-${priority.id}`}>
              {s.priority(locale.format.number(priority.number), priority.title[locale.lang])}
            </h3>
            {targetIds.map((id) => {
              const item = byId.get(id);
              return item === undefined ? null : <TargetFigures item={item} locale={locale} />;
            })}
          </section>
        ))}
      </Section>
      <Section id="explanations" title={r.explanations}>
        <p class="utrecht-paragraph">{r.explanationsIntro}</p>
        {report.explanations.length === 0 ? (
          <p class="utrecht-paragraph">{r.explanationsNone}</p>
        ) : (
          <ExplanationsTable explanations={report.explanations} targets={report.targets.map((t) => t.target)} locale={locale} />
        )}
      </Section>
    </div>
  );
}

/**
 * GET /reports/:snapshot: the printable half-yearly report of a snapshot — national figures per target, per
 * layer, the distribution over the statuses, and the explanations approved at the time — and what it is
 * computed from. 400 for a malformed name, 404 for an unknown snapshot or when no strategy is applied.
 */
export function reportRoute(deps: WebDeps) {
  const service = new ReportService(deps.db);
  return async (c: Context): Promise<Response> => {
    const frame = frameOf(c);
    const name = c.req.param('snapshot') ?? '';
    const r = frame.locale.t.scorecard.report;
    const current = await deps.strategy.current();
    if (!current) return errorPage(c, 404, { detail: r.noStrategy });
    let report: HalfYearReport;
    try {
      report = await service.report(name, current.strategy);
    } catch (error) {
      if (error instanceof InputError) return errorPage(c, 400, { detail: r.badName(name.slice(0, 100)) });
      if (error instanceof NotFoundError) return errorPage(c, 404, { detail: r.notFound(name) });
      throw error;
    }
    return render(c, frame, { title: r.title(report.snapshot.name), nav: 'reports', body: <Body report={report} locale={frame.locale} /> });
  };
}
