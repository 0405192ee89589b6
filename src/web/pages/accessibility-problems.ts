/**
 * The known accessibility problems of THORBECKE_ACCESSIBILITY_PROBLEMS_FILE, shown on the accessibility
 * statement with their planned fixes (the national model asks for each failure: what, the measure and a
 * date). A small YAML file, validated at start-up so that a mistake stops the process with its line:
 *
 * ```yaml
 * problems:
 *   - problem: { nl: De kaart …, en: The map … }   # or one text for both languages
 *     criterion: '1.4.11'                          # optional WCAG success criterion
 *     fix: { nl: …, en: … }                        # optional
 *     fixBy: '2027-03-01'                          # optional ISO date
 * ```
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { InputError, messageOf, type Issue } from '../../domain/errors.js';
import type { Lang } from '../i18n/index.js';

const text = z.union([z.string().trim().min(1).max(2000), z.strictObject({ nl: z.string().trim().min(1).max(2000), en: z.string().trim().min(1).max(2000) })]);

const problemSchema = z.strictObject({
  problem: text,
  criterion: z.string().regex(/^[1-4]\.\d{1,2}\.\d{1,2}$/, 'must be a WCAG success criterion such as 1.4.3').optional(),
  fix: text.optional(),
  fixBy: z.iso.date().optional(),
});

const fileSchema = z.strictObject({ problems: z.array(problemSchema).max(500).default([]) });

/** A known problem in both languages. */
export interface KnownProblem {
  problem: Readonly<Record<Lang, string>>;
  criterion?: string | undefined;
  fix?: Readonly<Record<Lang, string>> | undefined;
  fixBy?: string | undefined;
}

const both = (value: z.infer<typeof text>): Record<Lang, string> => (typeof value === 'string' ? { nl: value, en: value } : value);

const MAX_BYTES = 256 * 1024;

function invalid(file: string, issues: Issue[]): InputError {
  return new InputError(`${file} (THORBECKE_ACCESSIBILITY_PROBLEMS_FILE) is not a valid list of known accessibility problems.`, issues);
}

/** Parses and validates the text of a problems file; throws an InputError naming each problem's place. */
export function parseKnownProblems(source: string, file: string): KnownProblem[] {
  if (Buffer.byteLength(source) > MAX_BYTES) throw invalid(file, [{ message: `larger than ${String(MAX_BYTES)} bytes` }]);
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw invalid(
      file,
      doc.errors.map((e) => {
        const p = lines.linePos(e.pos[0]);
        return { location: `line ${String(p.line)}, column ${String(p.col)}`, message: `YAML syntax: ${e.message}` };
      }),
    );
  }
  const result = fileSchema.safeParse(doc.toJS({ maxAliasCount: 20 }) ?? {});
  if (!result.success) {
    throw invalid(
      file,
      result.error.issues.map((issue) => ({ location: issue.path.map(String).join('.') || undefined, message: issue.message })),
    );
  }
  return result.data.problems.map((p) => ({ problem: both(p.problem), criterion: p.criterion, fix: p.fix === undefined ? undefined : both(p.fix), fixBy: p.fixBy }));
}

/** The known problems of `file` (none without a file). Read once, when the pages are created. */
export function loadKnownProblems(file: string | undefined): KnownProblem[] {
  if (file === undefined) return [];
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`Cannot read THORBECKE_ACCESSIBILITY_PROBLEMS_FILE ${file}: ${messageOf(error)}`);
  }
  return parseKnownProblems(source, file);
}
