import type { Locale } from '../i18n/index.js';
import type { Indicator, Target } from '../../strategy/schema.js';
import { Facts } from './facts.js';
import { assetsText } from './target-facts.js';

/** How a target is measured, in words, for each kind of indicator. */
export function IndicatorView({ target, locale }: { target: Target; locale: Locale }) {
  const { t, lang, format } = locale;
  const x = t.target;
  const indicator: Indicator = target.indicator;
  const kind = { term: x.kind, value: t.indicatorKinds[indicator.kind] };
  switch (indicator.kind) {
    case 'checks': {
      const assets = assetsText(target, locale);
      return (
        <>
          <Facts facts={[kind]} />
          <p class="utrecht-paragraph">{assets === undefined ? x.checksAll : x.checksOn(assets)}</p>
          <ul class="utrecht-unordered-list">
            {indicator.checks.map((check) => (
              <li class="utrecht-unordered-list__item">
                <code class="utrecht-code">{check}</code>
              </li>
            ))}
          </ul>
          {indicator.set === undefined ? null : <p class="utrecht-paragraph">{x.checkSet(t.checkSets[indicator.set])}</p>}
        </>
      );
    }
    case 'self-assessment':
      return (
        <>
          <p class="utrecht-paragraph">{x.selfAssessment}</p>
          <Facts
            facts={[
              kind,
              { term: x.question, value: indicator.question[lang] },
              { term: x.answer, value: t.answerKinds[indicator.answer] },
              {
                term: x.choices,
                value: indicator.choices && format.list(indicator.choices.map((choice) => choice[lang])),
              },
              { term: x.evidence, value: t.evidenceKinds[indicator.evidence] },
              { term: x.validFor, value: x.months(format.number(indicator.validForMonths)) },
            ]}
          />
        </>
      );
    case 'register':
      return (
        <>
          <p class="utrecht-paragraph">{x.register(t.registers[indicator.register])}</p>
          <Facts facts={[kind, { term: x.rule, value: indicator.rule[lang] }]} />
        </>
      );
    case 'national':
      return (
        <>
          <p class="utrecht-paragraph">{x.national}</p>
          <Facts
            facts={[
              kind,
              { term: x.measure, value: indicator.measure[lang] },
              { term: x.targetValue, value: format.percent(indicator.targetValue) },
            ]}
          />
        </>
      );
  }
}
