import type { Locale } from '../../i18n/index.js';
import { Field, PostForm, SubmitButton } from '../form-field.js';
import { Section } from '../section.js';
import { errorFor, type FormProblem } from './form-parts.js';

/** The ids of the password form's fields (unique on the account page). */
export const PASSWORD_FIELDS = { current: 'password-current', next: 'password-new', repeat: 'password-repeat' } as const;

/** "Change password" on /account: the rules (NCSC: length over complexity, passphrases welcome), current, new and repeat. */
export function PasswordForm({ csrfToken, hasPassword, problems, locale }: { csrfToken: string; hasPassword: boolean; problems?: readonly FormProblem[] | undefined; locale: Locale }) {
  const p = locale.t.account.password;
  return (
    <Section id="password" title={p.heading}>
      {!hasPassword ? (
        <p class="utrecht-paragraph">{p.noPassword}</p>
      ) : (
        <>
          <p class="utrecht-paragraph" id="password-rules-intro">
            {p.rules}
          </p>
          <ul class="utrecht-unordered-list" id="password-rules" aria-labelledby="password-rules-intro">
            <li class="utrecht-unordered-list__item">{p.ruleLength}</li>
            <li class="utrecht-unordered-list__item">{p.ruleGuess}</li>
            <li class="utrecht-unordered-list__item">{p.rulePassphrase}</li>
          </ul>
          <PostForm action="/account/password" csrfToken={csrfToken}>
            <Field id={PASSWORD_FIELDS.current} name="current" label={p.current} type="password" autocomplete="current-password" required maxlength={1024} error={errorFor(problems, PASSWORD_FIELDS.current)} />
            <Field id={PASSWORD_FIELDS.next} name="next" label={p.next} type="password" autocomplete="new-password" required maxlength={1024} hint={p.otherSessions} error={errorFor(problems, PASSWORD_FIELDS.next)} />
            <Field id={PASSWORD_FIELDS.repeat} name="repeat" label={p.repeat} type="password" autocomplete="new-password" required maxlength={1024} error={errorFor(problems, PASSWORD_FIELDS.repeat)} />
            <SubmitButton>{p.submit}</SubmitButton>
          </PostForm>
        </>
      )}
    </Section>
  );
}
