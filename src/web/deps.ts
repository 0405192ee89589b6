import type { Kysely } from 'kysely';
import type { Config } from '../config/schema.js';
import type { Logger } from '../config/logger.js';
import type { OrganisationService } from '../services/organisations.js';
import type { StrategyReader } from '../services/strategy-types.js';
import type { ScanControl } from '../scan/request.js';
import type { ScanStatusReader } from '../scan/status.js';
import type { Database } from '../store/schema.js';

/** Everything the web layer (pages and API) needs, passed in once by the server. */
export interface WebDeps {
  db: Kysely<Database>;
  strategy: StrategyReader;
  organisations: OrganisationService;
  config: Config;
  logger: Logger;
  /** The version of Thorbecke (package.json), shown in the footer and sent as API-Version's basis. */
  appVersion: string;
  /** The scan queue's state for the scans page and API; absent in tests that do not scan. */
  scans?: ScanStatusReader;
  /** Requesting scans through the API (`thorbecke scan` while the embedded server holds the database). */
  scanControl?: ScanControl;
  /**
   * The secret that authorises scan requests from this machine's CLI: written by the server to
   * `<data dir>/server.json` (readable by its owner only). Without it the API accepts no scan requests.
   */
  localToken?: string;
  /**
   * The progress version: bumped after every progress refresh (also one by another process). Keys the page
   * cache (src/web/page-cache.ts); without it nothing is cached.
   */
  progressVersion?: () => number;
}
