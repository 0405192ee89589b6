/**
 * Time-based one-time passwords (RFC 6238) as the second factor of local accounts, with the otpauth
 * package: SHA-1, 6 digits, 30 s, one step of clock drift either way — what every authenticator app
 * supports. A code is accepted once: the step of the last accepted code is stored and a code of that or an
 * earlier step is refused (no replay).
 */
import { Secret, TOTP } from 'otpauth';

const PERIOD = 30;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, label = 'Thorbecke'): TOTP {
  return new TOTP({ issuer: 'Thorbecke', label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });
}

/** The otpauth:// URI an authenticator app reads (from a QR code). */
export function totpUri(secret: string, label: string): string {
  return totp(secret, label).toString();
}

/**
 * The time step of `code` if it is valid now and newer than `lastStep`; undefined otherwise.
 */
export function acceptTotp(secret: string, code: string, lastStep: number | null, now = Date.now()): number | undefined {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return undefined;
  const delta = totp(secret).validate({ token, timestamp: now, window: 1 });
  if (delta === null) return undefined;
  const step = Math.floor(now / 1000 / PERIOD) + delta;
  if (lastStep !== null && step <= lastStep) return undefined;
  return step;
}

/** The current code (tests, and the CLI's enrolment check). */
export function totpCode(secret: string, now = Date.now()): string {
  return totp(secret).generate({ timestamp: now });
}
