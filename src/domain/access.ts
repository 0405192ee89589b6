/**
 * Who may change what — the one place every write is authorised (web UI, API, CLI). Reading is public.
 *
 * - organisation editor: its own organisation's planned dates, explanations, self-assessments, domains;
 * - organisation admin: the same, and its organisation's users;
 * - coordinator: strategy versions, decisions on explanations, snapshots, scans and imports for everyone;
 * - administrator: everything, including users of any organisation.
 *
 * A person may belong to several organisations (shared service centres), with a role in each.
 */
import { AuthenticationError, NotAllowedError } from './errors.js';

export const ORGANISATION_ROLES = ['editor', 'admin'] as const;
export type OrganisationRole = (typeof ORGANISATION_ROLES)[number];
export const GLOBAL_ROLES = ['coordinator', 'administrator'] as const;
export type GlobalRole = (typeof GLOBAL_ROLES)[number];
export type Role = OrganisationRole | GlobalRole;

/** How a request reached us: recorded with every change in the audit log. */
export type Channel = 'web' | 'api' | 'cli' | 'system';

export type Principal =
  | { kind: 'public' }
  /** The CLI of whoever holds the data folder or the database (directly, or through the server's local token). */
  | { kind: 'local'; name: string }
  | {
      kind: 'account';
      accountId: number;
      /** Display name, as shown in the audit trail. */
      name: string;
      globalRole: GlobalRole | null;
      /** organisation code → role there. An API token narrows this to the one organisation it acts for. */
      memberships: ReadonlyMap<string, OrganisationRole>;
      via: 'session' | 'token';
    };

/**
 * Every kind of write. `organisation` actions concern one organisation (own or other); `global` ones
 * concern the whole federation; `self` ones a person's own account.
 */
export const ACTIONS = {
  'commitment.write': 'organisation',
  'explanation.propose': 'organisation',
  'self-assessment.write': 'organisation',
  'domain.write': 'organisation',
  'organisation.users': 'organisation',
  'explanation.decide': 'global',
  'strategy.apply': 'global',
  'snapshot.create': 'global',
  'scan.request': 'global',
  'import.run': 'global',
  'map.import': 'global',
  'subscription.write': 'organisation',
  'users.manage': 'global',
  'audit.read-all': 'global',
} as const satisfies Record<string, 'organisation' | 'global'>;
export type Action = keyof typeof ACTIONS;

/** What each organisation role may do for its own organisation. */
const ORGANISATION_GRANTS: Record<OrganisationRole, readonly Action[]> = {
  editor: ['commitment.write', 'explanation.propose', 'self-assessment.write', 'domain.write', 'subscription.write', 'scan.request'],
  admin: ['commitment.write', 'explanation.propose', 'self-assessment.write', 'domain.write', 'subscription.write', 'scan.request', 'organisation.users'],
};

/** What a coordinator may do anywhere; an administrator may do everything. */
const COORDINATOR_GRANTS: readonly Action[] = [
  'explanation.decide',
  'strategy.apply',
  'snapshot.create',
  'scan.request',
  'import.run',
  'map.import',
  'audit.read-all',
  'commitment.write',
  'explanation.propose',
  'subscription.write',
];

/**
 * May `principal` do `action` (for `organisation`, where the action concerns one)? Organisation-scoped
 * actions without an organisation are allowed only by a global grant. `scan.request` of one organisation
 * is an organisation grant; of everything, a global one.
 */
export function can(principal: Principal, action: Action, organisation?: string): boolean {
  switch (principal.kind) {
    case 'public':
      return false;
    case 'local':
      return true;
    case 'account': {
      if (principal.globalRole === 'administrator') return true;
      if (principal.globalRole === 'coordinator' && COORDINATOR_GRANTS.includes(action)) return true;
      if (organisation === undefined) return false;
      const role = principal.memberships.get(organisation);
      return role !== undefined && ORGANISATION_GRANTS[role].includes(action);
    }
  }
}

/** Throws 401 for the public (log in first) and 403 for a person without the right. */
export function authorise(principal: Principal, action: Action, organisation?: string): void {
  if (can(principal, action, organisation)) return;
  if (principal.kind === 'public') throw new AuthenticationError('Log in or send an API token to make changes.');
  const where = organisation === undefined ? '' : ` for ${organisation}`;
  throw new NotAllowedError(`You may not ${ACTION_TEXT[action]}${where}.`);
}

const ACTION_TEXT: Record<Action, string> = {
  'commitment.write': 'set planned dates',
  'explanation.propose': 'propose explanations',
  'self-assessment.write': 'answer self-assessments',
  'domain.write': 'change domains',
  'organisation.users': "manage this organisation's users",
  'explanation.decide': 'decide on explanations (coordinators do)',
  'strategy.apply': 'apply strategy versions (coordinators do)',
  'snapshot.create': 'take snapshots (coordinators do)',
  'scan.request': 'request this scan',
  'import.run': 'import registers (coordinators do)',
  'map.import': 'import maps (coordinators do)',
  'subscription.write': 'change subscriptions',
  'users.manage': 'manage users (administrators do)',
  'audit.read-all': 'read the whole audit trail (coordinators do)',
};

/** The organisations a principal may act for with `action` (undefined: all of them). */
export function organisationsFor(principal: Principal, action: Action): readonly string[] | undefined {
  if (principal.kind === 'local') return undefined;
  if (principal.kind === 'public') return [];
  if (principal.globalRole === 'administrator' || (principal.globalRole === 'coordinator' && COORDINATOR_GRANTS.includes(action))) return undefined;
  return [...principal.memberships].filter(([, role]) => ORGANISATION_GRANTS[role].includes(action)).map(([code]) => code);
}

/** Who did it, from where: what the audit log records with each change. */
export interface Actor {
  accountId: number | null;
  name: string;
  via: Channel;
  ip?: string | undefined;
}

export function actorOf(principal: Principal, via: Channel, ip?: string): Actor {
  switch (principal.kind) {
    case 'public':
      return { accountId: null, name: 'public', via, ip };
    case 'local':
      return { accountId: null, name: principal.name, via, ip };
    case 'account':
      return { accountId: principal.accountId, name: principal.name, via, ip };
  }
}

/** Who asks (for authorisation) and who is recorded (for the audit log): what every write takes. */
export interface Access {
  principal: Principal;
  actor: Actor;
}

/** The CLI working directly on the database (whoever holds the data folder or the database's credentials). */
export function localAccess(name: string): Access {
  const principal: Principal = { kind: 'local', name };
  return { principal, actor: actorOf(principal, 'cli') };
}
