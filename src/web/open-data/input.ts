import { z } from 'zod';
import { InputError } from '../../domain/errors.js';

/**
 * The query of an open-data request, validated: every problem is an issue located as `query.<name>`
 * (the same form as the API's 400 answers). Parameters the schema does not name are ignored.
 */
export function parseQuery<S extends z.ZodType>(schema: S, query: Record<string, string>): z.output<S> {
  const result = schema.safeParse(query);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ location: ['query', ...i.path.map(String)].join('.'), message: i.message }));
  throw new InputError(`The request has ${issues.length} invalid parameter(s).`, issues);
}

/** An optional date parameter (YYYY-MM-DD). */
export const optionalDate = z.iso.date({ error: 'use a date as YYYY-MM-DD' }).optional();

/** An optional target id parameter (checked against the strategy afterwards). */
export const optionalTargetId = z.string().min(1).max(200).optional();
