import { z } from 'zod';
import { InputError, type Issue } from '../domain/errors.js';
import { EXPLANATION_SCOPES, SUPPLIER_ROLES } from '../domain/progress.js';

/**
 * The shapes of comply-or-explain input (proposals, decisions, commitments), checked field by field before
 * the service checks them against the strategy and the register. Rules that need those live in
 * accountability.ts.
 */

const isoDate = z.iso.date({ error: 'use a date as YYYY-MM-DD' });
const name = z.string().trim().min(1, 'say who (a name)').max(200);
const optionalText = z.string().trim().min(1).max(100).optional();

export const proposalSchema = z.strictObject({
  scope: z.enum(EXPLANATION_SCOPES),
  targetId: z.string().trim().min(1).max(100),
  organisationCode: optionalText,
  domain: z.string().trim().toLowerCase().min(1).max(253).optional(),
  checkId: optionalText,
  supplier: optionalText,
  supplierRole: z.enum(SUPPLIER_ROLES).optional(),
  reason: z.string().trim().min(10, 'a reason has at least 10 characters').max(4000, 'a reason has at most 4000 characters'),
  expiresOn: isoDate,
  /** Recorded as the author on the command line; a signed-in person is recorded by their own name. */
  author: name.optional(),
});
export type Proposal = z.infer<typeof proposalSchema>;

export const decisionSchema = z
  .strictObject({
    decision: z.enum(['approve', 'reject']),
    by: name.optional(),
    note: z.string().trim().min(1).max(4000).optional(),
  })
  .refine((d) => d.decision === 'approve' || d.note !== undefined, { path: ['note'], error: 'a rejection says why (note)' });
export type DecisionInput = z.infer<typeof decisionSchema>;

export const milestoneSchema = z.strictObject({
  date: isoDate,
  value: z.number().min(0).max(100),
  note: z.string().trim().min(1).max(500).optional(),
});

export const commitmentSchema = z
  .strictObject({
    plannedDate: isoDate,
    milestones: z.array(milestoneSchema).max(50).default([]),
    note: z.string().trim().min(1).max(4000).optional(),
    by: name.optional(),
  })
  .superRefine((c, ctx) => {
    c.milestones.forEach((m, i) => {
      const previous = c.milestones[i - 1];
      if (previous !== undefined && m.date <= previous.date) {
        ctx.addIssue({ code: 'custom', path: ['milestones', i, 'date'], message: `milestone dates must increase (${m.date} is not after ${previous.date})` });
      }
      if (m.date > c.plannedDate) {
        ctx.addIssue({ code: 'custom', path: ['milestones', i, 'date'], message: `a milestone (${m.date}) cannot lie after the planned date ${c.plannedDate}` });
      }
    });
  });
export type CommitmentInputBody = z.input<typeof commitmentSchema>;

/** Parses input with a schema; an InputError listing every problem (located by field) otherwise. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues: Issue[] = result.error.issues.map((issue) => ({ location: issue.path.map(String).join('.') || undefined, message: issue.message }));
  throw new InputError(`The ${what} is not valid.`, issues);
}
