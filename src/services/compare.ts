import type { Kysely } from 'kysely';
import { z } from 'zod';
import { isLayer } from '../domain/layer.js';
import { progressOfOrganisations, type ProgressRow } from '../store/progress-read.js';
import { organisationChoices, organisationsNamed, type OrganisationChoice } from '../store/scorecard-read.js';
import type { Database } from '../store/schema.js';
import { targetsForLayer } from '../strategy/query.js';
import type { Priority, Strategy, Target } from '../strategy/schema.js';
import { groupByPriority } from './scorecard.js';

/** How many organisations a comparison takes. */
export const COMPARE_MIN = 2;
export const COMPARE_MAX = 6;

/** What is wrong with a chosen set of organisations; the page words it in the user's language. */
export type CompareProblem = { kind: 'too-many'; max: number } | { kind: 'unknown'; value: string } | { kind: 'duplicate'; code: string };

export interface CompareSelection {
  /** The values as typed (trimmed, empty ones left out), for refilling the form. */
  values: string[];
  /** The organisations found, in the order given, each once. */
  organisations: OrganisationChoice[];
  problems: CompareProblem[];
}

/** One organisation's cell for a target: its progress, `not-in-scope`, or undefined when not computed yet. */
export type CompareCell = ProgressRow | 'not-in-scope' | undefined;

export interface Comparison {
  organisations: OrganisationChoice[];
  /** Priorities by number; a target once, under its lowest-numbered priority; one cell per organisation. */
  priorities: { priority: Priority; targets: { target: Target; cells: CompareCell[] }[] }[];
}

/** Each value is one text field of the form: at most 200 characters. */
const valuesSchema = z.array(z.string().trim().max(200));

/**
 * Checks typed values against the organisations found for them (pure): each must name one organisation
 * by code or exact name, no organisation twice, at most {@link COMPARE_MAX}.
 */
export function checkSelection(raw: readonly string[], byCode: ReadonlyMap<string, OrganisationChoice>, byName: ReadonlyMap<string, OrganisationChoice>): CompareSelection {
  const parsed = valuesSchema.safeParse(raw);
  const values = (parsed.success ? parsed.data : raw.map((v) => v.trim().slice(0, 200))).filter((v) => v !== '');
  const problems: CompareProblem[] = [];
  const organisations: OrganisationChoice[] = [];
  for (const value of values) {
    const found = byCode.get(value.toLowerCase()) ?? byName.get(value.toLowerCase());
    if (found === undefined) problems.push({ kind: 'unknown', value });
    else if (organisations.some((o) => o.code === found.code)) problems.push({ kind: 'duplicate', code: found.code });
    else organisations.push(found);
  }
  if (values.length > COMPARE_MAX) problems.unshift({ kind: 'too-many', max: COMPARE_MAX });
  return { values, organisations, problems };
}

/** Choosing organisations and putting their progress side by side. */
export class CompareService {
  constructor(private readonly db: Kysely<Database>) {}

  /** Current organisations for the form's list of suggestions. */
  choices(): Promise<OrganisationChoice[]> {
    return organisationChoices(this.db);
  }

  /** Resolves the typed values (codes or exact names) and reports what is wrong with them. */
  async select(raw: readonly string[]): Promise<CompareSelection> {
    const values = raw.map((v) => v.trim().slice(0, 200)).filter((v) => v !== '');
    const [byCode, byName] = await Promise.all([
      organisationChoices(this.db, values.map((v) => v.toLowerCase())),
      organisationsNamed(this.db, values),
    ]);
    return checkSelection(
      raw,
      new Map(byCode.map((o) => [o.code.toLowerCase(), o])),
      new Map(byName.map((o) => [o.name.toLowerCase(), o])),
    );
  }

  /** The organisations' progress on every target that applies to any of them. */
  async compare(strategy: Strategy, organisations: readonly OrganisationChoice[]): Promise<Comparison> {
    const progress = await progressOfOrganisations(this.db, organisations.map((o) => o.code));
    const inScope = organisations.map((o) => new Set(isLayer(o.layer) ? targetsForLayer(strategy, o.layer).map((t) => t.id) : []));
    const targets = strategy.targets.filter((t) => inScope.some((ids) => ids.has(t.id)));
    const items = targets.map((target) => ({
      target,
      cells: organisations.map((o, i): CompareCell =>
        inScope[i]?.has(target.id) === true ? progress.get(o.code)?.find((p) => p.targetId === target.id) : 'not-in-scope',
      ),
    }));
    return { organisations: [...organisations], priorities: groupByPriority(strategy, items) };
  }
}
