import type { Locale } from '../../i18n/index.js';
import { PostForm } from '../form-field.js';
import { explanationHref } from '../scorecard/links.js';
import { errorFor, SecondaryButton, TextAreaField, type FormProblem } from './form-parts.js';

export const DECISION_NOTE_FIELD = 'decision-note';

/**
 * A coordinator's decision on a proposed explanation: a note (required when rejecting) and two buttons,
 * approve and reject. Posts to `/explanations/:id/decision`.
 */
export function DecisionForm({ id, csrfToken, note, problems, locale }: { id: number; csrfToken: string; note?: string | undefined; problems?: readonly FormProblem[] | undefined; locale: Locale }) {
  const d = locale.t.account.decision;
  return (
    <PostForm action={`${explanationHref(id)}/decision`} csrfToken={csrfToken}>
      <TextAreaField id={DECISION_NOTE_FIELD} name="note" label={d.note} hint={d.noteHint} maxlength={4000} value={note} error={errorFor(problems, DECISION_NOTE_FIELD)} />
      <div class="utrecht-button-group">
        <button type="submit" class="utrecht-button utrecht-button--primary-action" name="decision" value="approve">
          {d.approve}
        </button>
        <SecondaryButton name="decision" value="reject">
          {d.reject}
        </SecondaryButton>
      </div>
    </PostForm>
  );
}
