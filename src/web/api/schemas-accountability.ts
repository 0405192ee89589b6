import { z } from '@hono/zod-openapi';
import { EXPLANATION_SCOPES, EXPLANATION_STATES, SUPPLIER_ROLES } from '../../domain/progress.js';
import type { Commitment as StoredCommitment } from '../../store/commitments.js';
import type { Explanation as StoredExplanation } from '../../store/explanations.js';

/** The contract of the comply-or-explain routes: explanations and commitments (planned dates). */

const isoDate = z.iso.date();
const dateTime = z.iso.datetime();

export const ExplanationScope = z.enum(EXPLANATION_SCOPES).openapi('ExplanationScope', {
  description:
    '`target`: the whole target for an organisation; `domain`: one of its domains; `finding`: one check on one domain; `supplier`: a shared cause at a hosting supplier, attached to every domain it hosts.',
});
export const ExplanationState = z.enum(EXPLANATION_STATES).openapi('ExplanationState', {
  description: '`proposed` → `approved` or `rejected` by a coordinator; an approved one becomes `expired` after its date, or `lapsed` when the measured result it explains changes.',
});
const SupplierRole = z.enum(SUPPLIER_ROLES).openapi('SupplierRole', { description: 'What the supplier provides: mail, DNS or web hosting.' });

export const Explanation = z
  .object({
    id: z.int(),
    scope: ExplanationScope,
    targetId: z.string().openapi({ example: 'forum-mail-dane' }),
    organisationCode: z.string().nullable().openapi({ description: 'Null for a supplier explanation.', example: 'gm0363' }),
    domain: z.string().nullable(),
    checkId: z.string().nullable().openapi({ example: 'mail.dane' }),
    supplier: z.string().nullable().openapi({ description: 'Provider id (src/checks/hosting/providers.ts).', example: 'microsoft-365' }),
    supplierRole: SupplierRole.nullable(),
    reason: z.string(),
    author: z.string(),
    state: ExplanationState,
    expiresOn: isoDate,
    createdAt: dateTime,
    decidedBy: z.string().nullable(),
    decidedAt: dateTime.nullable(),
    decisionNote: z.string().nullable(),
    endedAt: dateTime.nullable(),
    endedReason: z.string().nullable().openapi({ description: 'Why it ended: `rejected`, the expiry, or what changed in the measured result.' }),
    basis: z.record(z.string(), z.unknown()).nullable().openapi({ description: 'What was measured when it was approved; a change lapses it.' }),
  })
  .openapi('Explanation');

export const ExplanationList = z.object({ items: z.array(Explanation), total: z.int() }).openapi('ExplanationList');

export const ExplanationProposal = z
  .object({
    scope: ExplanationScope,
    targetId: z.string().min(1).max(100),
    organisationCode: z.string().min(1).max(100).optional().openapi({ description: 'Required, except for a supplier explanation (which has none).' }),
    domain: z.string().min(1).max(253).optional().openapi({ description: 'For domain and finding scope: a domain of the organisation.' }),
    checkId: z.string().min(1).max(100).optional().openapi({ description: "For finding scope (and optionally supplier scope): one of the target's required checks." }),
    supplier: z.string().min(1).max(100).optional(),
    supplierRole: SupplierRole.optional(),
    reason: z.string().min(10).max(4000),
    expiresOn: isoDate.openapi({ description: 'After today, at most one year ahead.' }),
    author: z.string().min(1).max(200).optional().openapi({ description: "Only with the server's local token (the CLI): a signed-in person or an API token is recorded by the person's own name." }),
  })
  .strict()
  .openapi('ExplanationProposal');

export const ExplanationDecision = z
  .object({
    decision: z.enum(['approve', 'reject']),
    by: z.string().min(1).max(200).optional().openapi({ description: "Only with the server's local token (the CLI): otherwise the deciding coordinator is the caller." }),
    note: z.string().min(1).max(4000).optional().openapi({ description: 'Required for a rejection.' }),
  })
  .strict()
  .openapi('ExplanationDecision');

export const DecisionOutcome = z
  .object({
    explanation: Explanation,
    changesStatus: z.boolean().openapi({ description: 'False where the target does not allow explaining: the finding is marked explained for context, the status is not changed.' }),
    notice: z.string().nullable(),
  })
  .openapi('DecisionOutcome');

const Milestone = z.object({ date: isoDate, value: z.number().min(0).max(100), note: z.string().max(500).optional() }).openapi('Milestone');

export const CommitmentBody = z
  .object({
    plannedDate: isoDate.openapi({ description: 'After the deadline only where the target allows explaining.' }),
    milestones: z.array(Milestone).max(50).optional().openapi({ description: 'Increasing dates, none after the planned date.' }),
    note: z.string().min(1).max(4000).optional(),
    by: z.string().min(1).max(200).optional().openapi({ description: "Only with the server's local token (the CLI): otherwise the caller is recorded." }),
  })
  .strict()
  .openapi('CommitmentBody');

export const Commitment = z
  .object({
    organisationCode: z.string(),
    targetId: z.string(),
    plannedDate: isoDate,
    milestones: z.array(Milestone),
    note: z.string().nullable(),
    setBy: z.string(),
    setAt: dateTime,
  })
  .openapi('Commitment');

export const CommitmentList = z.object({ items: z.array(Commitment) }).openapi('CommitmentList');

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

export function presentExplanation(e: StoredExplanation): z.infer<typeof Explanation> {
  return {
    id: e.id,
    scope: e.scope,
    targetId: e.targetId,
    organisationCode: e.organisationCode,
    domain: e.domain,
    checkId: e.checkId,
    supplier: e.supplier,
    supplierRole: e.supplierRole,
    reason: e.reason,
    author: e.author,
    state: e.state,
    expiresOn: e.expiresOn,
    createdAt: e.createdAt.toISOString(),
    decidedBy: e.decidedBy,
    decidedAt: iso(e.decidedAt),
    decisionNote: e.decisionNote,
    endedAt: iso(e.endedAt),
    endedReason: e.endedReason,
    basis: e.basis === null ? null : { ...e.basis },
  };
}

export function presentCommitment(c: StoredCommitment): z.infer<typeof Commitment> {
  return { ...c, milestones: c.milestones.map((m) => ({ ...m })), setAt: c.setAt.toISOString() };
}
