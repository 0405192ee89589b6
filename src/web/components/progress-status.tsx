import type { ProgressStatus } from '../../domain/progress.js';
import type { Locale } from '../i18n/index.js';

/**
 * A progress status as a text tag: the status word (t.dashboard.statuses), with a class that gives it its
 * colour and a border pattern; the word carries the meaning, colour only supports it. The one-sentence
 * meaning is the tag's title.
 */
export function ProgressStatusTag({ status, locale }: { status: ProgressStatus; locale: Locale }) {
  const d = locale.t.dashboard;
  return (
    <span class={`thorbecke-status thorbecke-status--${status}`} title={d.statusMeaning[status]}>
      {d.statuses[status]}
    </span>
  );
}
