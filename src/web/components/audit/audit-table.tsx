import type { Locale, Messages } from '../../i18n/index.js';
import { OrgLink } from '../organisation-facts.js';
import { Table } from '../table.js';
import { AuditDiff } from './audit-diff.js';
import type { AuditVisibility, ShownEntry } from './visibility.js';

/** The readable label of a kind of change; an unknown kind is shown as its code. */
export function actionLabel(t: Messages, action: string): string {
  const labels: Readonly<Record<string, string>> = t.audit.actions;
  return Object.hasOwn(labels, action) ? (labels[action] ?? action) : action;
}

/** Who made a change, as far as the viewer may see: a name only with `names`, never for the public. */
export function actorText(t: Messages, entry: ShownEntry): string {
  const a = t.audit;
  const channel = a.channels[entry.via];
  if (entry.actorName !== undefined) return a.named(entry.actorName, channel);
  return entry.actorKind === 'thorbecke' ? a.thorbecke(channel) : a.aPerson(channel);
}

/** `explanation 12` links to the explanation; other subjects are text. */
function Subject({ subject }: { subject: string }) {
  const explanation = /^explanation (\d+)$/.exec(subject);
  if (explanation?.[1] !== undefined) {
    return (
      <a class="utrecht-link" href={`/explanations/${explanation[1]}`}>
        {subject}
      </a>
    );
  }
  return <>{subject}</>;
}

export interface AuditTableProps {
  id: string;
  caption: string;
  entries: readonly ShownEntry[];
  visibility: AuditVisibility;
  locale: Locale;
  /** The whole log (/audit): also the entry number and the organisation. */
  full?: { names: ReadonlyMap<string, string> } | undefined;
}

/**
 * Audit entries as a table, newest first: when (the row header), what, subject, who, before → after;
 * on /audit also the entry's number and organisation; for administrators the IP address.
 */
export function AuditTable({ id, caption, entries, visibility, locale, full }: AuditTableProps) {
  const { t, format } = locale;
  const c = t.audit.columns;
  const head = [c.when, ...(full ? [c.entry, c.organisation] : []), c.what, c.subject, c.who, ...(visibility.ips ? [c.ip] : []), c.change];
  const rows = entries.map((e) => [
    <time datetime={e.at.toISOString()}>{format.dateTime(e.at)}</time>,
    ...(full
      ? [
          t.audit.entryNumber(String(e.id)),
          e.organisationCode === null ? t.audit.noOrganisation : <OrgLink code={e.organisationCode} name={full.names.get(e.organisationCode) ?? null} />,
        ]
      : []),
    <span title={e.action}>{actionLabel(t, e.action)}</span>,
    <Subject subject={e.subject} />,
    actorText(t, e),
    ...(visibility.ips ? [e.ip ?? t.audit.diff.absent] : []),
    <AuditDiff before={e.before} after={e.after} locale={locale} />,
  ]);
  return <Table id={id} caption={caption} head={head} rows={rows} />;
}
