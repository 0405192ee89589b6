import type { NotificationTexts } from '../../services/notification-message.js';
import type { ExplanationScope, ExplanationState, ProgressStatus } from '../../domain/progress.js';
import { findCheck } from '../../checks/catalogue.js';
import { formatters } from './format.js';

const f = formatters('nl');

const statuses: Record<ProgressStatus, string> = {
  met: 'behaald',
  explained: 'uitgelegd',
  'on-track': 'op koers',
  'at-risk': 'in gevaar',
  overdue: 'te laat',
  unknown: 'niet te meten',
};

const explanationStates: Record<ExplanationState, string> = {
  proposed: 'voorgesteld',
  approved: 'goedgekeurd',
  rejected: 'afgewezen',
  expired: 'verlopen',
  lapsed: 'vervallen',
};

const scopes: Record<ExplanationScope, string> = {
  target: 'de afspraak',
  domain: 'een domein',
  finding: 'een bevinding',
  supplier: 'een leverancier',
};

/** Check titles from the catalogue (the id where it is not there). */
const checks = (ids: readonly string[]): string => f.list(ids.map((id) => `‘${findCheck(id)?.title.nl ?? id}’`));

const value = (v: number | null): string => (v === null ? '' : ` (nu ${f.percent(v)})`);
const days = (n: number): string => (n === 0 ? 'vandaag' : n === 1 ? 'over 1 dag' : `over ${String(n)} dagen`);

/** Dutch messages of notifications: e-mail, webhook summaries and the Atom feed (spread into nl.ts as `notifications`). */
export const notificationsNl = {
  kinds: {
    'status-worsened': 'Status verslechterd',
    'status-improved': 'Status verbeterd',
    'finding-regressed': 'Bevinding teruggevallen',
    'deadline-approaching': 'Uiterste datum nadert',
    'planned-date-approaching': 'Geplande datum nadert',
    'explanation-expiring': 'Uitleg verloopt binnenkort',
    'explanation-changed': 'Uitleg gewijzigd',
  },
  statuses,
  describe: {
    'status-worsened': (target, d) => `De status op ‘${target}’ ging van ${statuses[d.from]} naar ${statuses[d.to]}${value(d.value)}.`,
    'status-improved': (target, d) => `De status op ‘${target}’ ging van ${statuses[d.from]} naar ${statuses[d.to]}${value(d.value)}.`,
    'finding-regressed': (target, d) =>
      `${d.domain} voldeed eerder en voldoet nu niet aan ${checks(d.checks)} (afspraak ‘${target}’).`,
    'deadline-approaching': (target, d) =>
      `De uiterste datum van ‘${target}’ is ${f.date(d.date)}, ${days(d.daysLeft)}; de status is ${statuses[d.status]}.`,
    'planned-date-approaching': (target, d) =>
      `Uw geplande datum voor ‘${target}’ is ${f.date(d.date)}, ${days(d.daysLeft)}; de status is ${statuses[d.status]}.`,
    'explanation-expiring': (target, d) =>
      `De uitleg voor ${scopes[d.scope]} bij ‘${target}’ verloopt op ${f.date(d.expiresOn)}, ${days(d.daysLeft)}. Verleng de uitleg of voldoe aan de afspraak.`,
    'explanation-changed': (target, d) =>
      d.from === null
        ? `Er is uitleg ${explanationStates[d.to]} bij ‘${target}’.`
        : `De uitleg bij ‘${target}’ is nu ${explanationStates[d.to]} (was ${explanationStates[d.from]}).`,
  },
  mailSubject: (organisation: string, kind: string) => `Thorbecke: ${organisation} — ${kind}`,
  mailIntro: (organisation: string) => `Nieuws over de voortgang van ${organisation}:`,
  mailLinkLabel: 'Bekijk de scorecard',
  mailFooter: (id: number) =>
    `U ontvangt dit bericht omdat dit adres is aangemeld voor meldingen van Thorbecke (abonnement ${String(id)}). ` +
    `Afmelden: vraag de beheerder om \`thorbecke subscription remove ${String(id)}\`.`,
  feedTitle: (organisation: string) => `${organisation}: voortgang — Thorbecke`,
  feedDescription: (organisation: string) =>
    `Veranderingen in de voortgang van ${organisation} op de afspraken: verslechteringen en verbeteringen, naderende data en aflopende uitleg.`,
  feedLinkTitle: 'Meldingen (Atom-feed)',
} satisfies NotificationTexts & Record<string, unknown>;
