/**
 * Thorbecke's own stub DNS client. All name resolution goes through it — never the operating system's
 * resolver — because the checks need the AD flag, TLSA records and the full answer sections.
 * UDP first with EDNS0 and a fresh random ID and source port per attempt; replies whose ID or question do
 * not match are ignored (spoofing); TCP when the reply is truncated.
 */
import { randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import dnsPacket from 'dns-packet';
import { InputError } from '../../domain/errors.js';
import { DnsError, decodeReply, exchangeEnd, exchangeTcp, type DnsServer } from './transport.js';

export { DnsError, type DnsErrorKind, type DnsServer } from './transport.js';

export type DnsRecord = dnsPacket.Answer;

/** A record type Thorbecke asks for. */
export type DnsType = Exclude<dnsPacket.RecordType, 'OPT'>;

export interface DnsQueryOptions {
  /** Set the EDNS DO bit so that a validating resolver returns signatures and the AD flag. Default true. */
  dnssecOk?: boolean;
  /** Set CD (checking disabled): ask the resolver not to validate. Default false. */
  cd?: boolean;
}

export interface DnsResponse {
  /** `NOERROR`, `NXDOMAIN`, `SERVFAIL`, `REFUSED`, ... */
  rcode: string;
  /** Authenticated data: the resolver validated the answer with DNSSEC. */
  ad: boolean;
  /** Truncated: only set when even the TCP answer said so. */
  tc: boolean;
  answers: DnsRecord[];
  authorities: DnsRecord[];
  additionals: DnsRecord[];
  elapsedMs: number;
  transport: 'udp' | 'tcp';
}

export interface DnsClient {
  query(name: string, type: DnsType, options?: DnsQueryOptions): Promise<DnsResponse>;
}

export interface DnsClientOptions {
  server: DnsServer;
  /** Per attempt. Default 2000. */
  timeoutMs?: number;
  /** Extra attempts after a UDP timeout. Default 1. */
  retries?: number;
  /** Replies larger than this are refused as malformed. Default 65535. */
  maxResponseBytes?: number;
}

const UDP_PAYLOAD_SIZE = 1232;

/** Lower-case, without the trailing dot: the form names are compared in. */
export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** At most 253 characters in labels of 1 to 63 characters (the root is the empty name). */
function isDomainName(name: string): boolean {
  return name === '' || (name.length <= 253 && name.split('.').every((label) => label.length >= 1 && label.length <= 63));
}

function encodeQuery(id: number, name: string, type: DnsType, options: DnsQueryOptions): Buffer {
  const dnssecOk = options.dnssecOk ?? true;
  return dnsPacket.encode({
    type: 'query',
    id,
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.AUTHENTIC_DATA | (options.cd === true ? dnsPacket.CHECKING_DISABLED : 0),
    questions: [{ name, type, class: 'IN' }],
    additionals: [
      { type: 'OPT', name: '.', udpPayloadSize: UDP_PAYLOAD_SIZE, extendedRcode: 0, ednsVersion: 0, flags: dnssecOk ? dnsPacket.DNSSEC_OK : 0, flag_do: dnssecOk, options: [] },
    ],
  });
}

/** One UDP attempt on a fresh socket (so a fresh random source port). Resolves with the raw matching reply. */
function exchangeUdp(server: DnsServer, query: Buffer, accept: (reply: Buffer) => boolean, timeoutMs: number, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(isIPv6(server.host) ? 'udp6' : 'udp4');
    let sawMalformed = false;
    const { finish, startTimer } = exchangeEnd(socket, () => socket.close(), resolve, reject);
    startTimer(timeoutMs, () =>
      sawMalformed
        ? new DnsError('malformed', `only malformed replies from ${server.host} port ${server.port} within ${timeoutMs} ms`)
        : new DnsError('timeout', `no answer from ${server.host} port ${server.port} within ${timeoutMs} ms`),
    );
    socket.on('message', (reply) => {
      if (reply.length > maxBytes) {
        sawMalformed = true;
        return;
      }
      try {
        if (accept(reply)) finish(null, reply);
      } catch {
        sawMalformed = true; // undecodable: could be anyone's; keep waiting for the real reply
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      finish(error.code === 'ECONNREFUSED' ? new DnsError('refused', `${server.host} port ${server.port} refused the query`) : new DnsError('network', `cannot reach ${server.host} port ${server.port}: ${error.message}`));
    });
    // Connecting the socket makes the kernel drop datagrams from any other address and report ICMP errors.
    socket.connect(server.port, server.host, () => {
      socket.send(query, (error) => {
        if (error) finish(new DnsError('network', `cannot send to ${server.host} port ${server.port}: ${error.message}`));
      });
    });
  });
}

