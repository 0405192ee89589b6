import path from 'node:path';
import type { Kysely } from 'kysely';
import { InputError } from '../domain/errors.js';
import { parseDomainsCsv } from '../federation/domains-csv.js';
import { parseOrganisationsCsv } from '../federation/organisations-csv.js';
import { withReferencedProvinces } from '../federation/provinces.js';
import { guardMassEnding } from '../federation/mass-end.js';
import { reconcile, type OrganisationDiff } from '../federation/reconcile.js';
import { parseRegisterXml } from '../federation/register-xml.js';
import { isUrl, openSource, peek, type OpenedSource, type ProgressCallback, type SourceOptions } from '../federation/source.js';
import type { OrganisationFormat, ParsedOrganisations } from '../federation/types.js';
import { localDate, parseIsoDate } from '../federation/values.js';
import type { ActorOrName } from '../store/audit-actor.js';
import { runDomainImport } from '../store/domain-import.js';
import { runOrganisationImport } from '../store/organisation-import.js';
import type { Database } from '../store/schema.js';

export interface OrganisationImportOptions {
  /** A file path or an http(s) URL. */
  source: string;
  /** Default: by extension (`.xml`, `.csv`), else by the first byte (`<`: XML). */
  format?: OrganisationFormat | undefined;
  /** A full import ends the current organisations it does not list. */
  full: boolean;
  /** The date organisations are ended on (default: today). */
  asOf?: string | undefined;
  /** Who imports: recorded in the audit log and as the run's actor. */
  actor: ActorOrName;
  /** Let a full import end more than 10% of the current organisations (see guardMassEnding). */
  allowMassEnd?: boolean | undefined;
  onProgress?: ProgressCallback | undefined;
  /** Size cap and timeouts of the download. */
  limits?: Omit<SourceOptions, 'onProgress'> | undefined;
}

export interface OrganisationImportSummary {
  runId: number;
  source: string;
  format: OrganisationFormat;
  added: number;
  changed: number;
  ended: number;
  reinstated: number;
  unchanged: number;
  skipped: number;
  skippedReasons: Record<string, number>;
  /** Organisations in the file (with the provinces created for it). */
  total: number;
  /** The changes, in the order added, changed, ended, reinstated (at most `MAX_EXAMPLES`). */
  examples: OrganisationDiff[];
}

export interface DomainImportOptions {
  source: string;
  /** Who imports: recorded in the audit log and as the run's actor. */
  actor: ActorOrName;
  replace: boolean;
  /** The ownership source of rows without their own (default `import:<file name>`). */
  ownershipSource?: string | undefined;
}

export interface DomainImportSummary {
  runId: number;
  added: number;
  removed: number;
  unchanged: number;
}

const MAX_EXAMPLES = 50;

function byExtension(source: string): OrganisationFormat | undefined {
  const pathname = isUrl(source) ? new URL(source).pathname : source;
  const ext = path.extname(pathname).toLowerCase();
  return ext === '.xml' ? 'xml' : ext === '.csv' ? 'csv' : undefined;
}

/** `<` as the first character (after a byte order mark and white space) means XML. */
function sniff(head: Uint8Array): OrganisationFormat {
  const text = new TextDecoder().decode(head.subarray(0, 64)).replace(/^\uFEFF/, '').trimStart();
  return text.startsWith('<') ? 'xml' : 'csv';
}

async function parseOrganisations(opened: OpenedSource, format: OrganisationFormat | undefined): Promise<ParsedOrganisations> {
  let chosen = format ?? byExtension(opened.name);
  let source = opened;
  if (chosen === undefined) {
    const peeked = await peek(opened);
    chosen = sniff(peeked.head);
    source = peeked.source;
  }
  return chosen === 'xml' ? parseRegisterXml(source.bytes, source.name) : parseOrganisationsCsv(source.bytes, source.name);
}

/** Imports organisations and domains into the store; the CLI's and (later) the web's use case. */
export class ImportService {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Reads a register XML export or an organisations CSV (file or URL) completely, then reconciles it
   * with the store and writes the result in one transaction. A damaged file changes nothing.
   */
  async importOrganisations(options: OrganisationImportOptions): Promise<OrganisationImportSummary> {
    const startedAt = new Date();
    const asOf = options.asOf ?? localDate(startedAt);
    if (parseIsoDate(asOf) !== asOf) throw new InputError(`"${asOf}" is not a date (YYYY-MM-DD).`);
    const opened = await openSource(options.source, { ...options.limits, onProgress: options.onProgress });
    const parsed = await parseOrganisations(opened, options.format);
    if (parsed.records.length === 0) {
      // A full import of nothing would end every organisation: surely a wrong file.
      throw new InputError(`${options.source} lists no organisations that Thorbecke records; nothing was imported.`);
    }
    let total = parsed.records.length;
    const { runId, result } = await runOrganisationImport(
      this.db,
      {
        source: options.source,
        format: parsed.format,
        full: options.full,
        actor: options.actor,
        startedAt,
        recordSource: parsed.format === 'xml' ? 'register' : 'csv',
        detail: { asOf, skipped: parsed.skippedReasons },
      },
      (stored) => {
        const storedByCode = new Map(stored.map((o) => [o.code, o]));
        const records = withReferencedProvinces(parsed.records, parsed.provinces, storedByCode, options.source);
        total = records.length;
        const result = reconcile(stored, records, { full: options.full, asOf, provides: parsed.provides });
        if (options.allowMassEnd !== true) guardMassEnding(stored, result.ended.length, asOf);
        return result;
      },
    );
    return {
      runId,
      source: options.source,
      format: parsed.format,
      added: result.added.length,
      changed: result.changed.length,
      ended: result.ended.length,
      reinstated: result.reinstated.length,
      unchanged: result.unchanged,
      skipped: parsed.skipped,
      skippedReasons: parsed.skippedReasons,
      total,
      examples: [...result.added, ...result.changed, ...result.ended, ...result.reinstated].slice(0, MAX_EXAMPLES),
    };
  }

  /** Attaches the domains of a domains CSV; `replace` also removes what the file no longer lists. */
  async importDomains(options: DomainImportOptions): Promise<DomainImportSummary> {
    const startedAt = new Date();
    const opened = await openSource(options.source);
    const records = await parseDomainsCsv(opened.bytes, opened.name);
    const basename = isUrl(options.source) ? path.posix.basename(new URL(options.source).pathname) : path.basename(options.source);
    const { runId, added, removed, unchanged } = await runDomainImport(
      this.db,
      {
        source: options.source,
        actor: options.actor,
        startedAt,
        ownershipSource: options.ownershipSource ?? `import:${basename}`,
        replace: options.replace,
      },
      records,
    );
    return { runId, added, removed, unchanged };
  }
}
