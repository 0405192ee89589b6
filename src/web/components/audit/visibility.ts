/**
 * Who sees what of the audit log. The figures are public and so is the fact that they changed, but the
 * people behind a change are not: the public sees only the channel and whether a person or Thorbecke
 * itself made it; the organisation's own members, coordinators and administrators see names and personal
 * details; only administrators (and the local CLI) see IP addresses. Used by the pages and the API alike.
 */
import { can, type Channel, type Principal } from '../../../domain/access.js';
import type { AuditEntry } from '../../../store/audit-read.js';

export interface AuditVisibility {
  /** The actor's name, and personal details in before/after (e-mail addresses, names, token names). */
  names: boolean;
  /** The actor's IP address. */
  ips: boolean;
}

export const PUBLIC_VISIBILITY: AuditVisibility = { names: false, ips: false };

/**
 * What `principal` sees of the entries of `organisationCode` (undefined: of the whole log, as on /audit,
 * which only coordinators and administrators reach).
 */
export function visibilityFor(principal: Principal, organisationCode?: string): AuditVisibility {
  switch (principal.kind) {
    case 'public':
      return PUBLIC_VISIBILITY;
    case 'local':
      return { names: true, ips: true };
    case 'account': {
      const ips = principal.globalRole === 'administrator';
      const member = organisationCode !== undefined && principal.memberships.has(organisationCode);
      return { names: member || can(principal, 'audit.read-all'), ips };
    }
  }
}

/** What stands in for a value the viewer may not see. */
export const WITHHELD = '[withheld]';

/** Kinds of change whose before/after are about a person or their credentials: every value is personal. */
const PERSONAL_ACTIONS = ['account.', 'api-token.', 'subscription.'];
/** Keys whose values name a person wherever they occur. */
const PERSONAL_KEYS = new Set(['email', 'displayName', 'address', 'author', 'by', 'createdBy', 'decidedBy', 'grantedBy', 'requestedBy', 'appliedBy', 'importedBy', 'actor', 'oidcIssuer', 'oidcSubject', 'ip']);

function withholdKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withholdKeys);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, PERSONAL_KEYS.has(key) && v !== null ? WITHHELD : withholdKeys(v)]));
  }
  return value;
}

function withholdAll(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object' && !Array.isArray(value)) return Object.fromEntries(Object.keys(value).map((key) => [key, WITHHELD]));
  return WITHHELD;
}

/** An audit entry as a viewer may see it. */
export interface ShownEntry {
  id: number;
  at: Date;
  action: string;
  organisationCode: string | null;
  subject: string;
  /** `thorbecke`: a change Thorbecke made itself (expiry, lapse, start-up); `person`: everything else. */
  actorKind: 'person' | 'thorbecke';
  via: Channel;
  /** Only with `names`. */
  actorName?: string | undefined;
  actorAccountId?: number | null | undefined;
  /** Only with `ips`. */
  ip?: string | null | undefined;
  before: unknown;
  after: unknown;
}

export function showEntry(entry: AuditEntry, visibility: AuditVisibility): ShownEntry {
  const personal = PERSONAL_ACTIONS.some((prefix) => entry.action.startsWith(prefix));
  const hide = visibility.names ? (v: unknown) => v ?? null : personal ? withholdAll : withholdKeys;
  return {
    id: entry.id,
    at: entry.at,
    action: entry.action,
    organisationCode: entry.organisationCode,
    subject: entry.subject,
    actorKind: entry.via === 'system' ? 'thorbecke' : 'person',
    via: entry.via,
    ...(visibility.names ? { actorName: entry.actor, actorAccountId: entry.actorAccountId } : {}),
    ...(visibility.ips ? { ip: entry.ip } : {}),
    before: hide(entry.before),
    after: hide(entry.after),
  };
}
