/** The norms of RFC 9116 that `web.security-txt` applies, as data. */
export const SECURITY_TXT_CRITERIA = {
  path: '/.well-known/security.txt',
  /** The only media type allowed; a charset parameter, when present, must be utf-8. */
  mediaType: 'text/plain',
  charset: 'utf-8',
  /** URI schemes a Contact may use (web URIs must be https). */
  contactSchemes: ['mailto:', 'https:', 'tel:'],
  /** RFC 9116 section 2.5.5 recommends Expires less than a year ahead; further ahead is a warning. */
  maxExpiresAheadMs: 365 * 24 * 60 * 60 * 1000,
  /** Fields that must not appear more than once. */
  singleFields: ['expires', 'preferred-languages'],
} as const;
