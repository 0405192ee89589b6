import type { Scorecard } from '../../../services/scorecard.js';
import type { Locale } from '../../i18n/index.js';
import type { ScorecardEdit } from '../account/edit-links.js';
import { TargetCard } from './target-card.js';

/** The scorecard's targets, grouped by priority (h3) in number order, each target as a card (h4). */
export function ScorecardPriorities({ scorecard, locale, edit }: { scorecard: Scorecard; locale: Locale; edit?: ScorecardEdit | undefined }) {
  const s = locale.t.scorecard;
  return (
    <>
      {scorecard.priorities.map(({ priority, targets }) => (
        <section class="thorbecke-scorecard__priority" aria-labelledby={`scorecard-priority-${priority.id}`}>
          <h3 class="utrecht-heading-3" id={`scorecard-priority-${priority.id}`}>
            {s.priority(locale.format.number(priority.number), priority.title[locale.lang])}
          </h3>
          {targets.map((item) => (
            <TargetCard item={item} locale={locale} edit={edit} />
          ))}
        </section>
      ))}
    </>
  );
}
