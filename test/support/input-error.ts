import { expect } from 'vitest';
import { InputError } from '../../src/domain/errors.js';

/** Awaits a promise that must reject with an InputError, and returns that error. */
export async function failure(promise: Promise<unknown>): Promise<InputError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}
