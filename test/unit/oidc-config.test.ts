import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/load.js';
import { InputError } from '../../src/domain/errors.js';
import { identityOf } from '../../src/web/auth/oidc-claims.js';
import { parseOidcConfig, type OidcProvider } from '../../src/web/auth/oidc-config.js';
import { oidcProviders, providerChoices, redirectUri } from '../../src/web/auth/oidc-providers.js';
import { safeNext } from '../../src/web/auth/next.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thorbecke-oidc-config-'));
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  await writeFile(join(dir, 'key.pem'), privateKey.export({ format: 'pem', type: 'pkcs8' }));
  await writeFile(join(dir, 'key.jwk'), JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid: 'thorbecke-2026' }));
  await writeFile(join(dir, 'public.pem'), publicKey.export({ format: 'pem', type: 'spki' }));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const VALID = `providers:
  - id: amsterdam
    name: Gemeente Amsterdam
    issuer: https://login.amsterdam.nl/realms/medewerkers
    clientId: thorbecke
    privateKeyFile: key.pem
    acrValues: [http://eidas.europa.eu/LoA/substantial]
    organisationClaim: tooi_organisation
    roleClaim: groups
    roles: { thorbecke-beheer: admin, thorbecke: editor }
  - id: ssc
    name: Shared service centre
    issuer: https://idp.ssc.example.nl
    clientId: thorbecke
    privateKeyFile: key.jwk
    organisations: [gm0363, GM0518]
    defaultRole: editor
`;

function problems(text: string): { location?: string; message: string }[] {
  try {
    parseOidcConfig(text, 'oidc.yaml', dir);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain('oidc.yaml');
    return [...(error as InputError).issues];
  }
  throw new Error('expected the file to be refused');
}

describe('the OpenID Connect provider file', () => {
  it('reads providers with defaults and their private keys (PEM and JWK)', () => {
    const [a, b] = parseOidcConfig(VALID, 'oidc.yaml', dir);
    expect(a).toMatchObject({ id: 'amsterdam', scopes: ['openid', 'email', 'profile'], defaultRole: 'none', allowInsecure: false, roles: { 'thorbecke-beheer': 'admin' } });
    expect(a?.privateKey?.key.asymmetricKeyType).toBe('ec');
    expect(a?.privateKey?.kid).toBeUndefined();
    expect(b).toMatchObject({ organisations: ['gm0363', 'gm0518'], defaultRole: 'editor' });
    expect(b?.privateKey?.kid).toBe('thorbecke-2026');
  });

  it('names the line and field of each problem', () => {
    const issues = problems(`providers:
  - id: Amsterdam
    name: A
    issuer: http://login.amsterdam.nl
    clientId: thorbecke
    privateKeyFile: key.pem
    clientSecret: a-secret-of-enough-length
    organisationClaim: org
    roles: { x: superuser }
    colour: red
`);
    expect(issues).toEqual(
      expect.arrayContaining([
        { location: 'line 2, column 9 (providers[0].id)', message: expect.stringContaining('must be a slug') as string },
        { location: expect.stringContaining('(providers[0].roles.x)') as string, message: expect.stringContaining('editor') as string },
        { location: expect.stringContaining('(providers[0])') as string, message: 'unknown key(s) "colour"' },
      ]),
    );
    // The rules across fields are checked once every field is valid.
    const issuer = problems(`providers:
  - id: amsterdam
    name: A
    issuer: http://login.amsterdam.nl
    clientId: thorbecke
    privateKeyFile: key.pem
    organisationClaim: org
`);
    expect(issuer).toEqual([{ location: 'line 4, column 13 (providers[0].issuer)', message: expect.stringContaining('must be an https:// URL') as string }]);
  });

  it('requires exactly one client authentication and exactly one organisation mapping', () => {
    const both = problems(`providers:
  - { id: a, name: A, issuer: "https://idp.example.nl", clientId: c, privateKeyFile: key.pem, clientSecret: a-secret-of-enough-length, organisations: [gm0363], organisationClaim: org }
`);
    expect(both.map((i) => i.message)).toEqual(
      expect.arrayContaining([expect.stringContaining('exactly one of privateKeyFile'), expect.stringContaining('exactly one of organisations')]),
    );
    const neither = problems(`providers:
  - { id: a, name: A, issuer: "https://idp.example.nl", clientId: c }
`);
    expect(neither).toHaveLength(2);
  });

  it('allows http only for a loopback issuer marked allowInsecure', () => {
    const ok = `providers:
  - { id: a, name: A, issuer: "http://127.0.0.1:4000", allowInsecure: true, clientId: c, privateKeyFile: key.pem, organisations: [gm0363] }
`;
    expect(parseOidcConfig(ok, 'oidc.yaml', dir)).toHaveLength(1);
    expect(problems(ok.replace('allowInsecure: true, ', ''))[0]?.location).toContain('providers[0].issuer');
    expect(problems(ok.replace('http://127.0.0.1:4000', 'https://idp.example.nl'))[0]?.message).toContain('only allowed for a loopback issuer');
  });

  it('refuses a key that cannot be used, duplicate ids, a roles map without roleClaim, and bad YAML', () => {
    const key = problems(`providers:
  - { id: a, name: A, issuer: "https://idp.example.nl", clientId: c, privateKeyFile: public.pem, organisations: [gm0363] }
  - { id: b, name: B, issuer: "https://idp.example.nl", clientId: c, privateKeyFile: missing.pem, organisations: [gm0363] }
`);
    expect(key.map((i) => i.location)).toEqual([expect.stringContaining('providers[0].privateKeyFile'), expect.stringContaining('providers[1].privateKeyFile')]);
    const dup = problems(`providers:
  - { id: a, name: A, issuer: "https://idp.example.nl", clientId: c, privateKeyFile: key.pem, organisations: [gm0363], roles: { x: admin } }
  - { id: a, name: B, issuer: "https://idp.example.nl", clientId: c, privateKeyFile: key.pem, organisations: [gm0363] }
`);
    expect(dup.map((i) => i.message)).toEqual(expect.arrayContaining(['is required when roles are given', 'duplicate provider id "a"']));
    expect(problems('providers:\n  - id: [a\n')[0]?.message).toContain('YAML syntax');
  });

  it('gives the login page no buttons without a file, one per provider with one; warns about client secrets', async () => {
    expect(providerChoices(loadConfig({}))).toEqual([]);
    const file = join(dir, 'oidc.yaml');
    await writeFile(file, `${VALID}  - { id: legacy, name: Legacy, issuer: "https://idp.example.nl", clientId: c, clientSecret: a-secret-of-enough-length, organisations: [gm0363] }\n`);
    const config = loadConfig({ THORBECKE_OIDC_FILE: file, THORBECKE_PUBLIC_URL: 'https://thorbecke.example.nl/' });
    expect(providerChoices(config)).toEqual([
      { id: 'amsterdam', name: 'Gemeente Amsterdam' },
      { id: 'ssc', name: 'Shared service centre' },
      { id: 'legacy', name: 'Legacy' },
    ]);
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    oidcProviders(config, logger);
    oidcProviders(config, logger);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('not conformant to the NL GOV OpenID Connect profile');
    expect(redirectUri(config, { id: 'amsterdam' })).toBe('https://thorbecke.example.nl/login/oidc/amsterdam/callback');
  });
});

