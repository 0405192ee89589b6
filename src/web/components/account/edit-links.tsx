import type { Locale } from '../../i18n/index.js';
import { organisationHref } from '../links.js';

/**
 * Links from the scorecard to the edit forms, shown only to those who may use them (signed-in pages are
 * not cached, so the links never reach the public).
 */

/** What the person may do for the organisation on the scorecard. */
export interface ScorecardEdit {
  code: string;
  commitment: boolean;
  explain: boolean;
}

/** `/organisations/gm0363/commitments/web-https/edit` */
export const commitmentEditHref = (code: string, targetId: string): string => `${organisationHref(code)}/commitments/${encodeURIComponent(targetId)}/edit`;

/** `/organisations/gm0363/explanations/new?target=…&scope=…&domain=…&check=…` */
export function proposeHref(code: string, query: Partial<Record<'target' | 'scope' | 'domain' | 'check', string>> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== '') params.set(name, value);
  const search = params.toString();
  return `${organisationHref(code)}/explanations/new${search === '' ? '' : `?${search}`}`;
}

/** "Edit planned date" and "Explain" under one target of the scorecard. */
export function EditLinks({ edit, targetId, title, locale }: { edit: ScorecardEdit | undefined; targetId: string; title: string; locale: Locale }) {
  if (edit === undefined || (!edit.commitment && !edit.explain)) return null;
  const a = locale.t.account;
  return (
    <ul class="utrecht-unordered-list thorbecke-inline-list">
      {edit.commitment ? (
        <li class="utrecht-unordered-list__item">
          <a class="utrecht-link" href={commitmentEditHref(edit.code, targetId)} aria-label={a.commitment.editLinkLabel(title)}>
            {a.commitment.editLink}
          </a>
        </li>
      ) : null}
      {edit.explain ? (
        <li class="utrecht-unordered-list__item">
          <a class="utrecht-link" href={proposeHref(edit.code, { target: targetId })} aria-label={a.propose.explainLinkLabel(title)}>
            {a.propose.explainLink}
          </a>
        </li>
      ) : null}
    </ul>
  );
}
