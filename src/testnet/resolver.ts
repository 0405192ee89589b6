/**
 * A validating resolver for the sealed test network: `unbound` (Debian package) as a child process in the
 * foreground, on loopback only, serving the prepared zones (zone-signing.ts) as local authority and sending
 * the hostile zones to the Node test DNS servers (stub zones). It never reaches the Internet: the root is a
 * local zone of its own, so every name outside the test zones is answered NXDOMAIN at once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createDnsClient } from '../checks/dns/client.js';
import { freePort } from './free-port.js';
import { loopbackV4 } from './loopback.js';
import { checkedApex } from './master-file.js';
import type { TestRoot } from './test-root.js';
import { findTool, type PreparedZone } from './zone-signing.js';
import { messageOf } from '../domain/errors.js';

export interface ResolverOptions {
  /** Where unbound.conf (and the local root zone) are written. */
  dir: string;
  /** Default 127.0.0.1; must be in 127.0.0.0/8. */
  host?: string;
  /** Default: a port free for both UDP and TCP. */
  port?: number;
  zones: readonly PreparedZone[];
  /** Zones delegated to a Node test DNS server (src/testnet/dns-server.ts); hosts in 127.0.0.0/8. */
  stubs?: readonly { apex: string; host: string; port: number }[];
  /** Aborting stops unbound while it starts (the start then fails); a started resolver is closed with close(). */
  signal?: AbortSignal;
  /** The signed test root (test-root.ts): then its key is the only trust anchor and validation follows the DS
   *  chain. Without it, the root is an empty local zone and each zone with a DS is its own island of trust. */
  root?: TestRoot;
}

export interface TestResolver {
  host: string;
  port: number;
  /** "host:port" for --resolver */
  address: string;
  pid: number | undefined;
  close(): Promise<void>;
}

const READY_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;
const LOG_LIMIT = 64 * 1024;
const START_ATTEMPTS = 3;

const TOOLS = ['unbound', 'ldns-keygen', 'ldns-signzone'] as const;

/** Which of the external tools are missing (unbound, ldns-keygen, ldns-signzone): [] when all are there. */
export function missingResolverTools(): string[] {
  return TOOLS.filter((tool) => findTool(tool) === undefined);
}

