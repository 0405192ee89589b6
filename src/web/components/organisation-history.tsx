import type { OrganisationChange } from '../../store/organisations.js';
import type { Locale } from '../i18n/index.js';
import { Table } from './table.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The top-level fields whose values differ between two recorded states (empty when either is missing). */
export function changedFields(before: unknown, after: unknown): string[] {
  if (!isRecord(before) || !isRecord(after)) return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
}

/** A field name in words, or the name itself when the vocabulary does not know it. */
function fieldName(key: string, locale: Locale): string {
  const names: Partial<Record<string, string>> = locale.t.organisationFields;
  return names[key] ?? key;
}

/** What imports changed about an organisation: kind, date, source and changed fields, newest first. */
export function OrganisationHistory({ history, locale }: { history: readonly OrganisationChange[]; locale: Locale }) {
  const { t, format } = locale;
  const h = t.organisation;
  if (history.length === 0) return <p class="utrecht-paragraph">{h.noHistory}</p>;
  const rows = history.map((change) => [
    <time datetime={change.changedAt.toISOString()}>{format.dateTime(change.changedAt)}</time>,
    t.organisationChangeKinds[change.kind],
    change.importSource ?? '',
    format.list(changedFields(change.before, change.after).map((key) => fieldName(key, locale))),
  ]);
  return <Table id="history-table" caption={h.historyCaption} head={[h.date, h.change, h.importSource, h.fields]} rows={rows} />;
}
