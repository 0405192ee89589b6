import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { InputError } from '../../domain/errors.js';
import type { OrganisationDiff } from '../../federation/reconcile.js';
import type { ProgressCallback } from '../../federation/source.js';
import type { OrganisationFormat } from '../../federation/types.js';
import { ImportService, type OrganisationImportSummary } from '../../services/import.js';
import { cliActor } from '../actor.js';
import { say, withStore } from '../context.js';
import { registerMapImportCommand } from './map.js';

const MB = 1024 * 1024;
const mb = (bytes: number): string => (bytes / MB).toFixed(1);

/**
 * Progress on stderr for downloads and large files: a bar on a terminal, otherwise a line every ~10%
 * (every 10 MB when the size is unknown). Small local files show nothing.
 */
function progressReporter(isDownload: boolean): { onProgress: ProgressCallback; stop: () => void } {
  let active: boolean | undefined;
  let bar: cliProgress.SingleBar | undefined;
  let nextLine = 0;
  const started = Date.now();
  const onProgress: ProgressCallback = (read, total) => {
    active ??= isDownload || total === undefined || total >= 5 * MB;
    if (!active) return;
    const rate = mb(read / Math.max((Date.now() - started) / 1000, 0.001));
    if (process.stderr.isTTY) {
      if (bar === undefined) {
        const format =
          total === undefined ? 'Reading {done} MB | {rate} MB/s' : 'Reading |{bar}| {percentage}% | {done}/{size} MB | {rate} MB/s';
        bar = new cliProgress.SingleBar({ format, stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
        bar.start(total ?? 0, 0, { done: '0.0', size: total === undefined ? '?' : mb(total), rate: '0.0' });
      }
      bar.update(read, { done: mb(read), rate });
      return;
    }
    const step = total === undefined ? 10 * MB : total / 10;
    if (read >= nextLine || read === total) {
      const part = total === undefined ? '' : `${Math.floor((read / total) * 100)}% (`;
      process.stderr.write(`Read ${part}${mb(read)}${total === undefined ? '' : ` of ${mb(total)}`} MB${part === '' ? '' : ')'}, ${rate} MB/s\n`);
      nextLine = (Math.floor(read / step) + 1) * step;
    }
  };
  return { onProgress, stop: () => bar?.stop() };
}

const SIGN = { added: '+', changed: '~', ended: '-', reinstated: '^' } as const;

/** `+ gm0363 Gemeente Amsterdam`, `~ gm0363 … (name, website)`, `- gm0457 … (ended 2022-03-24, successor gm0363)` */
export function formatOrganisationChange(diff: OrganisationDiff): string {
  const { after } = diff;
  let detail = '';
  if (diff.kind === 'changed') detail = ` (${diff.fields.join(', ')})`;
  if (diff.kind === 'ended') {
    detail = ` (ended ${after.validTo ?? '?'}${after.successorCode !== null ? `, successor ${after.successorCode}` : ''})`;
  }
  if (diff.kind === 'reinstated') detail = ' (reinstated)';
  return `${SIGN[diff.kind]} ${after.code} ${after.name}${detail}`;
}

/** The one-line summary of an organisation import. */
export function formatSummary(s: OrganisationImportSummary): string {
  const reasons = Object.entries(s.skippedReasons)
    .map(([reason, n]) => `${n} ${reason}`)
    .join(', ');
  const skipped = s.skipped > 0 ? ` (${s.skipped} skipped: ${reasons})` : '';
  return (
    `Imported ${s.total} organisations from ${s.source}: ${s.added} added, ${s.changed} changed, ${s.ended} ended, ` +
    `${s.reinstated} reinstated, ${s.unchanged} unchanged${skipped}.`
  );
}

const LISTED_CHANGES = 10;

interface OrganisationsOptions {
  download?: boolean;
  format?: OrganisationFormat;
  partial?: boolean;
  allowMassEnd?: boolean;
  asOf?: string;
  by?: string;
}

async function importOrganisations(source: string | undefined, options: OrganisationsOptions): Promise<void> {
  if (source !== undefined && options.download === true) {
    throw new InputError('Give a FILE or URL, or --download for the official register export, not both.');
  }
  await withStore(async ({ store, config }) => {
    const from = source ?? config.THORBECKE_REGISTER_URL;
    const progress = progressReporter(source === undefined || /^https?:\/\//i.test(source));
    let summary: OrganisationImportSummary;
    try {
      summary = await new ImportService(store.db).importOrganisations({
        source: from,
        format: options.format,
        full: options.partial !== true,
        allowMassEnd: options.allowMassEnd === true,
        asOf: options.asOf,
        actor: cliActor(options.by),
        onProgress: progress.onProgress,
      });
    } finally {
      progress.stop();
    }
    say(formatSummary(summary));
    const changes = summary.added + summary.changed + summary.ended + summary.reinstated;
    for (const diff of summary.examples.slice(0, LISTED_CHANGES)) say(`  ${formatOrganisationChange(diff)}`);
    if (changes > LISTED_CHANGES) say(`  … and ${changes - LISTED_CHANGES} more (see each organisation's history)`);
  });
}

async function importDomains(file: string, options: { replace?: boolean; by?: string }): Promise<void> {
  await withStore(async ({ store }) => {
    const s = await new ImportService(store.db).importDomains({
      source: file,
      actor: cliActor(options.by),
      replace: options.replace === true,
    });
    say(`Imported domains from ${file}: ${s.added} added, ${s.removed} removed, ${s.unchanged} unchanged.`);
  });
}

/** `thorbecke import organisations|domains`. */
export function registerImportCommand(program: Command): void {
  const command = program.command('import').description('import the federation: organisations, their domains, and the map boundaries');

  command
    .command('organisations')
    .description('import organisations from the register export (XML) or a CSV file; without a source, download the register export')
    .argument('[source]', 'a file or http(s) URL (default with --download: THORBECKE_REGISTER_URL)')
    .option('--download', 'download the official register export (THORBECKE_REGISTER_URL)')
    .addOption(new Option('--format <format>', 'the file format (default: by extension or content)').choices(['xml', 'csv']))
    .option('--partial', 'the file lists only some organisations: end none of those it does not list')
    .option('--allow-mass-end', 'let a full import end more than 10% of the current organisations')
    .option('--as-of <date>', 'the date organisations missing from a full import end on (default: today)')
    .option('--by <name>', 'who imports (default: cli:<your user name>)')
    .action(importOrganisations);

  command
    .command('domains')
    .description('attach web and mail domains to organisations (CSV: organisation, domain, kind, source)')
    .argument('<file>', 'the domains CSV')
    .option('--replace', 'also remove, per organisation and source in the file, the domains it no longer lists')
    .option('--by <name>', 'who imports (default: cli:<your user name>)')
    .action(importDomains);

  registerMapImportCommand(command);
}
