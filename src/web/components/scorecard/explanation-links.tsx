import type { ExplanationSummary } from '../../../store/scorecard-read.js';
import type { Locale } from '../../i18n/index.js';
import { explanationHref } from './links.js';

/** Explanations as links to their pages, each with its scope and state in words; "None" without any. */
export function ExplanationLinks({ explanations, locale }: { explanations: readonly ExplanationSummary[]; locale: Locale }) {
  const s = locale.t.scorecard;
  if (explanations.length === 0) return <>{s.noExplanations}</>;
  return (
    <ul class="utrecht-unordered-list thorbecke-scorecard__explanations">
      {explanations.map((e) => (
        <li class="utrecht-unordered-list__item">
          <a class="utrecht-link" href={explanationHref(e.id)}>
            {s.explanationLink(String(e.id))}
          </a>{' '}
          ({s.explanationSummary(s.explanationScopes[e.scope], s.explanationStates[e.state])})
        </li>
      ))}
    </ul>
  );
}
