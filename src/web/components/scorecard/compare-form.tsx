import { COMPARE_MAX } from '../../../services/compare.js';
import type { OrganisationChoice } from '../../../store/scorecard-read.js';
import type { Locale } from '../../i18n/index.js';

export interface CompareFormProps {
  /** The values to refill the fields with, in order. */
  values: readonly string[];
  /** Suggestions for every field (a `<datalist>`: no script needed). */
  choices: readonly OrganisationChoice[];
  locale: Locale;
}

/**
 * The GET form of /compare: {@link COMPARE_MAX} labelled text fields named `org` that share one list of
 * suggestions (code as value, name as label), so it works without JavaScript.
 */
export function CompareForm({ values, choices, locale }: CompareFormProps) {
  const c = locale.t.scorecard.compare;
  return (
    <form class="utrecht-form thorbecke-compare-form" method="get" action="/compare" aria-labelledby="compare-form-heading">
      <h2 class="utrecht-heading-2" id="compare-form-heading">
        {c.form}
      </h2>
      <p class="utrecht-paragraph" id="compare-hint">
        {c.hint}
      </p>
      <datalist id="compare-organisations">
        {choices.map((o) => (
          <option value={o.code}>{o.name}</option>
        ))}
      </datalist>
      <div class="thorbecke-compare-form__fields">
        {Array.from({ length: COMPARE_MAX }, (_, i) => {
          const id = `compare-org-${String(i + 1)}`;
          return (
            <div class="utrecht-form-field utrecht-form-field--text">
              <div class="utrecht-form-field__label">
                <label class="utrecht-form-label" for={id}>
                  {c.field(locale.format.number(i + 1))}
                </label>
              </div>
              <div class="utrecht-form-field__input">
                <input
                  class="utrecht-textbox utrecht-textbox--html-input"
                  type="text"
                  id={id}
                  name="org"
                  list="compare-organisations"
                  value={values[i] ?? ''}
                  maxlength={200}
                  autocomplete="off"
                  aria-describedby="compare-hint"
                />
              </div>
            </div>
          );
        })}
      </div>
      <div>
        <button class="utrecht-button utrecht-button--primary-action" type="submit">
          {c.submit}
        </button>
      </div>
    </form>
  );
}
