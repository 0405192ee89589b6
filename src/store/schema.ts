import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { CheckStatus } from '../domain/check.js';

/**
 * The database as Kysely sees it. Keep in step with src/store/migrations; test/db/schema.db.test.ts
 * compares the two. Dates (`date` columns) are read as `YYYY-MM-DD` strings on both engines.
 */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
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
}

export type OrganisationRow = Selectable<OrganisationTable>;
export type NewOrganisationRow = Insertable<OrganisationTable>;
export type OrganisationUpdate = Updateable<OrganisationTable>;
