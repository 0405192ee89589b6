/**
 * From an identity provider's claims to a Thorbecke identity: who (issuer, subject, e-mail, name) and
 * which organisations with which role, by the provider's configured mapping. Pure: the callback route
 * gathers the claims (ID token, then UserInfo for what it lacks), this decides. Global roles never
 * come from a provider.
 */
import type { OrganisationRole } from '../../domain/access.js';
import { AuthenticationError } from '../../domain/errors.js';
import type { OidcProvider } from './oidc-config.js';

export interface OidcIdentity {
  issuer: string;
  subject: string;
  email: string;
  displayName: string;
  /** Organisation code → role, as the claims give them now. */
  memberships: { organisationCode: string; role: OrganisationRole }[];
  /** Claim values that are not organisation codes (logged, ignored). */
  ignored: string[];
}

export type Claims = Record<string, unknown>;

const ORG_CODE = /^[a-z]{2,4}\d{2,5}$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** A claim as a list of strings (a string, or an array of strings; anything else is left out). */
function values(claim: unknown): string[] {
  if (typeof claim === 'string') return [claim];
  if (Array.isArray(claim)) return claim.filter((v): v is string => typeof v === 'string');
  return [];
}

/** The claims the mapping needs, to know whether the ID token already has them all. */
export function neededClaims(provider: OidcProvider): string[] {
  return ['email', 'name', ...(provider.organisationClaim !== undefined ? [provider.organisationClaim] : []), ...(provider.roleClaim !== undefined ? [provider.roleClaim] : [])];
}

/** The role the claims give: the highest mapped value, else the default (undefined: none). */
function roleOf(provider: OidcProvider, claims: Claims): OrganisationRole | undefined {
  const mapped = provider.roleClaim === undefined ? [] : values(claims[provider.roleClaim]).map((v) => provider.roles[v]).filter((r) => r !== undefined);
  if (mapped.includes('admin')) return 'admin';
  if (mapped.includes('editor')) return 'editor';
  return provider.defaultRole === 'none' ? undefined : provider.defaultRole;
}

/** Throws AuthenticationError when the claims lack what an account needs (an e-mail address). */
export function identityOf(provider: OidcProvider, issuer: string, claims: Claims): OidcIdentity {
  const subject = claims.sub;
  if (typeof subject !== 'string' || subject === '') throw new AuthenticationError(`${provider.name} did not say who you are (no subject).`);
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  if (!EMAIL.test(email) || email.length > 254) throw new AuthenticationError(`${provider.name} did not give an e-mail address; ask its administrator to release the email claim to Thorbecke.`);
  const given = [claims.given_name, claims.family_name].filter((v): v is string => typeof v === 'string').join(' ');
  const rawName = typeof claims.name === 'string' && claims.name.trim() !== '' ? claims.name : given.trim() !== '' ? given : email;
  const displayName = rawName.trim().slice(0, 200);

  const ignored: string[] = [];
  const candidates = provider.organisations ?? (provider.organisationClaim === undefined ? [] : values(claims[provider.organisationClaim]));
  const codes = new Set<string>();
  for (const value of candidates) {
    const code = value.trim().toLowerCase();
    if (ORG_CODE.test(code)) codes.add(code);
    else ignored.push(value.slice(0, 50));
  }
  const role = roleOf(provider, claims);
  const memberships = role === undefined ? [] : [...codes].sort().map((organisationCode) => ({ organisationCode, role }));
  return { issuer, subject, email, displayName, memberships, ignored };
}
