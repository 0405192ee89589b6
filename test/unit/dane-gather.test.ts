import { describe, expect, it } from 'vitest';
import { chainsOf } from '../../src/checks/dane/gather.js';
import type { MailServerFacts, StarttlsFacts } from '../../src/checks/smtp/gather.js';
import type { TlsFacts } from '../../src/checks/tls/facts.js';

/** How `mail.dane` reads the chains from the STARTTLS facts instead of connecting again. */
const tls = (extra: Partial<TlsFacts>): TlsFacts => ({
  address: '127.0.0.25', port: 25, serverName: 'mx.dane.test', versions: [], ciphers: [], keyExchange: [],
  compression: { offered: 'unknown' }, renegotiation: { secure: 'unknown', clientInitiated: 'unknown' }, chain: [], handshakes: 1, ...extra,
});
const server = (extra: Partial<MailServerFacts>): MailServerFacts => ({ exchange: 'mx.dane.test', address: '127.0.0.25', ...extra });
const facts = (servers: MailServerFacts[], unresolved: StarttlsFacts['unresolved'] = []): StarttlsFacts => ({
  domain: 'dane.test', mx: { outcome: 'records', rcode: 'NOERROR', nullMx: false, hosts: ['mx.dane.test'] }, unresolved, servers,
});

describe('chainsOf', () => {
  it.each([
    ['the DER chain of the default handshake', server({ starttls: true, tls: tls({ chainDer: ['AAA=', 'BBB='] }) }), { der: ['AAA=', 'BBB='] }],
    ['no STARTTLS offered', server({ starttls: false }), { error: 'the server does not offer STARTTLS', noStarttls: true }],
    ['a refused SMTP session', server({ error: { kind: 'refused', message: 'connect ECONNREFUSED' } }), { error: 'refused: connect ECONNREFUSED' }],
    ['an address outside the policy', server({ error: { kind: 'blocked', message: '10.0.0.1 is private' } }), { error: 'blocked: 10.0.0.1 is private' }],
    ['a failed TLS handshake after STARTTLS', server({ starttls: true, tls: tls({ error: { kind: 'handshake', message: 'alert 40' } }) }), { error: 'alert 40' }],
    ['a handshake without a certificate', server({ starttls: true, tls: tls({ chainDer: [] }) }), { error: 'no certificate after STARTTLS' }],
  ])('%s', (_label, input, expected) => {
    expect(chainsOf('mx.dane.test', facts([input]))).toEqual([{ address: '127.0.0.25', ...expected }]);
  });

  it('an MX without addresses says why; an MX STARTTLS did not see has no chains', () => {
    expect(chainsOf('mx.dane.test', facts([], [{ exchange: 'mx.dane.test', detail: 'no A or AAAA (NXDOMAIN)' }]))).toEqual([
      { address: '', error: 'could not resolve mx.dane.test: no A or AAAA (NXDOMAIN)' },
    ]);
    expect(chainsOf('mx.other.test', facts([server({ starttls: false })]))).toEqual([]);
  });
});
