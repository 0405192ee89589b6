import type { Locale } from '../../i18n/index.js';
import { Alert } from '../alert.js';

/**
 * The success notice after a write: the page a form redirects to (303) carries `?done=<key>`; only the
 * known keys show a notice (anything else is ignored, so the query cannot put text on the page).
 */
export function DoneNotice({ done, locale }: { done: string | undefined; locale: Locale }) {
  const notices = locale.t.account.done;
  if (done === undefined || !Object.hasOwn(notices, done)) return null;
  return (
    <Alert type="ok">
      <p class="utrecht-paragraph">{notices[done as keyof typeof notices]}</p>
    </Alert>
  );
}
