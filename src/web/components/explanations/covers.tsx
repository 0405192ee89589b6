import { PROVIDERS } from '../../../checks/hosting/providers.js';
import type { Explanation } from '../../../store/explanations.js';
import type { Locale } from '../../i18n/index.js';
import { checkTitle } from '../check-status.js';

/** A supplier's name from the provider table (its id where the table no longer has it). */
export function supplierName(id: string | null): string {
  return PROVIDERS.find((p) => p.id === id)?.name ?? id ?? '?';
}

/** What an explanation covers, in words: "DANE on a.nl", "every domain whose mail Microsoft 365 provides". */
export function coversText(e: Explanation, locale: Locale): string {
  const x = locale.t.explanations;
  switch (e.scope) {
    case 'target':
      return x.coversTarget;
    case 'domain':
      return x.coversDomain(e.domain ?? '?');
    case 'finding':
      return x.coversFinding(checkTitle(e.checkId ?? '?', locale), e.domain ?? '?');
    case 'supplier': {
      const role = x.roles[e.supplierRole ?? 'mail'];
      const supplier = supplierName(e.supplier);
      return e.checkId === null ? x.coversSupplier(supplier, role) : x.coversSupplierCheck(supplier, role, checkTitle(e.checkId, locale));
    }
  }
}

/** The state as a word, with its meaning as the title. */
export function ExplanationStateText({ state, locale }: { state: Explanation['state']; locale: Locale }) {
  const x = locale.t.explanations;
  return (
    <span class={`thorbecke-explanation-state thorbecke-explanation-state--${state}`} title={x.stateMeaning[state]}>
      {x.states[state]}
    </span>
  );
}

/** Text from the engine (English) on a page in another language is marked as English. */
export function EnglishText({ text, locale }: { text: string; locale: Locale }) {
  return locale.lang === 'en' ? <>{text}</> : <span lang="en">{text}</span>;
}
