import type { Kysely } from 'kysely';
import { PROVIDERS } from '../checks/hosting/providers.js';
import { authorise, type Access } from '../domain/access.js';
import { InputError, NotFoundError, type Issue } from '../domain/errors.js';
import type { ExplanationState } from '../domain/progress.js';
import type { Organisation } from '../domain/organisation.js';
import type { Strategy, Target } from '../strategy/schema.js';
import { findTarget, isPerOrganisation } from '../strategy/query.js';
import { clearCommitment, listCommitments, setCommitment, type Commitment } from '../store/commitments.js';
import {
  countExplanations,
  createExplanation,
  decideExplanation,
  findExplanation,
  listExplanations,
  type Explanation,
  type ExplanationFilter,
} from '../store/explanations.js';
import { domainsOf, findOrganisation } from '../store/organisations.js';
import type { Database } from '../store/schema.js';
import { commitmentSchema, decisionSchema, parseInput, proposalSchema, type Proposal } from './accountability-input.js';
import type { StrategyReader } from './strategy-types.js';

/** The outcome of a decision, with what it means for the status. */
export interface DecisionOutcome {
  explanation: Explanation;
  /** False where the target does not allow explaining: the finding is marked explained for context only. */
  changesStatus: boolean;
  /** One line in English for the caller, e.g. that an explanation on such a target does not change its status. */
  notice: string | null;
}

/** The notice for an explanation on a target that does not allow explaining. */
export const CONTEXT_ONLY_NOTICE =
  'This target does not allow explaining: the finding is marked explained for context, but the status is not changed.';

/** The date one year after `day` (the latest expiry an explanation may have). */
export function oneYearAfter(day: string): string {
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCFullYear(at.getUTCFullYear() + 1);
  return at.toISOString().slice(0, 10);
}

const today = (now: Date): string => now.toISOString().slice(0, 10);

function requireIssues(issues: Issue[], message: string): void {
  if (issues.length > 0) throw new InputError(message, issues);
}

/**
 * Comply or explain and own pace: proposing and deciding explanations, and recording organisations' planned
 * dates (commitments). Checks every input against the current strategy and the register; the progress engine
 * (src/progress) draws the consequences, the store marks what to recompute.
 */
