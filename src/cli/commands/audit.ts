/**
 * `thorbecke audit verify|list`: check the audit log's hash chain for tampering, and read the log. Both
 * only read; with the embedded database they need the data folder to themselves (stop `npm start` first,
 * as with every command that opens the store), or run against PostgreSQL (DATABASE_URL).
 */
import type { Command } from 'commander';
import { InputError } from '../../domain/errors.js';
import { listAuditEntries, MAX_AUDIT_PAGE, type AuditEntry } from '../../store/audit-read.js';
import { verifyAudit } from '../../store/audit-verify.js';
import { say, withStore } from '../context.js';
import { CheckExit } from './check.js';

const HASH = /^[0-9a-f]{64}$/;

async function verify(options: { head?: string }): Promise<void> {
  const expectHead = options.head?.trim().toLowerCase();
  if (expectHead !== undefined && !HASH.test(expectHead)) throw new InputError('--head takes a hash as printed by an earlier `thorbecke audit verify` (64 hex digits).');
  const tty = process.stderr.isTTY;
  const result = await withStore(({ store }) =>
    verifyAudit(store.db, {
      expectHead,
      onProgress: tty ? (entries) => process.stderr.write(`\rchecked ${entries} entries`) : undefined,
    }),
  );
  if (tty) process.stderr.write('\n');
  if (result.problemCount === 0) {
    say(`${result.entries} entries, chain intact, head ${result.head}`);
    return;
  }
  say(`${result.entries} entries, chain BROKEN: ${result.problemCount} problem(s)`);
  for (const p of result.problems) say(`  entry ${p.id}: ${p.kind} — ${p.message}`);
  if (result.problemCount > result.problems.length) say(`  … and ${result.problemCount - result.problems.length} more`);
  say(`head ${result.head}`);
  throw new CheckExit(1);
}

function toJson(e: AuditEntry): Record<string, unknown> {
  return { ...e, at: e.at.toISOString() };
}

/** `#12 2026-11-29T08:00:00.000Z cli:alice (cli) strategy.apply strategy version 3 [gm0363]` */
function formatEntry(e: AuditEntry): string {
  const organisation = e.organisationCode !== null ? ` [${e.organisationCode}]` : '';
  return `#${e.id} ${e.at.toISOString()} ${e.actor} (${e.via}) ${e.action} ${e.subject}${organisation}`;
}

interface ListOptions {
  organisation?: string;
  action?: string;
  before?: string;
  limit: string;
  json?: boolean;
}

function positive(text: string, option: string, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1 || n > max) throw new InputError(`${option} takes a whole number from 1 to ${max}.`);
  return n;
}

async function list(options: ListOptions): Promise<void> {
  const limit = positive(options.limit, '--limit', MAX_AUDIT_PAGE);
  const beforeId = options.before === undefined ? undefined : positive(options.before, '--before');
  const page = await withStore(({ store }) =>
    listAuditEntries(store.db, { organisationCode: options.organisation, action: options.action, beforeId, limit }),
  );
  if (options.json === true) {
    say(JSON.stringify({ entries: page.entries.map(toJson), nextBefore: page.nextBefore ?? null }, null, 2));
    return;
  }
  if (page.entries.length === 0) say('No audit entries.');
  for (const e of page.entries) say(formatEntry(e));
  if (page.nextBefore !== undefined) say(`(older entries: --before ${page.nextBefore})`);
}

/** `thorbecke audit verify|list`. */
export function registerAuditCommand(program: Command): void {
  const audit = program.command('audit').description('the append-only, hash-chained audit trail of every change');
  audit
    .command('verify')
    .description('recompute the hash chain of the audit log; exits 1 and lists every changed or missing entry when it was tampered with')
    .option('--head <hash>', 'a head printed by an earlier verify: also check it is still in the log (finds removed newest entries)')
    .action(verify);
  audit
    .command('list')
    .description('list audit entries, newest first')
    .option('--organisation <code>', 'only changes of this organisation, e.g. gm0363')
    .option('--action <action>', 'only this action, e.g. strategy.apply')
    .option('--before <id>', 'only entries older than this id (paging)')
    .option('--limit <n>', `at most this many entries (1–${MAX_AUDIT_PAGE})`, '50')
    .option('--json', 'print JSON (with before and after of each change)')
    .action(list);
}
