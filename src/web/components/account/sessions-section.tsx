import type { Locale } from '../../i18n/index.js';
import { PostForm, SubmitButton } from '../form-field.js';
import { Section } from '../section.js';

/** "Log out everywhere" on /account: every session of the account ends, this one too. */
export function SessionsSection({ csrfToken, live, locale }: { csrfToken: string; live: number; locale: Locale }) {
  const s = locale.t.account.sessions;
  return (
    <Section id="sessions" title={s.heading}>
      <p class="utrecht-paragraph">{s.count(live)}</p>
      <p class="utrecht-paragraph">{s.intro}</p>
      <PostForm action="/account/logout-everywhere" csrfToken={csrfToken}>
        <SubmitButton>{s.submit}</SubmitButton>
      </PostForm>
    </Section>
  );
}
