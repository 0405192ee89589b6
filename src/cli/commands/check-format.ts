/** Human output of `thorbecke check`: set verdicts first, then per family each check's status, reason and fix. */
import { CATALOGUE, findCheck } from '../../checks/catalogue.js';
import { CHECK_FAMILIES } from '../../domain/check.js';
import type { DomainReport } from '../../scan/check-domain.js';

export type Lang = 'nl' | 'en';

const LABELS = {
  nl: { sets: 'sets', fix: 'oplossing' },
  en: { sets: 'sets', fix: 'fix' },
} as const;

const NEEDS_FIX = new Set(['fail', 'warning']);

export function formatReport(report: DomainReport, lang: Lang): string[] {
  const label = LABELS[lang];
  const lines = [report.domain];
  const sets = Object.entries(report.sets).map(([set, status]) => `${set}: ${status}`);
  lines.push(`  ${label.sets}: ${sets.join(', ')}`);
  for (const family of CHECK_FAMILIES) {
    const ids = new Set<string>(CATALOGUE.filter((c) => c.family === family).map((c) => c.id));
    const results = report.checks.filter((r) => ids.has(r.id));
    if (results.length === 0) continue;
    lines.push('', `  ${family}`);
    for (const r of results) {
      const check = findCheck(r.id);
      lines.push(`    ${r.status.padEnd(14)} ${r.id}  ${check?.title[lang] ?? ''}`);
      lines.push(`    ${''.padEnd(14)} ${r.reason}`);
      if (check && NEEDS_FIX.has(r.status)) lines.push(`    ${''.padEnd(14)} ${label.fix}: ${check.fix[lang]}`);
    }
  }
  return lines;
}
