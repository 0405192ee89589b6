import type { Context } from 'hono';
import { COMPARE_MIN, CompareService, type CompareProblem, type Comparison } from '../../services/compare.js';
import type { OrganisationChoice } from '../../store/scorecard-read.js';
import type { WebDeps } from '../deps.js';
import { Alert } from '../components/alert.js';
import { frameOf } from '../components/frame.js';
import { CompareForm } from '../components/scorecard/compare-form.js';
import { CompareTables } from '../components/scorecard/compare-table.js';
import { Section } from '../components/section.js';
import type { Locale } from '../i18n/index.js';
import { render } from './render.js';

/** A problem with the chosen organisations in the user's language. */
function problemText(problem: CompareProblem, locale: Locale): string {
  const c = locale.t.scorecard.compare;
  switch (problem.kind) {
    case 'too-many':
      return c.tooMany(locale.format.number(problem.max));
    case 'unknown':
      return c.unknown(problem.value);
    case 'duplicate':
      return c.duplicate(problem.code);
  }
}

interface BodyProps {
  values: readonly string[];
  choices: readonly OrganisationChoice[];
  problems: readonly CompareProblem[];
  /** Too few organisations chosen (not an error: the form asks for more). */
  tooFew: boolean;
  comparison: Comparison | undefined;
  noStrategy: boolean;
  locale: Locale;
}

function Body({ values, choices, problems, tooFew, comparison, noStrategy, locale }: BodyProps) {
  const c = locale.t.scorecard.compare;
  return (
    <>
      <h1 class="utrecht-heading-1">{c.title}</h1>
      <p class="utrecht-paragraph">{c.intro}</p>
      {problems.length === 0 ? null : (
        <Alert type="error">
          <h2 class="utrecht-heading-2" id="compare-errors">
            {c.errorSummary}
          </h2>
          <ul class="utrecht-unordered-list">
            {problems.map((p) => (
              <li class="utrecht-unordered-list__item">{problemText(p, locale)}</li>
            ))}
          </ul>
        </Alert>
      )}
      {tooFew && problems.length === 0 && values.length > 0 ? (
        <Alert type="info">
          <p class="utrecht-paragraph">{c.tooFew}</p>
        </Alert>
      ) : null}
      <CompareForm values={values} choices={choices} locale={locale} />
      {noStrategy ? <p class="utrecht-paragraph">{c.noStrategy}</p> : null}
      {comparison === undefined ? null : (
        <Section id="comparison" title={c.caption}>
          <CompareTables comparison={comparison} locale={locale} />
        </Section>
      )}
    </>
  );
}

/**
 * GET /compare?org=CODE&org=CODE…: a form (no script needed) to choose two to six organisations by code or
 * exact name, and their status and value per target side by side. An unknown organisation, one named twice,
 * or more than six answer 400 with the form and what is wrong.
 */
export function compareRoute(deps: WebDeps) {
  const service = new CompareService(deps.db);
  return async (c: Context): Promise<Response> => {
    const frame = frameOf(c);
    const raw = c.req.queries('org') ?? [];
    const [selection, choices, current] = await Promise.all([service.select(raw), service.choices(), deps.strategy.current()]);
    const { problems, organisations } = selection;
    const ready = problems.length === 0 && organisations.length >= COMPARE_MIN;
    const comparison = ready && current ? await service.compare(current.strategy, organisations) : undefined;
    const values = problems.length === 0 ? organisations.map((o) => o.code) : selection.values;
    const body = (
      <Body
        values={values}
        choices={choices}
        problems={problems}
        tooFew={organisations.length < COMPARE_MIN}
        comparison={comparison}
        noStrategy={ready && !current}
        locale={frame.locale}
      />
    );
    return render(c, frame, { title: frame.locale.t.scorecard.compare.title, nav: 'organisations', body }, problems.length > 0 ? 400 : 200);
  };
}
