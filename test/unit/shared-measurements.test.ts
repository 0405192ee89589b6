import { rootCertificates } from 'node:tls';
import { describe, expect, it, vi } from 'vitest';
import type { MailServerFacts } from '../../src/checks/smtp/gather.js';
import { createMailServerMemo } from '../../src/checks/smtp/memo.js';
import { sharedSecureContext, trustBundle } from '../../src/checks/tls/secure-context.js';

const facts = (address: string): MailServerFacts => ({ exchange: 'mx.example.test', address, starttls: true, capabilities: [] });

describe('a shared MX is measured once per run', () => {
  it('hands the same measurement to every caller of one key, and measures other keys separately', async () => {
    const memo = createMailServerMemo();
    const measure = vi.fn((address: string) => Promise.resolve(facts(address)));
    const [a, b, c] = await Promise.all([
      memo.get('mx.example.test|192.0.2.1|25', () => measure('192.0.2.1')),
      memo.get('mx.example.test|192.0.2.1|25', () => measure('192.0.2.1')),
      memo.get('mx.example.test|192.0.2.2|25', () => measure('192.0.2.2')),
    ]);
    expect(a).toBe(b);
    expect(c.address).toBe('192.0.2.2');
    expect(measure).toHaveBeenCalledTimes(2);
  });

  it('measures again after the time to live, and forgets the oldest beyond its size', async () => {
    vi.useFakeTimers();
    try {
      const memo = createMailServerMemo({ ttlMs: 1000, max: 2 });
      const measure = vi.fn((address: string) => Promise.resolve(facts(address)));
      await memo.get('a', () => measure('a'));
      vi.advanceTimersByTime(1001);
      await memo.get('a', () => measure('a'));
      expect(measure).toHaveBeenCalledTimes(2);
      await memo.get('b', () => measure('b'));
      await memo.get('c', () => measure('c'));
      await memo.get('a', () => measure('a'));
      expect(measure).toHaveBeenCalledTimes(5);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('a failed measurement is not shared', () => {
  it('measures a server again after a timeout, but keeps a lasting answer such as "no STARTTLS"', async () => {
    const memo = createMailServerMemo();
    const timeout: MailServerFacts = { exchange: 'mx.example.test', address: '192.0.2.1', error: { kind: 'timeout', message: 'no greeting within 5000 ms' } };
    const measure = vi.fn(() => Promise.resolve(timeout));
    await memo.get('k', measure);
    await new Promise((resolve) => setImmediate(resolve));
    await memo.get('k', measure);
    expect(measure).toHaveBeenCalledTimes(2);
    const plain: MailServerFacts = { exchange: 'mx.example.test', address: '192.0.2.2', starttls: false, capabilities: [] };
    const lasting = vi.fn(() => Promise.resolve(plain));
    await memo.get('p', lasting);
    await new Promise((resolve) => setImmediate(resolve));
    await memo.get('p', lasting);
    expect(lasting).toHaveBeenCalledTimes(1);
  });
});

describe('TLS contexts are shared', () => {
  it('gives one context per distinct options, and another for other options', () => {
    const one = sharedSecureContext({ minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' });
    expect(sharedSecureContext({ minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' })).toBe(one);
    expect(sharedSecureContext({ minVersion: 'TLSv1.2', ciphers: 'DEFAULT@SECLEVEL=0' })).not.toBe(one);
  });

  it('adds extra roots to the system roots as one array per set of extras; none means the system roots alone', () => {
    expect(trustBundle(undefined)).toEqual(rootCertificates);
    expect(trustBundle([])).toBe(trustBundle(undefined));
    const extra = ['-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n'];
    const bundle = trustBundle(extra);
    expect(bundle).toHaveLength(rootCertificates.length + 1);
    expect(trustBundle([...extra])).toBe(bundle);
    expect(trustBundle([`${extra[0] ?? ''}\n`])).not.toBe(bundle);
  });
});
