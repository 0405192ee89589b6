/**
 * Password hashing with argon2id (RFC 9106) through @node-rs/argon2, with the parameters OWASP
 * recommends as a minimum (19 MiB memory, 2 iterations, 1 lane); the PHC string keeps them, so stronger
 * parameters later still verify old hashes (and `needsRehash` tells when to upgrade on login).
 */
import { hash, verify } from '@node-rs/argon2';

/** Algorithm.Argon2id of @node-rs/argon2 (a const enum, which isolated modules cannot import). */
const ARGON2ID = 2;

const PARAMETERS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMETERS);
}

export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}

/** Whether a stored hash uses weaker parameters than today's. */
export function needsRehash(phc: string): boolean {
  return !phc.startsWith(`$argon2id$v=19$m=${String(PARAMETERS.memoryCost)},t=${String(PARAMETERS.timeCost)},p=${String(PARAMETERS.parallelism)}$`);
}

/**
 * A hash to verify against when the account does not exist or has no password, so that a login for an
 * unknown address takes as long as one for a known address (no account enumeration by timing).
 */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword('thorbecke-no-such-account-padding');
  return dummy;
}