/**
 * Creates a stub client that asks one resolver (or one authoritative server).
 *
 * @example
 * const dns = createDnsClient({ server: parseResolver('127.0.0.1:5300'), timeoutMs: 500, retries: 1 });
 * const { rcode, ad, answers } = await dns.query('example.test', 'A');
 */
export function createDnsClient(options: DnsClientOptions): DnsClient {
  const { server } = options;
  const timeoutMs = options.timeoutMs ?? 2000;
  const retries = options.retries ?? 1;
  const maxBytes = options.maxResponseBytes ?? 65535;

  async function query(rawName: string, type: DnsType, queryOptions: DnsQueryOptions = {}): Promise<DnsResponse> {
    const name = normaliseName(rawName);
    if (!isDomainName(name)) throw new DnsError('malformed', `cannot ask for "${rawName}": not a valid domain name`);
    const started = performance.now();
    let lastError: DnsError | undefined;
    for (let attempt = 0; attempt <= retries; attempt++) {
      const id = randomInt(0, 65536);
      const packet = encodeQuery(id, name, type, queryOptions);
      try {
        let raw = await exchangeUdp(server, packet, (reply) => decodeReply(reply, id, name, type) !== null, timeoutMs, maxBytes);
        let transport: 'udp' | 'tcp' = 'udp';
        let reply = decodeReply(raw, id, name, type);
        if (reply?.flag_tc === true) {
          const tcpId = randomInt(0, 65536);
          raw = await exchangeTcp(server, encodeQuery(tcpId, name, type, queryOptions), timeoutMs, maxBytes);
          try {
            reply = decodeReply(raw, tcpId, name, type);
          } catch {
            throw new DnsError('malformed', `the TCP reply from ${server.host} cannot be decoded`);
          }
          transport = 'tcp';
          if (reply === null) throw new DnsError('malformed', `the TCP reply from ${server.host} does not match the question`);
        }
        if (reply === null) throw new DnsError('malformed', `the reply from ${server.host} does not match the question`);
        return {
          rcode: (reply as { rcode?: string }).rcode ?? 'NOERROR',
          ad: reply.flag_ad,
          tc: reply.flag_tc,
          answers: reply.answers ?? [],
          authorities: reply.authorities ?? [],
          additionals: (reply.additionals ?? []).filter((record) => record.type !== 'OPT'),
          elapsedMs: Math.round(performance.now() - started),
          transport,
        };
      } catch (error) {
        if (!(error instanceof DnsError)) throw error;
        lastError = error;
        if (error.kind !== 'timeout' && error.kind !== 'malformed') break;
      }
    }
    throw lastError ?? new DnsError('network', 'no attempt was made');
  }

  return { query };
}

/**
 * Parses `--resolver`: `HOST`, `HOST:PORT`, `[V6]:PORT` or a bare IPv6 address. Port 53 by default.
 * Throws an InputError when the text is not an IP address with an optional port (names are not resolved).
 */
export function parseResolver(text: string): DnsServer {
  const server = parseServer(text);
  if (server === null) {
    throw new InputError(`--resolver "${text}" is not an IP address with an optional port, such as 127.0.0.1:5300 or [::1]:53`);
  }
  return server;
}

function parseServer(text: string): DnsServer | null {
  const trimmed = text.trim();
  const bracketed = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(trimmed);
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?$/.exec(trimmed);
  let host: string | undefined;
  let port = 53;
  if (bracketed) {
    host = bracketed[1];
    if (bracketed[2] !== undefined) port = Number(bracketed[2]);
  } else if (v4) {
    host = v4[1];
    if (v4[2] !== undefined) port = Number(v4[2]);
  } else if (isIPv6(trimmed)) {
    host = trimmed;
  }
  if (host === undefined || port < 1 || port > 65535) return null;
  if (!isIPv6(host) && !/^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(host)) return null;
  return { host, port };
}
