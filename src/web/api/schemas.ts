import { z } from '@hono/zod-openapi';
import { LAYERS } from '../../domain/layer.js';
import { ASSET_KINDS } from '../../domain/asset.js';

/**
 * The API's contract (response and parameter schemas). These generate /api/v1/openapi.json; the
 * committed copy in docs/api/openapi.json is compared with it by test/web/openapi.test.ts.
 */

export const Layer = z.enum(LAYERS).openapi('Layer', { description: 'Government layer (bestuurslaag).' });

const isoDate = z.iso.date();

export const LocalisedText = z
  .object({ nl: z.string(), en: z.string() })
  .openapi('LocalisedText', { description: 'Text in Dutch and English.' });

export const Organisation = z
  .object({
    code: z.string().openapi({ description: 'TOOI code', example: 'gm0363' }),
    tooiUri: z.string().nullable().openapi({ example: 'https://identifier.overheid.nl/tooi/id/gemeente/gm0363' }),
    name: z.string().openapi({ example: 'Gemeente Amsterdam' }),
    shortName: z.string().nullable(),
    layer: Layer,
    oin: z.string().nullable().openapi({ description: 'Organisatie-identificatienummer (20 digits)' }),
    provinceCode: z.string().nullable().openapi({ example: 'pv27' }),
    parentCode: z.string().nullable(),
    website: z.string().nullable(),
    validFrom: isoDate.nullable(),
    validTo: isoDate.nullable(),
    successorCode: z.string().nullable().openapi({ description: 'Set at a merger: the organisation that continues this one.' }),
  })
  .openapi('Organisation');

export const Domain = z
  .object({ name: z.string().openapi({ example: 'amsterdam.nl' }), kind: z.enum(ASSET_KINDS) })
  .openapi('Domain');

export const OrganisationDetail = Organisation.extend({
  predecessorCodes: z.array(z.string()),
  domains: z.array(Domain),
  targetIds: z.array(z.string()).openapi({ description: 'Targets of the current strategy that apply to this organisation.' }),
}).openapi('OrganisationDetail');

export const OrganisationPage = z
  .object({
    items: z.array(Organisation),
    page: z.int(),
    pageSize: z.int(),
    total: z.int(),
    totalPages: z.int(),
  })
  .openapi('OrganisationPage');

export const Source = z
  .object({
    kind: z.enum(['law', 'agreement', 'comply-or-explain', 'strategy', 'motion', 'eu', 'register']),
    title: z.string(),
    url: z.string().optional(),
    verified: z.boolean(),
    note: z.string().optional(),
  })
  .openapi('Source');

export const Indicator = z
  .object({
    kind: z.enum(['checks', 'self-assessment', 'register', 'national']),
    set: z.string().optional(),
    checks: z.array(z.string()).optional(),
    question: LocalisedText.optional(),
    answer: z.string().optional(),
    evidence: z.string().optional(),
    validForMonths: z.int().optional(),
    register: z.string().optional(),
    rule: LocalisedText.optional(),
    measure: LocalisedText.optional(),
    targetValue: z.number().optional(),
    unit: z.string().optional(),
  })
  .openapi('Indicator', { description: 'How the target is measured; the fields present depend on `kind`.' });

export const Target = z
  .object({
    id: z.string().openapi({ example: 'forum-web-2018-https-hsts' }),
    title: LocalisedText,
    description: LocalisedText,
    priorityIds: z.array(z.string()),
    scope: z.object({ layers: z.array(Layer), assets: z.array(z.enum(ASSET_KINDS)) }),
    deadline: isoDate,
    source: Source,
    explainAllowed: z.boolean(),
    indicator: Indicator,
  })
  .openapi('Target');

export const TargetChange = z
  .object({
    version: z.string(),
    appliedAt: z.iso.datetime(),
    appliedBy: z.string(),
    kind: z.enum(['added', 'changed', 'removed']),
    fields: z.array(z.string()),
  })
  .openapi('TargetChange');

export const TargetDetail = Target.extend({ history: z.array(TargetChange) }).openapi('TargetDetail');

export const Priority = z
  .object({
    id: z.string().openapi({ example: 'resilience' }),
    number: z.int(),
    title: LocalisedText,
    summary: LocalisedText,
    targetIds: z.array(z.string()),
  })
  .openapi('Priority');

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    instance: z.string().optional(),
    invalidParams: z.array(z.object({ name: z.string(), reason: z.string() })).optional(),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details.' });

/** The error responses every route can give. */
export const problemResponses = {
  400: { description: 'Invalid input; every problem is listed.', content: { 'application/problem+json': { schema: Problem } } },
  404: { description: 'Not found.', content: { 'application/problem+json': { schema: Problem } } },
  500: { description: 'Unexpected error.', content: { 'application/problem+json': { schema: Problem } } },
} as const;