/** A value for a quoted unbound.conf string: no quotes, no line breaks. */
function quoted(value: string, what: string): string {
  if (/["\r\n\0]/.test(value)) throw new Error(`${what} cannot go into unbound.conf: ${JSON.stringify(value)}`);
  return `"${value}"`;
}

/** The apex as unbound.conf names it: checked as every test zone apex is (master-file.ts), with the final dot. */
const apexName = (raw: string): string => `${checkedApex(raw)}.`;

/** The root zone the resolver serves itself: no delegations, so anything outside the test zones is NXDOMAIN. */
const ROOT_ZONE = ['. 86400 IN SOA localhost. nobody.invalid. 1 3600 600 86400 300', '. 86400 IN NS localhost.', ''].join('\n');

export function unboundConfig(dir: string, host: string, port: number, zones: readonly PreparedZone[], stubs: NonNullable<ResolverOptions['stubs']>, root?: TestRoot): string {
  const anchors = root !== undefined ? [{ apex: '.', ds: root.ds }] : zones.filter((zone) => zone.ds !== undefined);
  const server = [
    'server:',
    `  interface: ${host}@${port}`,
    `  port: ${port}`,
    '  do-ip4: yes',
    '  do-ip6: no',
    '  do-udp: yes',
    '  do-tcp: yes',
    // Upstream queries only ever leave from loopback (and only ever go to loopback: stubs and local zones).
    `  outgoing-interface: ${host}`,
    '  access-control: 127.0.0.0/8 allow',
    '  do-daemonize: no',
    '  username: ""',
    '  chroot: ""',
    `  directory: ${quoted(dir, 'the resolver folder')}`,
    '  pidfile: ""',
    '  use-syslog: no',
    '  logfile: ""',
    '  log-time-ascii: yes',
    '  verbosity: 1',
    // Why validation failed (bogus, expired) on stderr, and every SERVFAIL.
    '  val-log-level: 2',
    '  log-servfail: yes',
    // A test resolver: one thread, small caches, room for a benchmark's burst of queries (beyond
    // num-queries-per-thread unbound drops queries); no kernel port sharing with other runs.
    '  num-threads: 1',
    '  so-reuseport: no',
    '  so-rcvbuf: 4m',
    '  outgoing-range: 2048',
    '  num-queries-per-thread: 1024',
    '  msg-cache-size: 8m',
    '  rrset-cache-size: 16m',
    '  key-cache-size: 4m',
    '  neg-cache-size: 1m',
    '  infra-cache-numhosts: 1000',
    // Test servers are on 127.0.0.1; unbound refuses to ask localhost unless told.
    '  do-not-query-localhost: no',
    // Predictable traffic to the Node test servers: the full name asked (no minimisation), no extra NS
    // address lookups, no prefetching; a server that timed out once (a tarpit name) is still asked.
    '  qname-minimisation: no',
    '  target-fetch-policy: "0 0 0 0 0"',
    '  prefetch: no',
    '  prefetch-key: no',
    '  infra-keep-probing: yes',
    '  infra-host-ttl: 30',
    '  module-config: "validator iterator"',
    // unbound answers .test itself (RFC 6761) unless told not to.
    '  local-zone: "test." nodefault',
    // The test root's key; without a root, islands of trust: one anchor per zone with a DS.
    ...anchors.map((zone) => `  trust-anchor: ${quoted(zone.ds ?? '', `the DS of ${zone.apex}`)}`),
  ];
  // The root as a local authority (RFC 8806 style) with fallback off: no root hints, no priming, nothing
  // leaves the machine. `local-zone: "." refuse` would only cover client questions, not the iterator's own
  // lookups (CNAME targets, NS names), which would then go to the real root servers.
  const rootZone = ['auth-zone:', '  name: "."', `  zonefile: ${quoted(root?.file ?? join(dir, 'root.zone'), 'the root zone path')}`, '  for-downstream: no', '  for-upstream: yes', '  fallback-enabled: no'];
  const auth = zones.flatMap((zone) => [
    'auth-zone:',
    `  name: ${quoted(apexName(zone.apex), 'the zone apex')}`,
    `  zonefile: ${quoted(resolve(zone.file), `the zone file of ${zone.apex}`)}`,
    '  for-downstream: no',
    '  for-upstream: yes',
    '  fallback-enabled: no',
  ]);
  const stub = stubs.flatMap((zone) => [
    'stub-zone:',
    `  name: ${quoted(apexName(zone.apex), 'the stub apex')}`,
    `  stub-addr: ${loopbackV4(zone.host, `the stub server of ${zone.apex}`)}@${zone.port}`,
    // Hostile test servers change behaviour during a test (setMode): answers from them are not cached.
    '  stub-no-cache: yes',
  ]);
  return [...server, ...rootZone, ...auth, ...stub, ''].join('\n');
}

/** The last `LOG_LIMIT` bytes of what the child printed. */
function tail(): { add(chunk: Buffer): void; text(): string } {
  let kept = Buffer.alloc(0);
  return {
    add(chunk) {
      kept = Buffer.concat([kept, chunk]);
      if (kept.length > LOG_LIMIT) kept = kept.subarray(kept.length - LOG_LIMIT);
    },
    text: () => kept.toString('utf8'),
  };
}

interface Running {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  log: ReturnType<typeof tail>;
}

function launch(unbound: string, config: string): Running {
  const log = tail();
  const child = spawn(unbound, ['-d', '-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk: Buffer) => {
    log.add(chunk);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    log.add(chunk);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolvePromise) => {
    child.once('error', (error) => {
      log.add(Buffer.from(`\n${error.message}\n`));
      resolvePromise({ code: null, signal: null });
    });
    child.once('exit', (code, signal) => {
      resolvePromise({ code, signal });
    });
  });
  return { child, exited, log };
}

async function stop(running: Running): Promise<void> {
  const { child, exited } = running;
  if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
  child.stdout?.destroy();
  child.stderr?.destroy();
}

const sleep = (ms: number) => new Promise<void>((resolvePromise) => setTimeout(resolvePromise, ms));

/** Waits until unbound answers at all, then until every zone loaded (its SOA with checking disabled). */
async function waitUntilReady(running: Running, host: string, port: number, zones: readonly PreparedZone[]): Promise<string | null> {
  const dns = createDnsClient({ server: { host, port }, timeoutMs: 300, retries: 0 });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void running.exited.then((result) => (exit = result));
  for (;;) {
    if (exit !== undefined) return `unbound exited (code ${String(exit.code)}, signal ${String(exit.signal)}) before answering`;
    try {
      await dns.query('localhost', 'A', { dnssecOk: false });
      break;
    } catch {
      if (Date.now() > deadline) return `unbound did not answer on ${host} port ${port} within ${READY_TIMEOUT_MS} ms`;
      await sleep(50);
    }
  }
  const checker = createDnsClient({ server: { host, port }, timeoutMs: 2000, retries: 2 });
  const failures: string[] = [];
  const queue = [...zones];
  const work = async () => {
    for (let zone = queue.shift(); zone !== undefined; zone = queue.shift()) {
      try {
        const response = await checker.query(zone.apex, 'SOA', { cd: true });
        if (response.rcode !== 'NOERROR' || !response.answers.some((record) => record.type === 'SOA')) failures.push(`${zone.apex}: ${response.rcode} without its SOA`);
      } catch (error) {
        failures.push(`${zone.apex}: ${messageOf(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, work));
  return failures.length > 0 ? `unbound does not serve ${failures.length} zone(s): ${failures.slice(0, 5).join('; ')}` : null;
}

/**
 * Starts unbound in the foreground as a child process, waits until it answers and serves every zone, and
 * returns. `close()` stops it and waits for the process to end. Errors quote unbound's own log.
 *
 * @example
 * const zones = await prepareZones(dir, [{ apex: 'good.test', text: 'www IN A 127.0.0.10', signing: 'signed' }]);
 * const resolver = await startResolver({ dir, zones });
 * const dns = createDnsClient({ server: parseResolver(resolver.address) });
 * // (await dns.query('www.good.test', 'A')).ad === true
 * await resolver.close();
 */
export async function startResolver(options: ResolverOptions): Promise<TestResolver> {
  const { signal } = options;
  signal?.throwIfAborted();
  const unbound = findTool('unbound');
  if (unbound === undefined) throw new Error('unbound is not installed (Debian package unbound)');
  const host = loopbackV4(options.host ?? '127.0.0.1', 'the resolver address');
  const dir = resolve(options.dir);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'root.zone'), ROOT_ZONE);
  const config = join(dir, 'unbound.conf');
  let lastError = '';
  for (let attempt = 0; attempt < (options.port === undefined ? START_ATTEMPTS : 1); attempt++) {
    const port = options.port ?? (await freePort(host));
    await writeFile(config, unboundConfig(dir, host, port, options.zones, options.stubs ?? [], options.root));
    const running = launch(unbound, config);
    const onExit = () => running.child.kill('SIGKILL');
    process.once('exit', onExit);
    // An abort while it starts stops unbound at once; waitUntilReady then sees it exit.
    const onAbort = () => void stop(running);
    signal?.addEventListener('abort', onAbort, { once: true });
    const problem = await waitUntilReady(running, host, port, options.zones);
    signal?.removeEventListener('abort', onAbort);
    if (signal?.aborted === true) {
      await stop(running);
      process.off('exit', onExit);
      signal.throwIfAborted();
    }
    if (problem === null) {
      let closing: Promise<void> | undefined;
      return {
        host,
        port,
        address: `${host}:${port}`,
        pid: running.child.pid,
        close() {
          closing ??= stop(running).finally(() => process.off('exit', onExit));
          return closing;
        },
      };
    }
    await stop(running);
    process.off('exit', onExit);
    lastError = `${problem}\n--- unbound (${config}) said:\n${running.log.text().trim()}`;
    // Only a lost race for the port is worth another try.
    if (!/address already in use|can't bind/i.test(running.log.text())) break;
  }
  throw new Error(`the test resolver did not start: ${lastError}`);
}
