import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Issue, KnownError } from '../domain/errors.js';

/**
 * RFC 9457 problem details. One mapping from the business errors of src/domain/errors.ts to HTTP.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  /** Every problem with the input, located (NL API Design Rules: list all errors). */
  invalidParams?: { name: string; reason: string }[];
}

const STATUS: Record<KnownError['code'], ContentfulStatusCode> = {
  input: 400,
  'not-found': 404,
  conflict: 409,
  'not-allowed': 403,
  authentication: 401,
  'too-many-requests': 429,
};

const TITLE: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
  500: 'Internal Server Error',
};

export function statusOf(error: KnownError): ContentfulStatusCode {
  return STATUS[error.code];
}

export function problemResponse(
  c: Context,
  status: ContentfulStatusCode,
  detail: string,
  issues: readonly Issue[] = [],
): Response {
  const body: Problem = {
    type: 'about:blank',
    title: TITLE[status] ?? 'Error',
    status,
    detail,
    instance: new URL(c.req.url).pathname,
    ...(issues.length > 0
      ? { invalidParams: issues.map((i) => ({ name: i.location ?? '', reason: i.message })) }
      : {}),
  };
  return c.body(JSON.stringify(body), status, { 'Content-Type': 'application/problem+json' });
}
