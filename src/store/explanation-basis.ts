import { z } from 'zod';
import { CHECK_STATUSES } from '../domain/check.js';
import { DOMAIN_OUTCOMES, SUPPLIER_ROLES } from '../domain/progress.js';
import type { ExplanationBasis } from '../progress/lapse.js';

/** The stored basis of an explanation (explanation.basis), checked when read back. */
const status = z.enum(CHECK_STATUSES).nullable();

const basisSchema = z.discriminatedUnion('scope', [
  z.object({ scope: z.literal('finding'), domain: z.string(), checkId: z.string(), status, keyFactsHash: z.string().nullable() }),
  z.object({ scope: z.literal('domain'), domain: z.string(), checks: z.record(z.string(), status) }),
  z.object({ scope: z.literal('target'), checks: z.array(z.string()).optional(), domains: z.record(z.string(), z.enum(DOMAIN_OUTCOMES)) }),
  z.object({
    scope: z.literal('supplier'),
    supplier: z.string(),
    role: z.enum(SUPPLIER_ROLES),
    checks: z.array(z.string()),
    domains: z.record(z.string(), z.record(z.string(), status)),
  }),
]);

/** The basis as stored, or null when there is none or it cannot be read (such an explanation never lapses). */
export function parseBasis(value: unknown): ExplanationBasis | null {
  if (value === null || value === undefined) return null;
  const parsed = basisSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
