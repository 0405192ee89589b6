import type { Command } from 'commander';
import { CHECK_STATUSES } from '../../domain/check.js';
import { NotFoundError } from '../../domain/errors.js';
import {
  createSnapshot,
  findSnapshot,
  listSnapshots,
  parseSnapshotName,
  snapshotSummary,
  type Snapshot,
  type SnapshotCheckSummary,
} from '../../store/snapshots.js';
import { cliActor } from '../actor.js';
import { say, withStore } from '../context.js';

function toJson(s: Snapshot): Record<string, unknown> {
  return {
    name: s.name,
    takenAt: s.takenAt.toISOString(),
    createdBy: s.createdBy,
    note: s.note,
    domains: s.domains,
    results: s.results,
  };
}

/** `2026-Q4, taken at 2026-11-29T08:00:00.000Z by cli:alice: 20 domains, 760 results — note` */
function formatSnapshot(s: Snapshot): string {
  const note = s.note !== null ? ` — ${s.note}` : '';
  return `${s.name}, taken at ${s.takenAt.toISOString()} by ${s.createdBy}: ${s.domains} domains, ${s.results} results${note}`;
}

/** A fixed-width table: the check id, then one column per status, then the total. */
function formatSummary(checks: readonly SnapshotCheckSummary[]): string[] {
  const header = ['check', ...CHECK_STATUSES, 'total'];
  const rows = checks.map((c) => [c.checkId, ...CHECK_STATUSES.map((s) => String(c.statuses[s])), String(c.total)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

async function create(name: string, options: { note?: string }): Promise<void> {
  // A bad name needs no database to be reported.
  parseSnapshotName(name);
  await withStore(async ({ store }) => {
    const s = await createSnapshot(store.db, { name, createdBy: cliActor(), note: options.note });
    say(`Snapshot ${s.name}: ${s.domains} domains, ${s.results} results, taken at ${s.takenAt.toISOString()}`);
  });
}

async function list(options: { json?: boolean }): Promise<void> {
  await withStore(async ({ store }) => {
    const snapshots = await listSnapshots(store.db);
    if (options.json === true) {
      say(JSON.stringify(snapshots.map(toJson), null, 2));
      return;
    }
    if (snapshots.length === 0) say('No snapshots yet (thorbecke snapshot create NAME).');
    for (const s of snapshots) say(formatSnapshot(s));
  });
}

async function show(name: string, options: { json?: boolean }): Promise<void> {
  await withStore(async ({ store }) => {
    const snapshot = await findSnapshot(store.db, name);
    if (!snapshot) throw new NotFoundError(`There is no snapshot named ${name} (thorbecke snapshot list shows them).`);
    const checks = await snapshotSummary(store.db, snapshot.id);
    if (options.json === true) {
      say(JSON.stringify({ ...toJson(snapshot), checks }, null, 2));
      return;
    }
    say(formatSnapshot(snapshot));
    if (checks.length === 0) {
      say('No results: there were no current observations when it was taken.');
      return;
    }
    say();
    for (const line of formatSummary(checks)) say(line);
  });
}

/** `thorbecke snapshot create|list|show`. */
export function registerSnapshotCommand(program: Command): void {
  const snapshot = program
    .command('snapshot')
    .description('freeze the current measurements as an immutable snapshot (peilmoment) for reports, and review snapshots');

  snapshot
    .command('create')
    .description('take a snapshot of the current result of every check on every domain; it can never be changed or removed')
    .argument('<name>', 'a unique name: letters, digits, ".", "_", "-" (at most 64), e.g. 2026-Q4')
    .option('--note <text>', 'what it is for, e.g. "Staat van de digitale overheid 2026"')
    .action(create);

  snapshot.command('list').description('list the snapshots, newest first').option('--json', 'print JSON').action(list);

  snapshot
    .command('show')
    .description('show a snapshot: per check, how many results have each status')
    .argument('<name>', 'the snapshot name')
    .option('--json', 'print JSON')
    .action(show);
}