describe('claims to identity', () => {
  const base: OidcProvider = { id: 'p', name: 'P', issuer: 'https://idp.example.nl', allowInsecure: false, clientId: 'c', signingAlgorithm: 'RS256', scopes: ['openid'], roles: { beheer: 'admin', medewerker: 'editor' }, defaultRole: 'none' };

  it('maps the organisation claim (string or array) and the highest role; ignores what is no code', () => {
    const p: OidcProvider = { ...base, organisationClaim: 'org', roleClaim: 'groups' };
    const who = identityOf(p, 'https://idp.example.nl', { sub: 's1', email: 'A@B.nl', org: ['GM0363', 'ssc', 'pv27'], groups: ['medewerker', 'beheer', 'other'] });
    expect(who).toMatchObject({ subject: 's1', email: 'a@b.nl', displayName: 'a@b.nl', ignored: ['ssc'] });
    expect(who.memberships).toEqual([{ organisationCode: 'gm0363', role: 'admin' }, { organisationCode: 'pv27', role: 'admin' }]);
    expect(identityOf(p, 'x', { sub: 's', email: 'a@b.nl', org: 'gm0363', groups: 'other' }).memberships).toEqual([]);
  });

  it('gives fixed organisations the default role, and never a global role', () => {
    const p: OidcProvider = { ...base, organisations: ['gm0363'], defaultRole: 'editor' };
    const who = identityOf(p, 'x', { sub: 's', email: 'a@b.nl', given_name: 'Ann', family_name: 'de Boer', groups: 'administrator' });
    expect(who.displayName).toBe('Ann de Boer');
    expect(who.memberships).toEqual([{ organisationCode: 'gm0363', role: 'editor' }]);
    expect(who).not.toHaveProperty('globalRole');
  });

  it('needs a subject and an e-mail address', () => {
    const p: OidcProvider = { ...base, organisations: ['gm0363'] };
    expect(() => identityOf(p, 'x', { email: 'a@b.nl' })).toThrow(/no subject/);
    expect(() => identityOf(p, 'x', { sub: 's' })).toThrow(/e-mail address/);
  });
});

describe('after the login', () => {
  it('goes only to local paths', () => {
    expect(safeNext('/organisations/gm0363?tab=2')).toBe('/organisations/gm0363?tab=2');
    for (const bad of [undefined, '', '//evil.example', '/\\evil.example', 'https://evil.example/', 'account', '/a b']) expect(safeNext(bad)).toBe('/account');
  });
});
