import { rootCertificates } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { handshake } from '../../src/checks/tls/handshake.js';
import { MAX_CONTEXTS, sharedSecureContext, trustBundle } from '../../src/checks/tls/secure-context.js';

/** Cheap contexts (no `ca`), distinct per `i`. */
const probeContext = (tag: string, i: number): ReturnType<typeof sharedSecureContext> => sharedSecureContext({ ciphers: `DEFAULT:!PSK-${tag}-${i}` });

describe('shared TLS contexts', () => {
  it('keeps the trust-bundle context however many probe contexts follow it', () => {
    const bundle = trustBundle([rootCertificates[0] ?? '']);
    const trusted = sharedSecureContext({ ca: bundle as string[] });
    for (let i = 0; i < MAX_CONTEXTS * 2; i++) probeContext('pin', i);
    expect(sharedSecureContext({ ca: bundle as string[] })).toBe(trusted);
  });

  it('drops the least recently used context, not the oldest: a hit refreshes it', () => {
    const often = sharedSecureContext({ ciphers: 'DEFAULT:!PSK-often' });
    const first = probeContext('lru', 0);
    for (let i = 1; i < MAX_CONTEXTS * 2; i++) {
      expect(sharedSecureContext({ ciphers: 'DEFAULT:!PSK-often' })).toBe(often);
      probeContext('lru', i);
    }
    expect(sharedSecureContext({ ciphers: 'DEFAULT:!PSK-often' })).toBe(often);
    expect(probeContext('lru', 0)).not.toBe(first);
  });

  it('never gives the roots-plus-extras context for a raw CA list of only the extras', () => {
    const extras = [rootCertificates[1] ?? ''];
    const withRoots = sharedSecureContext({ ca: trustBundle(extras) as string[] });
    const onlyExtras = sharedSecureContext({ ca: [...extras] });
    expect(onlyExtras).not.toBe(withRoots);
  });

  it('without extras trusts one shared copy of the bundled roots, never the default store', () => {
    const roots = trustBundle(undefined);
    expect(roots).toEqual(rootCertificates);
    expect(trustBundle([])).toBe(roots);
    expect(trustBundle(undefined)).toBe(roots);
  });
});

describe('handshake options', () => {
  const target = { address: '127.0.0.1', port: 9, serverName: 'x.test', timeoutMs: 1000 };

  it('does not compile, and refuses at run time, an option node:tls would ignore beside a secureContext', async () => {
    // @ts-expect-error secureProtocol is not a context option handshake() accepts
    await expect(handshake(target, { secureProtocol: 'TLSv1_method' }, () => 1)).rejects.toThrow(/secureProtocol is not a context option/);
    const loose = { cert: 'x' } as unknown as Parameters<typeof handshake>[1];
    await expect(handshake(target, loose, () => 1)).rejects.toThrow(/cert is not a context option/);
  });

  it('reports a context OpenSSL cannot build as an outcome, before any STARTTLS dialogue', async () => {
    let dialogues = 0;
    const starttls = (): Promise<never> => {
      dialogues += 1;
      return Promise.reject(new Error('not reached'));
    };
    const outcome = await handshake({ ...target, starttls }, { ecdhCurve: 'no-such-curve' }, () => 1);
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'other', message: expect.stringContaining('cannot build the TLS context') as unknown } });
    expect(dialogues).toBe(0);
  });
});