export class AccountabilityService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly strategy: StrategyReader,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private async currentStrategy(): Promise<Strategy> {
    const current = await this.strategy.current();
    if (!current) throw new InputError('No strategy has been applied yet (thorbecke strategy apply).');
    return current.strategy;
  }

  private async targetOf(id: string, location = 'targetId'): Promise<Target> {
    const target = findTarget(await this.currentStrategy(), id);
    if (!target || !isPerOrganisation(target)) {
      throw new InputError(`There is no target "${id}" measured per organisation in the current strategy.`, [
        { location, message: `unknown target "${id}"` },
      ]);
    }
    return target;
  }

  private async organisationIn(code: string, target: Target, location = 'organisationCode'): Promise<Organisation> {
    const org = await findOrganisation(this.db, code);
    if (!org) throw new InputError(`There is no organisation "${code}".`, [{ location, message: `unknown organisation "${code}"` }]);
    if (!target.scope.layers.includes(org.layer)) {
      throw new InputError(`${org.name} (${org.layer}) is not in the scope of target ${target.id} (${target.scope.layers.join(', ')}).`, [
        { location, message: `the target applies to ${target.scope.layers.join(', ')}, not to ${org.layer}` },
      ]);
    }
    return org;
  }

  /** Checks a proposal against the strategy and the register, field by field. */
  private async checkProposal(p: Proposal, target: Target): Promise<void> {
    const issues: Issue[] = [];
    const checks = target.indicator.kind === 'checks' ? target.indicator.checks : [];
    const supplierScope = p.scope === 'supplier';
    if (supplierScope && p.organisationCode !== undefined) {
      issues.push({ location: 'organisationCode', message: 'a supplier explanation belongs to no single organisation: leave the organisation out' });
    }
    if (!supplierScope && p.organisationCode === undefined) issues.push({ location: 'organisationCode', message: 'say which organisation explains' });
    if (!supplierScope && p.organisationCode !== undefined) await this.organisationIn(p.organisationCode, target);
    const needsDomain = p.scope === 'domain' || p.scope === 'finding';
    if (needsDomain && p.domain === undefined) issues.push({ location: 'domain', message: `a ${p.scope} explanation names the domain` });
    if (!needsDomain && p.domain !== undefined) issues.push({ location: 'domain', message: `a ${p.scope} explanation names no domain` });
    if (needsDomain && p.domain !== undefined && p.organisationCode !== undefined) {
      const owned = (await domainsOf(this.db, p.organisationCode)).some((d) => d.name === p.domain);
      if (!owned) issues.push({ location: 'domain', message: `${p.domain} is not a domain of ${p.organisationCode}` });
    }
    if (p.scope !== 'target' && checks.length === 0) {
      issues.push({ location: 'scope', message: `target ${target.id} is not measured by checks: only a target explanation fits it` });
    }
    if (p.scope === 'finding' && p.checkId === undefined) issues.push({ location: 'checkId', message: 'a finding explanation names the check' });
    if ((p.scope === 'target' || p.scope === 'domain') && p.checkId !== undefined) {
      issues.push({ location: 'checkId', message: `a ${p.scope} explanation covers every check: leave the check out` });
    }
    if (p.checkId !== undefined && checks.length > 0 && !checks.includes(p.checkId)) {
      issues.push({ location: 'checkId', message: `${p.checkId} is not a required check of ${target.id} (${checks.join(', ')})` });
    }
    if (supplierScope) {
      if (p.supplier === undefined) issues.push({ location: 'supplier', message: 'a supplier explanation names the supplier' });
      else if (!PROVIDERS.some((x) => x.id === p.supplier)) issues.push({ location: 'supplier', message: `unknown supplier "${p.supplier}" (see src/checks/hosting/providers.ts)` });
      if (p.supplierRole === undefined) issues.push({ location: 'supplierRole', message: 'say what the supplier provides: mail, dns or web' });
    } else if (p.supplier !== undefined || p.supplierRole !== undefined) {
      issues.push({ location: 'supplier', message: 'only a supplier explanation names a supplier' });
    }
    const day = today(this.now());
    if (p.expiresOn <= day) issues.push({ location: 'expiresOn', message: `the expiry date must lie after today (${day})` });
    if (p.expiresOn > oneYearAfter(day)) issues.push({ location: 'expiresOn', message: `an explanation runs at most one year: expire on ${oneYearAfter(day)} or earlier` });
    requireIssues(issues, 'The explanation is not valid.');
  }

  /** Proposes an explanation (state `proposed`); a coordinator decides it. */
  async propose(access: Access, input: unknown): Promise<Explanation> {
    const p = parseInput(proposalSchema, input, 'explanation');
    // A supplier explanation covers many organisations: coordinators propose those.
    authorise(access.principal, 'explanation.propose', p.organisationCode?.toLowerCase());
    const target = await this.targetOf(p.targetId);
    await this.checkProposal(p, target);
    return createExplanation(this.db, {
      scope: p.scope,
      targetId: p.targetId,
      organisationCode: p.organisationCode ?? null,
      domain: p.domain ?? null,
      checkId: p.checkId ?? null,
      supplier: p.supplier ?? null,
      supplierRole: p.supplierRole ?? null,
      reason: p.reason,
      author: authorName(access, p.author),
      expiresOn: p.expiresOn,
    }, access.actor);
  }

  /**
   * A coordinator approves or rejects a proposed explanation. Approval records the basis the explanation
   * rests on. On a target that does not allow
   * explaining the outcome says that the status is not changed.
   */
  async decide(access: Access, id: number, input: unknown): Promise<DecisionOutcome> {
    authorise(access.principal, 'explanation.decide');
    const d = parseInput(decisionSchema, input, 'decision');
    const existing = await this.get(id);
    const target = findTarget(await this.currentStrategy(), existing.targetId);
    if (d.decision === 'approve' && target === undefined) {
      throw new InputError(`Target ${existing.targetId} is no longer in the current strategy: the explanation cannot be approved.`);
    }
    const checks = target?.indicator.kind === 'checks' ? target.indicator.checks : [];
    const basisTarget = { checks, assets: target?.scope.assets ?? [] };
    const explanation = await decideExplanation(this.db, id, { decision: d.decision, by: authorName(access, d.by), note: d.note, target: basisTarget, at: this.now() }, access.actor);
    const changesStatus = target?.explainAllowed ?? false;
    return { explanation, changesStatus, notice: d.decision === 'approve' && !changesStatus ? CONTEXT_ONLY_NOTICE : null };
  }

  async get(id: number): Promise<Explanation> {
    const explanation = await findExplanation(this.db, id);
    if (!explanation) throw new NotFoundError(`No explanation ${String(id)}.`);
    return explanation;
  }

  list(filter: ExplanationFilter = {}): Promise<Explanation[]> {
    return listExplanations(this.db, filter);
  }

  count(filter: ExplanationFilter = {}): Promise<number> {
    return countExplanations(this.db, filter);
  }

  /** Whether an explanation on this target changes the status (false: context only); undefined for an unknown target. */
  async explainAllowed(targetId: string): Promise<boolean | undefined> {
    const current = await this.strategy.current();
    return current ? findTarget(current.strategy, targetId)?.explainAllowed : undefined;
  }

  /**
   * Records an organisation's planned date for a target, with optional milestones. A date after the deadline
   * only where the target allows explaining.
   */
  async setCommitment(access: Access, code: string, targetId: string, input: unknown): Promise<Commitment> {
    authorise(access.principal, 'commitment.write', code);
    const c = parseInput(commitmentSchema, input, 'commitment');
    const target = await this.targetOf(targetId, 'targetId');
    const org = await this.organisationIn(code, target, 'organisationCode');
    if (c.plannedDate > target.deadline && !target.explainAllowed) {
      throw new InputError(`Target ${target.id} does not allow a planned date after its deadline ${target.deadline} (it cannot be explained).`, [
        { location: 'plannedDate', message: `at the latest the deadline ${target.deadline}` },
      ]);
    }
    return setCommitment(this.db, {
      organisationCode: org.code,
      targetId: target.id,
      plannedDate: c.plannedDate,
      milestones: c.milestones,
      note: c.note ?? null,
      setBy: authorName(access, c.by),
    }, access.actor);
  }

  /** Removes a commitment: the status is judged against the deadline again. */
  async clearCommitment(access: Access, code: string, targetId: string): Promise<void> {
    authorise(access.principal, 'commitment.write', code);
    if (!(await clearCommitment(this.db, code, targetId, access.actor))) throw new NotFoundError(`${code} has no planned date for ${targetId}.`);
  }

  commitments(code?: string): Promise<Commitment[]> {
    return listCommitments(this.db, code);
  }
}

/**
 * The name recorded as author or decider: a signed-in person's own name; on the command line (the local
 * principal) the name given, else the command line's.
 */
function authorName(access: Access, given: string | undefined): string {
  return access.principal.kind === 'account' ? access.principal.name : (given ?? access.actor.name);
}

/** States in which an explanation is still in force or awaiting a decision. */
export const OPEN_STATES: readonly ExplanationState[] = ['proposed', 'approved'];
