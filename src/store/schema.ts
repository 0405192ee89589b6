import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { CheckStatus } from '../domain/check.js';
import type { GlobalRole, OrganisationRole } from '../domain/access.js';
import type {
  AggregateScope,
  DomainOutcome,
  ExplanationScope,
  ExplanationState,
  ProgressEventKind,
  ProgressStatus,
  StatusCounts,
  SupplierRole,
} from '../domain/progress.js';

/**
 * The database as Kysely sees it. Keep in step with src/store/migrations; test/db/schema.db.test.ts
 * compares the two. Dates (`date` columns) are read as `YYYY-MM-DD` strings on both engines.
 */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A column with a database default: optional when inserting. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;
/** JSON columns: written as a JSON string or value, read as parsed JSON. */
type Json = ColumnType<unknown, string, string>;

export interface ImportRunTable {
  id: Generated<number>;
  kind: 'organisations' | 'domains';
  source: string;
  format: string;
  full_import: boolean;
  actor: string;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  added: Generated<number>;
  changed: Generated<number>;
  ended: Generated<number>;
  reinstated: Generated<number>;
  unchanged: Generated<number>;
  detail: ColumnType<unknown, string | undefined, string>;
}

export interface OrganisationTable {
  code: string;
  name: string;
  short_name: string | null;
  layer: string;
  oin: string | null;
  province_code: string | null;
  parent_code: string | null;
  website: string | null;
  valid_from: string | null;
  valid_to: string | null;
  successor_code: string | null;
  source: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OrganisationChangeTable {
  id: Generated<number>;
  organisation_code: string;
  import_run_id: number | null;
  kind: 'added' | 'changed' | 'ended' | 'reinstated';
  before: Json | null;
  after: Json | null;
  changed_at: Timestamp;
}

export interface AssetTable {
  id: Generated<number>;
  kind: 'web' | 'mail';
  name: string;
  created_at: Timestamp;
}

export interface AssetOwnerTable {
  asset_id: number;
  organisation_code: string;
  source: string;
  added_at: Timestamp;
}

export interface StrategyVersionTable {
  id: Generated<number>;
  strategy_id: string;
  version: string;
  document: Json;
  content_hash: string;
  source_path: string | null;
  applied_by: string;
  applied_at: Timestamp;
  note: string | null;
}

export interface StrategyChangeTable {
  id: Generated<number>;
  strategy_version_id: number;
  entity: 'strategy' | 'priority' | 'target' | 'context';
  entity_id: string;
  kind: 'added' | 'changed' | 'removed';
  fields: ColumnType<string[], string[] | undefined, string[]>;
  before: Json | null;
  after: Json | null;
}

export type ObservationState = 'current' | 'closed' | 'pending' | 'dropped';
/** A status that says something about the domain: not `error` (could not measure) nor `blocked`. */
export type DefiniteStatus = Exclude<CheckStatus, 'error' | 'blocked'>;

export interface ObservationTable {
  id: Generated<number>;
  domain: string;
  check_id: string;
  state: ObservationState;
  status: CheckStatus;
  known_status: DefiniteStatus | null;
  reason: string;
  key_facts_hash: string;
  first_seen: Timestamp;
  last_seen: Timestamp;
  scanner_version: string;
}

export interface ObservationEvidenceTable {
  id: Generated<number>;
  observation_id: number;
  measured_at: Timestamp;
  facts: Json;
}

export interface ScanRunTable {
  id: Generated<number>;
  kind: 'scheduled' | 'requested';
  requested_by: string;
  selection: Json;
  total: number;
  created_at: Timestamp;
}

export interface ScanScheduleTable {
  domain: string;
  cadence: string;
  next_at: Timestamp;
  last_enqueued_at: Timestamp | null;
}

export interface SnapshotTable {
  id: Generated<number>;
  name: string;
  taken_at: Timestamp;
  created_by: string;
  note: string | null;
  domains: number;
  results: number;
}

export interface SnapshotResultTable {
  snapshot_id: number;
  domain: string;
  check_id: string;
  status: CheckStatus;
  known_status: DefiniteStatus | null;
  reason: string;
  since: Timestamp;
  last_seen: Timestamp;
}

/** A milestone of a commitment: the share the organisation plans to have reached by a date. */
export interface MilestoneRow {
  date: string;
  value: number;
  note?: string;
}

export interface CommitmentTable {
  organisation_code: string;
  target_id: string;
  planned_date: string;
  milestones: ColumnType<MilestoneRow[], string | undefined, string>;
  note: string | null;
  set_by: string;
  set_at: Timestamp;
}

export interface ExplanationTable {
  id: Generated<number>;
  scope: ExplanationScope;
  target_id: string;
  organisation_code: string | null;
  domain: string | null;
  check_id: string | null;
  supplier: string | null;
  supplier_role: SupplierRole | null;
  reason: string;
  author: string;
  state: ExplanationState;
  expires_on: string;
  basis: Json | null;
  created_at: Timestamp;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_note: string | null;
  ended_at: Timestamp | null;
  ended_reason: string | null;
}

export interface ProgressTable {
  organisation_code: string;
  target_id: string;
  status: ProgressStatus;
  value: number | null;
  domains_total: Defaulted<number>;
  domains_met: Defaulted<number>;
  domains_failing: Defaulted<number>;
  domains_unknown: Defaulted<number>;
  domains_explained: Defaulted<number>;
  deadline: string | null;
  planned_date: string | null;
  effective_date: string | null;
  forecast_date: string | null;
  reason: string;
  updated_at: Timestamp;
}

export interface ProgressDomainTable {
  organisation_code: string;
  target_id: string;
  domain: string;
  outcome: DomainOutcome;
  explanation_id: number | null;
}

/** Counts of organisations per status and of domains, for one scope and target. */
export type AggregateCounts = StatusCounts;

export interface ProgressAggregateTable extends AggregateCounts {
  scope_kind: AggregateScope;
  scope_id: string;
  target_id: string;
  updated_at: Timestamp;
}

export interface ProgressHistoryTable {
  period: string;
  organisation_code: string;
  target_id: string;
  status: ProgressStatus;
  value: number | null;
  domains_total: number;
  domains_met: number;
}

export interface ProgressAggregateHistoryTable extends AggregateCounts {
  period: string;
  scope_kind: AggregateScope;
  scope_id: string;
  target_id: string;
}

export interface ProgressDirtyTable {
  id: Generated<number>;
  organisation_code: string;
  marked_at: Timestamp;
}

export interface ProgressFullRefreshTable {
  singleton: Generated<boolean>;
  day: string;
  at: Timestamp;
}

export interface ProgressEventTable {
  id: Generated<number>;
  organisation_code: string;
  target_id: string | null;
  kind: ProgressEventKind;
  dedupe_key: string;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Timestamp;
}

export interface SubscriptionTable {
  id: Generated<number>;
  organisation_code: string;
  channel: 'email' | 'webhook';
  address: string;
  secret: string | null;
  created_by: string;
  created_at: Timestamp;
}

export interface NotificationDeliveryTable {
  event_id: number;
  subscription_id: number;
  state: 'sent' | 'failed';
  attempts: Generated<number>;
  last_error: string | null;
  updated_at: Timestamp;
}

export interface MapGeometryTable {
  name: string;
  topology: Json;
  source: string;
  imported_by: string;
  imported_at: Timestamp;
}


export interface AccountTable {
  id: Generated<number>;
  email: string;
  display_name: string;
  password_hash: string | null;
  password_changed_at: Timestamp | null;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_last_step: number | null;
  global_role: GlobalRole | null;
  oidc_issuer: string | null;
  oidc_subject: string | null;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  created_at: Timestamp;
  disabled_at: Timestamp | null;
}

export interface MembershipTable {
  account_id: number;
  organisation_code: string;
  role: OrganisationRole;
  source: ColumnType<'local' | 'oidc', 'local' | 'oidc' | undefined, 'local' | 'oidc'>;
  granted_by: string;
  granted_at: Timestamp;
}

export interface SessionTable {
  id: string;
  account_id: number;
  csrf_token: string;
  method: 'password' | 'oidc';
  awaiting_second_factor: Generated<boolean>;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokenTable {
  id: Generated<number>;
  account_id: number;
  name: string;
  organisation_code: string | null;
  role: OrganisationRole | GlobalRole;
  token_hash: string;
  prefix: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

export interface OidcLoginTable {
  state: string;
  provider: string;
  nonce: string;
  code_verifier: string;
  return_to: string | null;
  created_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor_account_id: number | null;
  actor: string;
  via: 'web' | 'api' | 'cli' | 'system';
  ip: string | null;
  action: string;
  organisation_code: string | null;
  subject: string;
  before: Json | null;
  after: Json | null;
  prev_hash: string;
  hash: string;
}

export interface Database {
  import_run: ImportRunTable;
  organisation: OrganisationTable;
  organisation_change: OrganisationChangeTable;
  asset: AssetTable;
  asset_owner: AssetOwnerTable;
  strategy_version: StrategyVersionTable;
  strategy_change: StrategyChangeTable;
  observation: ObservationTable;
  observation_evidence: ObservationEvidenceTable;
  scan_run: ScanRunTable;
  scan_schedule: ScanScheduleTable;
  snapshot: SnapshotTable;
  snapshot_result: SnapshotResultTable;
  commitment: CommitmentTable;
  explanation: ExplanationTable;
  progress: ProgressTable;
  progress_domain: ProgressDomainTable;
  progress_aggregate: ProgressAggregateTable;
  progress_history: ProgressHistoryTable;
  progress_aggregate_history: ProgressAggregateHistoryTable;
  progress_dirty: ProgressDirtyTable;
  progress_full_refresh: ProgressFullRefreshTable;
  progress_event: ProgressEventTable;
  subscription: SubscriptionTable;
  notification_delivery: NotificationDeliveryTable;
  map_geometry: MapGeometryTable;
  account: AccountTable;
  membership: MembershipTable;
  session: SessionTable;
  api_token: ApiTokenTable;
  oidc_login: OidcLoginTable;
  audit_log: AuditLogTable;
}

export type OrganisationRow = Selectable<OrganisationTable>;
export type NewOrganisationRow = Insertable<OrganisationTable>;
export type OrganisationUpdate = Updateable<OrganisationTable>;
