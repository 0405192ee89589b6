import type { ContextFigure, Target } from '../../../strategy/schema.js';
import type { Locale } from '../../i18n/index.js';
import { Facts } from '../facts.js';
import { targetHref } from '../links.js';
import { DateView, SourceView } from '../source.js';

function FigureCard({ figure, locale }: { figure: ContextFigure; locale: Locale }) {
  const { t, lang } = locale;
  const p = t.dashboard.progress;
  return (
    <li class="thorbecke-card">
      <h3 class="utrecht-heading-3">{figure.title[lang]}</h3>
      <Facts
        facts={[
          { term: p.contextTarget, value: figure.target[lang] },
          { term: t.common.deadline, value: <DateView iso={figure.deadline} locale={locale} /> },
          { term: p.contextCurrent, value: figure.current && p.contextCurrentValue(figure.current.value[lang], String(figure.current.year)) },
          { term: t.common.source, value: <SourceView source={figure.source} locale={locale} /> },
        ]}
      />
    </li>
  );
}

function NationalTargetCard({ target, locale }: { target: Target; locale: Locale }) {
  const { t, lang, format } = locale;
  const p = t.dashboard.progress;
  const indicator = target.indicator.kind === 'national' ? target.indicator : undefined;
  return (
    <li class="thorbecke-card">
      <h4 class="utrecht-heading-4">
        <a class="utrecht-link" href={targetHref(target.id)}>
          {target.title[lang]}
        </a>
      </h4>
      <Facts
        facts={[
          { term: p.contextTarget, value: indicator && `${indicator.measure[lang]}: ${format.percent(indicator.targetValue)}` },
          { term: t.common.deadline, value: <DateView iso={target.deadline} locale={locale} /> },
          { term: t.common.source, value: <SourceView source={target.source} locale={locale} /> },
        ]}
      />
    </li>
  );
}

/** The national context: the strategy's context figures (EU Digital Decade) and its national-only targets. */
export function EuContext({ figures, nationalTargets, locale }: { figures: readonly ContextFigure[]; nationalTargets: readonly Target[]; locale: Locale }) {
  const p = locale.t.dashboard.progress;
  return (
    <>
      <p class="utrecht-paragraph">{p.contextIntro}</p>
      {figures.length === 0 ? null : (
        <ul class="thorbecke-cards">
          {figures.map((figure) => (
            <FigureCard figure={figure} locale={locale} />
          ))}
        </ul>
      )}
      {nationalTargets.length === 0 ? null : (
        <>
          <h3 class="utrecht-heading-3">{p.nationalTargets}</h3>
          <ul class="thorbecke-cards">
            {nationalTargets.map((target) => (
              <NationalTargetCard target={target} locale={locale} />
            ))}
          </ul>
        </>
      )}
    </>
  );
}
