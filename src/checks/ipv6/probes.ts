/**
 * The IPv6 family's connections, each behind the address policy: a DNS query to a name server's own
 * address, a TCP connect to port 25 that reads only the 220 banner, and one HTTP(S) request (no redirects
 * followed: the first answer is what is compared). None throws for network trouble.
 */
import { connect } from 'node:net';
import type { AddressPolicy } from '../../domain/check.js';
import { createDnsClient } from '../dns/client.js';
import { fetchFrom } from '../http/fetch.js';
import { IPV6_CRITERIA } from './criteria.js';
import type { ProbeResult } from './facts.js';
import { messageOf } from '../../domain/errors.js';

/** Refuses up front when the policy does; otherwise runs `probe`. */
async function guarded(policy: AddressPolicy, address: string, probe: () => Promise<ProbeResult>): Promise<ProbeResult> {
  const decision = policy(address);
  if (!decision.allowed) return { address, ok: false, blocked: decision.reason, detail: `refused to connect to ${address}: ${decision.reason}` };
  return probe();
}

/** Asks the name server at `address` for the NS of `zone`; any NOERROR reply counts as answering. */
export function askNameServer(policy: AddressPolicy, address: string, port: number, zone: string, timeoutMs: number): Promise<ProbeResult> {
  return guarded(policy, address, async () => {
    try {
      const reply = await createDnsClient({ server: { host: address, port }, timeoutMs, retries: 0 }).query(zone, 'NS', { dnssecOk: false });
      return { address, ok: reply.rcode === 'NOERROR', detail: `answered ${reply.rcode}` };
    } catch (error) {
      return { address, ok: false, detail: messageOf(error) };
    }
  });
}

const MAX_BANNER_BYTES = 4096;

/** Connects to `address`:`port`, reads the greeting up to its first line and closes without a word. */
export function smtpBanner(policy: AddressPolicy, address: string, port: number, timeoutMs: number): Promise<ProbeResult> {
  return guarded(
    policy,
    address,
    () =>
      new Promise<ProbeResult>((resolve) => {
        const socket = connect({ host: address, port });
        let received = '';
        const finish = (result: ProbeResult) => {
          clearTimeout(timer);
          socket.removeAllListeners();
          socket.on('error', () => undefined);
          socket.destroy();
          resolve(result);
        };
        const timer = setTimeout(() => {
          finish({ address, ok: false, detail: received === '' ? `no greeting within ${timeoutMs} ms` : `incomplete greeting within ${timeoutMs} ms` });
        }, timeoutMs);
        socket.on('data', (chunk: Buffer) => {
          received += chunk.toString('latin1');
          const newline = received.indexOf('\n');
          if (newline < 0 && received.length < MAX_BANNER_BYTES) return;
          const line = received.slice(0, newline < 0 ? MAX_BANNER_BYTES : newline).replace(/\r$/, '');
          finish({ address, ok: IPV6_CRITERIA.smtpGreeting.test(line), detail: line.slice(0, 200) });
        });
        socket.on('error', (error) => {
          finish({ address, ok: false, detail: messageOf(error) });
        });
        socket.on('end', () => {
          finish({ address, ok: false, detail: 'closed before greeting' });
        });
      }),
  );
}

export interface WebAnswer extends ProbeResult {
  status?: number;
  body?: string;
}

export interface WebProbeOptions {
  policy: AddressPolicy;
  timeoutMs: number;
  userAgent: string;
  ca?: string[];
}

/** One GET of `url` at `address`; certificates are not verified here (the TLS checks judge them). */
export async function fetchOnce(url: string, address: string, options: WebProbeOptions): Promise<WebAnswer> {
  const facts = await fetchFrom({
    url,
    address,
    policy: options.policy,
    resolve: () => Promise.resolve([]),
    ...(options.ca ? { ca: options.ca } : {}),
    timeoutMs: options.timeoutMs,
    maxBodyBytes: 1_000_000,
    maxHeaderBytes: 32_768,
    maxRedirects: 0,
    userAgent: options.userAgent,
    verifyCertificate: false,
  });
  const status = facts.hops[0]?.status;
  if (facts.error?.kind === 'blocked') return { address, ok: false, blocked: facts.error.message, detail: facts.error.message };
  if (status === undefined) return { address, ok: false, detail: facts.error?.message ?? 'no answer' };
  // A redirect is compared by where it points (its body is not read).
  const location = facts.hops[0]?.location;
  return { address, ok: true, status, body: location === undefined ? facts.body : `redirect to ${location}`, detail: `HTTP ${status}` };
}
