import type { Command } from 'commander';
import type { StrategyVersionInfo } from '../../services/strategy-types.js';
import { StrategyService } from '../../services/strategy.js';
import type { StrategyDiffEntry } from '../../strategy/diff.js';
import { loadStrategyFile } from '../../strategy/load.js';
import { cliActor } from '../actor.js';
import { say, withStore } from '../context.js';

const SIGN = { added: '+', changed: '~', removed: '-' } as const;

/** `+ target x`, `~ target y (deadline, scope)`, `- target z` */
export function formatChange(change: StrategyDiffEntry): string {
  const fields = change.kind === 'changed' && change.fields.length > 0 ? ` (${change.fields.join(', ')})` : '';
  return `${SIGN[change.kind]} ${change.entity} ${change.entityId}${fields}`;
}

function formatVersion(v: StrategyVersionInfo): string {
  const note = v.note !== null ? ` — ${v.note}` : '';
  return `#${v.id} ${v.strategyId} ${v.version}, applied ${v.appliedAt.toISOString()} by ${v.appliedBy}${note}`;
}

async function validate(file: string): Promise<void> {
  const s = await loadStrategyFile(file);
  say(`${file} is valid: ${s.priorities.length} priorities, ${s.targets.length} targets, ${s.context.length} context figures`);
}

async function apply(file: string, options: { by?: string; note?: string }): Promise<void> {
  // Validate before opening the database: a broken file needs no database to be reported.
  const strategy = await loadStrategyFile(file);
  await withStore(async ({ store }) => {
    const outcome = await new StrategyService(store.db).apply(strategy, {
      appliedBy: cliActor(options.by),
      sourcePath: file,
      note: options.note,
    });
    if (outcome.unchanged) {
      say(`${file} is unchanged: it equals version ${formatVersion(outcome.version)}.`);
      return;
    }
    say(`Applied version ${formatVersion(outcome.version)}: ${outcome.changes.length} change(s).`);
    for (const change of outcome.changes) say(`  ${formatChange(change)}`);
  });
}

async function history(targetId: string | undefined): Promise<void> {
  await withStore(async ({ store }) => {
    const service = new StrategyService(store.db);
    if (targetId === undefined) {
      const versions = await service.versions();
      if (versions.length === 0) say('No strategy has been applied yet (thorbecke strategy apply FILE).');
      for (const v of versions) say(formatVersion(v));
      return;
    }
    const changes = await service.targetHistory(targetId);
    if (changes.length === 0) say(`No changes recorded for target ${targetId}.`);
    for (const c of changes) {
      const fields = c.fields.length > 0 ? ` (${c.fields.join(', ')})` : '';
      say(`${formatVersion(c.version)}\n  ${SIGN[c.kind]} ${c.kind}${fields}`);
    }
  });
}

/** `thorbecke strategy validate|apply|history`. */
export function registerStrategyCommand(program: Command): void {
  const strategy = program.command('strategy').description('validate, apply and review the strategy file (targets and priorities)');

  strategy
    .command('validate')
    .description('check a strategy file; needs no database')
    .argument('<file>', 'the strategy file (YAML), e.g. strategy/nds.yaml')
    .action(validate);

  strategy
    .command('apply')
    .description('record a strategy file as the new version (nothing is recorded when it is unchanged)')
    .argument('<file>', 'the strategy file (YAML)')
    .option('--by <name>', 'who applies it (default: cli:<your user name>)')
    .option('--note <text>', 'why, e.g. "deadline moved per OBDO decision of 2026-03-12"')
    .action(apply);

  strategy
    .command('history')
    .description('list the applied versions, or the changes of one target')
    .argument('[target-id]', 'a target id, e.g. forum-web-2018-https-hsts')
    .action(history);
}
