import { z } from 'zod';
import { LAYERS } from '../domain/layer.js';
import { ASSET_KINDS } from '../domain/asset.js';

/**
 * The schema of a strategy file (strategy/nds.yaml). A strategy is data: priorities, the targets agreed
 * under them, how each target is measured (its indicator), and national context figures.
 * Every target cites its source, so that a reader can tell an agreed number from a strategy's goal.
 */

const id = z
  .string()
  .regex(/^[a-z0-9]+(?:[-.][a-z0-9]+)*$/, 'use lower-case letters, digits and single hyphens or dots');

/** Text in both UI languages. */
export const localisedText = z.strictObject({
  nl: z.string().trim().min(1),
  en: z.string().trim().min(1),
});
export type LocalisedText = z.infer<typeof localisedText>;

const isoDate = z.iso.date({ error: 'use a date as YYYY-MM-DD' });

export const sourceSchema = z.strictObject({
  /** What kind of source gives this target its force. */
  kind: z.enum(['law', 'agreement', 'comply-or-explain', 'strategy', 'motion', 'eu', 'register']),
  title: z.string().trim().min(1),
  url: z.url({ protocol: /^https$/, error: 'use an https:// URL' }).optional(),
  /** Set to false where a fact could not be verified; pages show it as unverified. */
  verified: z.boolean().default(true),
  /** A maintainers' note, in English (pages mark it as English text). */
  note: z.string().trim().min(1).optional(),
});
export type Source = z.infer<typeof sourceSchema>;

const checkId = z.string().regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)+$/, 'a check id looks like web.https.hsts');

export const indicatorSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('checks'),
    /** The check set a domain must pass as a whole (the Forum counts a domain only when it passes all). */
    set: z.enum(['forum-web', 'forum-mail']).optional(),
    /** The checks of the catalogue this target requires; all must pass. */
    checks: z.array(checkId).min(1),
  }),
  z.strictObject({
    kind: z.literal('self-assessment'),
    question: localisedText,
    answer: z.enum(['yes-no', 'date', 'number', 'choice']),
    choices: z.array(localisedText).optional(),
    evidence: z.enum(['url', 'document', 'none']),
    /** How long an answer stays valid, in months. */
    validForMonths: z.int().min(1).max(60),
  }),
  z.strictObject({
    kind: z.literal('register'),
    /** Which imported register measures it. */
    register: z.enum(['accessibility-statements', 'algorithm-register', 'api-register']),
    rule: localisedText,
  }),
  z.strictObject({
    /** Measured for the nation as a whole, not per organisation (e.g. a parliamentary motion). */
    kind: z.literal('national'),
    measure: localisedText,
    targetValue: z.number().min(0).max(100),
    unit: z.enum(['percent']),
  }),
]);
export type Indicator = z.infer<typeof indicatorSchema>;

/**
 * A figure published by the body that keeps count (e.g. Forum Standaardisatie's half-yearly measurement),
 * shown next to Thorbecke's own measurements for comparison: never used to compute a status.
 */
export const publishedFigureSchema = z.strictObject({
  date: isoDate,
  /** The published share, 0–100. */
  value: z.number().min(0).max(100),
  /** Who published it, where. */
  source: z.string().trim().min(1),
  /** A maintainers' note in English (e.g. "about 40%"; pages mark it as English text). */
  note: z.string().trim().min(1).optional(),
});
export type PublishedFigure = z.infer<typeof publishedFigureSchema>;

export const targetSchema = z.strictObject({
  id,
  title: localisedText,
  description: localisedText,
  /** The priorities this target serves (at least one). */
  priorities: z.array(id).min(1),
  scope: z.strictObject({
    layers: z.array(z.enum(LAYERS)).min(1),
    assets: z.array(z.enum(ASSET_KINDS)).default([]),
  }),
  deadline: isoDate,
  source: sourceSchema,
  /** Whether an organisation may "explain" instead of comply (comply-or-explain). */
  explainAllowed: z.boolean(),
  indicator: indicatorSchema,
  /** Figures published by others for the same measure, oldest first (the national trend chart shows them). */
  published: z.array(publishedFigureSchema).optional(),
});
export type Target = z.infer<typeof targetSchema>;

export const prioritySchema = z.strictObject({
  id,
  number: z.int().min(1),
  title: localisedText,
  summary: localisedText,
});
export type Priority = z.infer<typeof prioritySchema>;

export const contextFigureSchema = z.strictObject({
  id,
  title: localisedText,
  target: localisedText,
  deadline: isoDate,
  /** The latest national figure, where one is published. */
  current: z
    .strictObject({ value: localisedText, year: z.int().min(2000).max(2100) })
    .optional(),
  source: sourceSchema,
});
export type ContextFigure = z.infer<typeof contextFigureSchema>;

/** A problem that the field-by-field schema cannot see: a duplicate id or a reference to an unknown priority. */
export interface ReferenceIssue {
  path: (string | number)[];
  message: string;
}

function idsOf(list: unknown): (string | undefined)[] {
  if (!Array.isArray(list)) return [];
  return list.map((item: unknown) => {
    const value = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
    return typeof value === 'string' ? value : undefined;
  });
}

/**
 * The cross-reference rules of a strategy (unique priority and target ids, known priorities). Lenient about
 * the shape of its input, so that a loader can report these problems together with the schema's own, even
 * when other parts of the file are invalid.
 */
export function referenceIssues(input: unknown): ReferenceIssue[] {
  if (typeof input !== 'object' || input === null) return [];
  const { priorities, targets } = input as { priorities?: unknown; targets?: unknown };
  const issues: ReferenceIssue[] = [];
  const seen = new Set<string>();
  idsOf(priorities).forEach((id, i) => {
    if (id === undefined) return;
    if (seen.has(id)) issues.push({ path: ['priorities', i, 'id'], message: `duplicate priority id "${id}"` });
    seen.add(id);
  });
  const targetIds = new Set<string>();
  const targetList: unknown[] = Array.isArray(targets) ? targets : [];
  idsOf(targetList).forEach((id, i) => {
    if (id === undefined) return;
    if (targetIds.has(id)) issues.push({ path: ['targets', i, 'id'], message: `duplicate target id "${id}"` });
    targetIds.add(id);
  });
  targetList.forEach((target, i) => {
    const refs = typeof target === 'object' && target !== null ? (target as { priorities?: unknown }).priorities : undefined;
    if (!Array.isArray(refs)) return;
    refs.forEach((p: unknown, j) => {
      if (typeof p === 'string' && !seen.has(p)) {
        issues.push({
          path: ['targets', i, 'priorities', j],
          message: `unknown priority "${p}"; known: ${[...seen].join(', ')}`,
        });
      }
    });
  });
  return issues;
}

export const strategySchema = z
  .strictObject({
    id,
    version: z.string().trim().min(1),
    title: localisedText,
    summary: localisedText,
    adopted: isoDate,
    source: sourceSchema,
    priorities: z.array(prioritySchema).min(1),
    targets: z.array(targetSchema),
    context: z.array(contextFigureSchema).default([]),
  })
  .superRefine((strategy, ctx) => {
    for (const issue of referenceIssues(strategy)) ctx.addIssue({ code: 'custom', ...issue });
  });

export type Strategy = z.infer<typeof strategySchema>;
/** What a strategy file holds before defaults are applied. */
export type StrategyInput = z.input<typeof strategySchema>;
