import type { ExplanationScope, ExplanationState, ProgressStatus } from '../../domain/progress.js';
import { findCheck } from '../../checks/catalogue.js';
import { formatters } from './format.js';
import type { notificationsNl } from './notifications-nl.js';

const f = formatters('en');

const statuses: Record<ProgressStatus, string> = {
  met: 'met',
  explained: 'explained',
  'on-track': 'on track',
  'at-risk': 'at risk',
  overdue: 'overdue',
  unknown: 'not measurable',
};

const explanationStates: Record<ExplanationState, string> = {
  proposed: 'proposed',
  approved: 'approved',
  rejected: 'rejected',
  expired: 'expired',
  lapsed: 'lapsed',
};

const scopes: Record<ExplanationScope, string> = {
  target: 'the target',
  domain: 'a domain',
  finding: 'a finding',
  supplier: 'a supplier',
};

/** Check titles from the catalogue (the id where it is not there). */
const checks = (ids: readonly string[]): string => f.list(ids.map((id) => `‘${findCheck(id)?.title.en ?? id}’`));

const value = (v: number | null): string => (v === null ? '' : ` (now ${f.percent(v)})`);
const days = (n: number): string => (n === 0 ? 'today' : n === 1 ? 'in 1 day' : `in ${String(n)} days`);

/** English messages of notifications: the same keys as notifications-nl.ts. */
export const notificationsEn: typeof notificationsNl = {
  kinds: {
    'status-worsened': 'Status worsened',
    'status-improved': 'Status improved',
    'finding-regressed': 'Finding regressed',
    'deadline-approaching': 'Deadline approaching',
    'planned-date-approaching': 'Planned date approaching',
    'explanation-expiring': 'Explanation expiring soon',
    'explanation-changed': 'Explanation changed',
  },
  statuses,
  describe: {
    'status-worsened': (target, d) => `The status on ‘${target}’ went from ${statuses[d.from]} to ${statuses[d.to]}${value(d.value)}.`,
    'status-improved': (target, d) => `The status on ‘${target}’ went from ${statuses[d.from]} to ${statuses[d.to]}${value(d.value)}.`,
    'finding-regressed': (target, d) => `${d.domain} passed before and now fails ${checks(d.checks)} (target ‘${target}’).`,
    'deadline-approaching': (target, d) =>
      `The deadline of ‘${target}’ is ${f.date(d.date)}, ${days(d.daysLeft)}; the status is ${statuses[d.status]}.`,
    'planned-date-approaching': (target, d) =>
      `Your planned date for ‘${target}’ is ${f.date(d.date)}, ${days(d.daysLeft)}; the status is ${statuses[d.status]}.`,
    'explanation-expiring': (target, d) =>
      `The explanation for ${scopes[d.scope]} under ‘${target}’ expires on ${f.date(d.expiresOn)}, ${days(d.daysLeft)}. Renew it or meet the target.`,
    'explanation-changed': (target, d) =>
      d.from === null
        ? `An explanation under ‘${target}’ was ${explanationStates[d.to]}.`
        : `The explanation under ‘${target}’ is now ${explanationStates[d.to]} (was ${explanationStates[d.from]}).`,
  },
  mailSubject: (organisation, kind) => `Thorbecke: ${organisation} — ${kind}`,
  mailIntro: (organisation) => `News about the progress of ${organisation}:`,
  mailLinkLabel: 'See the scorecard',
  mailFooter: (id) =>
    `You receive this message because this address subscribed to Thorbecke notifications (subscription ${String(id)}). ` +
    `To unsubscribe, ask the operator to run \`thorbecke subscription remove ${String(id)}\`.`,
  feedTitle: (organisation) => `${organisation}: progress — Thorbecke`,
  feedDescription: (organisation) =>
    `Changes in the progress of ${organisation} on the targets: worsening and improvement, approaching dates and expiring explanations.`,
  feedLinkTitle: 'Notifications (Atom feed)',
};
