import type { Locale } from '../../i18n/index.js';
import { ABSENT, changedKeys, compactJson } from './diff.js';
import { WITHHELD } from './visibility.js';

/** One side of a change: `—` when absent, "not public" when withheld, else JSON (shortened, the whole value in a disclosure). */
function Value({ value, locale }: { value: unknown; locale: Locale }) {
  const d = locale.t.audit.diff;
  if (value === ABSENT) return <span>{d.absent}</span>;
  if (value === WITHHELD) return <em>{d.withheld}</em>;
  const { text, full } = compactJson(value);
  if (full === undefined) return <code>{text}</code>;
  return (
    <details>
      <summary>
        <code>{text}</code>
      </summary>
      <p class="utrecht-paragraph">{d.fullValue}</p>
      <pre>
        <code>{full}</code>
      </pre>
    </details>
  );
}

/**
 * Before → after of one audit entry as a list of changed keys (`key: old → new`); escaped by JSX like
 * every text.
 */
export function AuditDiff({ before, after, locale }: { before: unknown; after: unknown; locale: Locale }) {
  const d = locale.t.audit.diff;
  const changes = changedKeys(before, after);
  if (changes.length === 0) return <span>{d.noChange}</span>;
  return (
    <ul class="utrecht-unordered-list">
      {changes.map((change) => (
        <li class="utrecht-unordered-list__item">
          {change.key === null ? null : (
            <>
              <code>{change.key}</code>:{' '}
            </>
          )}
          <Value value={change.before} locale={locale} /> <span aria-hidden="true">{d.arrow}</span>
          <span class="thorbecke-visually-hidden"> {d.after}: </span> <Value value={change.after} locale={locale} />
        </li>
      ))}
    </ul>
  );
}
