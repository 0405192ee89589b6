import type { ExplanationScope, SupplierRole } from '../domain/progress.js';

/** What an explanation covers: its scope and the target, organisation, domain, check or supplier it names. */
export interface ExplanationSubject {
  scope: ExplanationScope;
  targetId: string;
  /** Null for a supplier explanation (it attaches to every affected domain, whoever owns it). */
  organisationCode: string | null;
  domain: string | null;
  checkId: string | null;
  supplier: string | null;
  supplierRole: SupplierRole | null;
}

/** An approved explanation as the engine sees it. */
export interface ActiveExplanation extends ExplanationSubject {
  id: number;
}

/** What coverage needs to know of a domain: its name and the providers the hosting checks found. */
export interface CoveredDomain {
  domain: string;
  providers: Partial<Record<SupplierRole, readonly string[]>>;
}

/** Whether an explanation of scope domain, finding or supplier covers one failing check of a domain. */
export function coversCheck(explanation: ActiveExplanation, domain: CoveredDomain, checkId: string): boolean {
  switch (explanation.scope) {
    case 'target':
      return true;
    case 'domain':
      return explanation.domain === domain.domain;
    case 'finding':
      return explanation.domain === domain.domain && explanation.checkId === checkId;
    case 'supplier': {
      if (explanation.supplier === null || explanation.supplierRole === null) return false;
      const providers = domain.providers[explanation.supplierRole] ?? [];
      return providers.includes(explanation.supplier) && (explanation.checkId === null || explanation.checkId === checkId);
    }
  }
}

/**
 * The explanation that covers all of a domain's failing checks for a target, if one set of explanations does:
 * returns the id of the first that covers (for the link on the page), or null when some failing check is
 * not explained. Explanations must already be limited to the target and organisation.
 */
export function explainedBy(explanations: readonly ActiveExplanation[], domain: CoveredDomain, failing: readonly string[]): number | null {
  if (failing.length === 0) return null;
  let first: number | null = null;
  for (const checkId of failing) {
    const covering = explanations.find((e) => e.scope !== 'target' && coversCheck(e, domain, checkId));
    if (covering === undefined) return null;
    first ??= covering.id;
  }
  return first;
}
