/**
 * The few business errors services throw. Each maps to one HTTP status and one RFC 9457 problem type
 * in src/web/problem.ts, and to a readable message in the CLI.
 */

/** One problem with one value, located where possible (a file line, a CSV row, a query parameter). */
export interface Issue {
  /** Where: `line 12, column 3`, `row 7`, `query.layer`, `targets[2].deadline`. */
  location?: string;
  message: string;
}

abstract class ThorbeckeError extends Error {
  abstract readonly code: string;
}

/** The input is invalid; nothing was changed. */
export class InputError extends ThorbeckeError {
  readonly code = 'input';
  constructor(
    message: string,
    readonly issues: readonly Issue[] = [],
  ) {
    super(message);
    this.name = 'InputError';
  }
}

export class NotFoundError extends ThorbeckeError {
  readonly code = 'not-found';
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** The request conflicts with the current state (e.g. the embedded database is held by another process). */
export class ConflictError extends ThorbeckeError {
  readonly code = 'conflict';
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

export class NotAllowedError extends ThorbeckeError {
  readonly code = 'not-allowed';
  constructor(message: string) {
    super(message);
    this.name = 'NotAllowedError';
  }
}

export class AuthenticationError extends ThorbeckeError {
  readonly code = 'authentication';
  constructor(message: string) {
    super(message);
    this.name = 'AuthenticationError';
  }
}

/** Too many attempts (logins, API requests) from one address or for one account: try again later. */
export class TooManyRequestsError extends ThorbeckeError {
  readonly code = 'too-many-requests';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'TooManyRequestsError';
  }
}

export type KnownError = InputError | NotFoundError | ConflictError | NotAllowedError | AuthenticationError | TooManyRequestsError;

export function isKnownError(error: unknown): error is KnownError {
  return error instanceof ThorbeckeError;
}

/** The message of anything thrown: an Error's message, else the value as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
