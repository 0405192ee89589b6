import type { Context } from 'hono';
import type { ZodError } from 'zod';
import { problemResponse } from '../problem.js';

/**
 * The default hook of every API route: invalid input is a 400 problem+json that lists every problem
 * (NL API Design Rules: 400, not 422, and all errors at once).
 */
export function validationHook(
  result: { success: true } | { success: false; error: ZodError; target?: string },
  c: Context,
): Response | undefined {
  if (result.success) return undefined;
  const target = result.target === 'param' ? 'path' : (result.target ?? 'input');
  const issues = result.error.issues.map((issue) => ({
    location: [target, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  return problemResponse(c, 400, `The request has ${issues.length} invalid parameter(s).`, issues);
}
