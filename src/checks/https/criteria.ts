/** The norms the web checks apply, as data (FACTS.md: HTTPS law of July 2023, Forum Standaardisatie). */
export const WEB_CRITERIA = {
  /** HSTS `max-age` must be at least one year (31536000 seconds). */
  hstsMinMaxAge: 31_536_000,
  /** The HTTPS port that "HTTPS available" is measured on. */
  httpsPort: 443,
  /** Network failures that mean "this service is not offered" rather than "could not measure". */
  notOfferedKinds: ['refused', 'timeout', 'reset'],
  /** Certificate problems: HTTPS is still available (trust is judged by web.cert.*). */
  certificateKinds: ['tls-untrusted', 'tls-name', 'tls-expired'],
} as const;

/** "one year" style wording for the reason lines. */
export function describeSeconds(seconds: number): string {
  return seconds === 31_536_000 ? '31536000 (one year)' : String(seconds);
}
