import type { Locale } from '../i18n/index.js';
import type { CurrentStrategy } from '../../services/strategy-types.js';
import { targetsByPriority } from '../../strategy/query.js';
import type { ContextFigure, Priority, Target } from '../../strategy/schema.js';
import { Facts } from './facts.js';
import { priorityAnchor, targetHref } from './links.js';
import { DateView, SourceView } from './source.js';
import { TargetFacts } from './target-facts.js';

/** "Prioriteit 5: Digitale weerbaarheid en autonomie" */
export function priorityLabel(priority: Priority, locale: Locale): string {
  return `${locale.t.home.priorityNumber(locale.format.number(priority.number))}: ${priority.title[locale.lang]}`;
}

function TargetCard({ target, locale }: { target: Target; locale: Locale }) {
  return (
    <li class="thorbecke-card">
      <h4 class="utrecht-heading-4">
        <a class="utrecht-link" href={targetHref(target.id)}>
          {target.title[locale.lang]}
        </a>
      </h4>
      <TargetFacts target={target} locale={locale} />
    </li>
  );
}

function PrioritySection({ priority, targets, locale }: { priority: Priority; targets: Target[]; locale: Locale }) {
  const id = priorityAnchor(priority.id);
  return (
    <section id={id} aria-labelledby={`${id}-heading`} class="thorbecke-section">
      <h3 class="utrecht-heading-3" id={`${id}-heading`}>
        {priorityLabel(priority, locale)}
      </h3>
      <p class="utrecht-paragraph">{priority.summary[locale.lang]}</p>
      {targets.length === 0 ? (
        <p class="utrecht-paragraph">{locale.t.home.noTargets}</p>
      ) : (
        <ul class="thorbecke-cards">
          {targets.map((target) => (
            <TargetCard target={target} locale={locale} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ContextCard({ figure, locale }: { figure: ContextFigure; locale: Locale }) {
  const { t, lang } = locale;
  return (
    <li class="thorbecke-card">
      <h3 class="utrecht-heading-3">{figure.title[lang]}</h3>
      <Facts
        facts={[
          { term: t.home.contextTarget, value: figure.target[lang] },
          { term: t.common.deadline, value: <DateView iso={figure.deadline} locale={locale} /> },
          {
            term: t.home.contextCurrent,
            value: figure.current && t.home.contextCurrentValue(figure.current.value[lang], String(figure.current.year)),
          },
          { term: t.common.source, value: <SourceView source={figure.source} locale={locale} /> },
        ]}
      />
    </li>
  );
}

/**
 * The current strategy: its name and version, the priorities in their order with the targets under
 * each, and the national context figures.
 */
export function StrategyOverview({ current, locale }: { current: CurrentStrategy; locale: Locale }) {
  const { t, lang, format } = locale;
  const { strategy, version } = current;
  return (
    <>
      <section aria-labelledby="strategy-heading" class="thorbecke-section">
        <h2 class="utrecht-heading-2" id="strategy-heading">
          {strategy.title[lang]}
        </h2>
        <p class="utrecht-paragraph">{strategy.summary[lang]}</p>
        <Facts
          facts={[
            { term: t.home.version, value: strategy.version },
            { term: t.home.adopted, value: <DateView iso={strategy.adopted} locale={locale} /> },
            {
              term: t.home.applied,
              value: <time datetime={version.appliedAt.toISOString()}>{format.dateTime(version.appliedAt)}</time>,
            },
            { term: t.common.source, value: <SourceView source={strategy.source} locale={locale} /> },
          ]}
        />
        {targetsByPriority(strategy).map(({ priority, targets }) => (
          <PrioritySection priority={priority} targets={targets} locale={locale} />
        ))}
      </section>
      {strategy.context.length === 0 ? null : (
        <section aria-labelledby="context-heading" class="thorbecke-section">
          <h2 class="utrecht-heading-2" id="context-heading">
            {t.home.context}
          </h2>
          <p class="utrecht-paragraph">{t.home.contextIntro}</p>
          <ul class="thorbecke-cards">
            {strategy.context.map((figure) => (
              <ContextCard figure={figure} locale={locale} />
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
