import type { Command } from 'commander';
import { z } from 'zod';
import { InputError, NotFoundError } from '../../domain/errors.js';
import { isoDay } from '../../progress/dates.js';
import { StrategyService } from '../../services/strategy.js';
import { findOrganisation } from '../../store/organisations.js';
import { rebuildHistory } from '../../store/progress-history.js';
import { aggregates, progressOfOrganisation } from '../../store/progress-read.js';
import { refreshProgress } from '../../store/progress-refresh.js';
import type { Strategy } from '../../strategy/schema.js';
import { say, withStore, type CliContext } from '../context.js';

const isoDate = z.iso.date({ error: 'use a date as YYYY-MM-DD' });

async function currentStrategy(ctx: CliContext): Promise<Strategy> {
  const current = await new StrategyService(ctx.store.db).current();
  if (current === undefined) throw new InputError('No strategy has been applied yet: run `thorbecke strategy apply strategy/nds.yaml` or start Thorbecke once.');
  return current.strategy;
}

async function refresh(options: { all?: boolean }): Promise<void> {
  await withStore(async (ctx) => {
    const outcome = await refreshProgress(ctx.store.db, await currentStrategy(ctx), { all: options.all === true });
    say(
      `Recomputed ${outcome.organisations} organisation(s) in ${Math.round(outcome.durationMs)} ms; ` +
        `${outcome.events} event(s); ${outcome.explanationsEnded} explanation(s) expired or lapsed.`,
    );
  });
}

async function rebuild(options: { since: string; until?: string }): Promise<void> {
  const since = isoDate.safeParse(options.since);
  const until = isoDate.safeParse(options.until ?? isoDay(new Date()));
  if (!since.success || !until.success) throw new InputError('--since and --until take a date as YYYY-MM-DD.');
  await withStore(async (ctx) => {
    const strategy = await currentStrategy(ctx);
    const outcome = await rebuildHistory(ctx.store.db, strategy, {
      from: since.data,
      to: until.data,
      onProgress: (done, total) => {
        process.stderr.write(`\r${done} of ${total} organisations`);
      },
    });
    process.stderr.write('\n');
    await refreshProgress(ctx.store.db, strategy, { all: true });
    say(`Rebuilt ${outcome.weeks} week(s) of history for ${outcome.organisations} organisation(s): ${outcome.rows} rows.`);
  });
}

const percent = (value: number | null): string => (value === null ? '—' : `${value.toFixed(1)}%`);

async function show(code: string, options: { json?: boolean }): Promise<void> {
  await withStore(async (ctx) => {
    const organisation = await findOrganisation(ctx.store.db, code);
    if (!organisation) throw new NotFoundError(`There is no organisation ${code}.`);
    const rows = await progressOfOrganisation(ctx.store.db, organisation.code);
    if (options.json === true) {
      say(JSON.stringify({ organisation: organisation.code, name: organisation.name, progress: rows }, null, 2));
      return;
    }
    say(`${organisation.name} (${organisation.code})`);
    if (rows.length === 0) say('No progress computed yet (thorbecke progress refresh).');
    for (const r of rows) {
      const planned = r.plannedDate !== null ? `, planned ${r.plannedDate}` : '';
      say(`  ${r.targetId.padEnd(36)} ${r.status.padEnd(9)} ${percent(r.value).padStart(6)}  ${r.domainsMet}/${r.domainsTotal} domains${planned} — ${r.reason}`);
    }
  });
}

async function summary(options: { json?: boolean }): Promise<void> {
  await withStore(async (ctx) => {
    const rows = await aggregates(ctx.store.db, { scopeKind: 'nation' });
    if (options.json === true) {
      say(JSON.stringify(rows, null, 2));
      return;
    }
    if (rows.length === 0) say('No progress computed yet (thorbecke progress refresh).');
    for (const { targetId, counts: c } of rows) {
      const share = c.organisations === 0 ? '—' : `${((100 * c.met) / c.organisations).toFixed(1)}%`;
      say(
        `${targetId.padEnd(36)} met ${share.padStart(6)} of ${c.organisations} organisations ` +
          `(explained ${c.explained}, on track ${c.on_track}, at risk ${c.at_risk}, overdue ${c.overdue}, unknown ${c.unknown}); ` +
          `domains ${c.domains_met}/${c.domains_total} pass, ${c.domains_unknown} unknown`,
      );
    }
  });
}

/** `thorbecke progress refresh|rebuild|show|summary`. */
export function registerProgressCommand(program: Command): void {
  const progress = program
    .command('progress')
    .description('derived progress per organisation and target (npm start keeps it current by itself)');
  progress
    .command('refresh')
    .description('recompute the progress of organisations whose measurements, planned dates or explanations changed')
    .option('--all', 'recompute every organisation')
    .action(refresh);
  progress
    .command('rebuild')
    .description('rebuild weekly history from the observation history')
    .requiredOption('--since <date>', 'first day (YYYY-MM-DD)')
    .option('--until <date>', 'last day (YYYY-MM-DD; default today)')
    .action(rebuild);
  progress.command('show').description("an organisation's status per target").argument('<code>', 'TOOI code, e.g. gm0363').option('--json', 'print JSON').action(show);
  progress.command('summary').description('national figures per target').option('--json', 'print JSON').action(summary);
}
