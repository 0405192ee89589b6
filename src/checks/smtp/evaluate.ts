/**
 * Pure evaluation of `mail.starttls`: every tested address of every MX offers STARTTLS and completes a TLS
 * handshake after it. A server that cannot be reached is `error` (not measured), never `fail`.
 */
import type { Verdict } from '../../domain/check.js';
import type { MailServerFacts, StarttlsFacts } from './gather.js';

const where = (s: MailServerFacts): string => `${s.exchange} (${s.address})`;
const list = (servers: MailServerFacts[]): string => servers.map(where).join(', ');

/** `not-applicable` / `error` verdicts about the MX set itself, or undefined when there are servers to judge. */
export function mxVerdict(facts: Pick<StarttlsFacts, 'domain' | 'mx'>): Verdict | undefined {
  const { mx, domain } = facts;
  const detail = { mx };
  if (mx.outcome === 'error' || mx.outcome === 'failure') {
    return { status: 'error', reason: `could not read the MX records of ${domain} (${mx.detail ?? mx.rcode})`, facts: detail };
  }
  if (mx.nullMx) return { status: 'not-applicable', reason: `${domain} publishes a null MX: it accepts no mail`, facts: detail };
  if (mx.hosts.length === 0) return { status: 'not-applicable', reason: `${domain} has no MX records: it receives no mail`, facts: detail };
  return undefined;
}

/** `mail.starttls`. */
export function evaluateStarttls(facts: StarttlsFacts): Verdict {
  const early = mxVerdict(facts);
  if (early) return early;
  const detail = {
    mx: facts.mx.hosts,
    servers: facts.servers.map((s) => ({ exchange: s.exchange, address: s.address, starttls: s.starttls ?? null, error: s.error ?? s.tls?.error ?? null })),
  };
  const without = facts.servers.filter((s) => s.starttls === false);
  if (without.length > 0) return { status: 'fail', reason: `no STARTTLS offered by ${list(without)}`, facts: detail };
  const blocked = facts.servers.filter((s) => s.error?.kind === 'blocked' || s.tls?.error?.kind === 'blocked');
  if (blocked.length > 0) return { status: 'blocked', reason: `refused to connect to ${list(blocked)}: ${blocked[0]?.error?.message ?? blocked[0]?.tls?.error?.message ?? ''}`, facts: detail };
  const unreachable = facts.servers.filter((s) => s.error !== undefined);
  if (unreachable.length > 0) {
    const first = unreachable[0]?.error;
    return { status: 'error', reason: `could not complete an SMTP session with ${list(unreachable)} (${first?.kind ?? ''}: ${first?.message ?? ''})`, facts: detail };
  }
  if (facts.unresolved.length > 0) {
    return { status: 'error', reason: `could not find the addresses of ${facts.unresolved.map((u) => `${u.exchange} (${u.detail})`).join(', ')}`, facts: detail };
  }
  const failedTls = facts.servers.filter((s) => s.tls?.error !== undefined || s.tls === undefined);
  const handshake = failedTls.filter((s) => s.tls?.error?.kind === 'handshake' || s.tls?.error?.kind === 'reset');
  if (handshake.length > 0) return { status: 'fail', reason: `STARTTLS is offered but the TLS handshake fails on ${list(handshake)}`, facts: detail };
  if (failedTls.length > 0) {
    return { status: 'error', reason: `could not complete STARTTLS and TLS with ${list(failedTls)} (${failedTls[0]?.tls?.error?.message ?? 'not measured'})`, facts: detail };
  }
  if (facts.servers.length === 0) return { status: 'error', reason: 'no mail server address was tested', facts: detail };
  return { status: 'pass', reason: `all ${facts.servers.length} tested MX addresses offer STARTTLS with a working TLS handshake (${list(facts.servers)})`, facts: detail };
}
