import { Option, type Command } from 'commander';
import { CATALOGUE, type CheckDefinition } from '../../checks/catalogue.js';
import { CHECK_FAMILIES } from '../../domain/check.js';
import { say } from '../context.js';

type Lang = 'nl' | 'en';

/** The default language from the locale: `nl` when LC_ALL (or else LANG) starts with `nl`, else `en`. */
export function defaultLang(env: NodeJS.ProcessEnv = process.env): Lang {
  const locale = env.LC_ALL !== undefined && env.LC_ALL !== '' ? env.LC_ALL : (env.LANG ?? '');
  return locale.toLowerCase().startsWith('nl') ? 'nl' : 'en';
}

const LABELS = {
  nl: { mandatory: 'verplicht', informational: 'informatief', noSet: 'geen set', norm: 'norm' },
  en: { mandatory: 'mandatory', informational: 'informational', noSet: 'no set', norm: 'norm' },
} as const;

/** One JSON Lines record: the public shape of `thorbecke checks --json`. */
export function checkJson(check: CheckDefinition): Record<string, unknown> {
  const { id, family, title, level, sets, norm } = check;
  return { id, family, title: { nl: title.nl, en: title.en }, level, sets: [...sets], norm: { nl: norm.nl, en: norm.en } };
}

/** Human lines for the catalogue, grouped by family in the domain's family order. */
export function formatCatalogue(lang: Lang): string[] {
  const label = LABELS[lang];
  const lines: string[] = [];
  for (const family of CHECK_FAMILIES) {
    const checks = CATALOGUE.filter((c) => c.family === family);
    if (checks.length === 0) continue;
    if (lines.length > 0) lines.push('');
    lines.push(family);
    for (const c of checks) {
      const sets = c.sets.length > 0 ? c.sets.join(', ') : label.noSet;
      lines.push(`  ${c.id}  ${c.title[lang]}  [${label[c.level]}; ${sets}]`);
      lines.push(`    ${label.norm}: ${c.norm[lang]}`);
    }
  }
  return lines;
}

function list(options: { json?: boolean; lang?: Lang }): void {
  if (options.json === true) {
    for (const check of CATALOGUE) say(JSON.stringify(checkJson(check)));
    return;
  }
  for (const line of formatCatalogue(options.lang ?? defaultLang())) say(line);
}

/** `thorbecke checks [--json] [--lang nl|en]`: lists the check catalogue; needs no database. */
export function registerChecksCommand(program: Command): void {
  program
    .command('checks')
    .description('list the check catalogue: id, family, title, mandatory or informational, sets and norm')
    .option('--json', 'print JSON Lines, one object per check')
    .addOption(new Option('--lang <lang>', 'language of the human output (default: from the locale)').choices(['nl', 'en']))
    .action(list);
}
