/**
 * The sealed test network, assembled from the scenarios: signed and unsigned zones behind a validating
 * resolver, a web server and a mail server per scenario on its own 127.x address (ports 80, 443, 25), one
 * IPv6 host on ::1 for the IPv6 checks, a hostile DNS server, a test CA, and RPKI data files. Optionally
 * thousands of benchmark domains that behave like the scenarios. Binding ports 25, 53, 80 and 443 needs
 * root (or CAP_NET_BIND_SERVICE). Everything it writes stays in `dir`.
 */
import { X509Certificate } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tlsaData } from '../checks/dane/match.js';
import { addressPlan, IPV6_HOST, type AddressPlan } from './address-plan.js';
import { createTestCa, type IssuedCertificate, type TestCa } from './ca.js';
import { startDnsServer, type TestDnsServer } from './dns-server.js';
import { startResolver, type TestResolver } from './resolver.js';
import { rpkiFiles } from './rpki-files.js';
import { benchZone, platformZone, scenarioZone, type ZoneFacts } from './scenario-zone.js';
import { goodSecurityTxt, GOOD_WEB, SCENARIO_SUFFIX, SCENARIOS, scenarioDomain, type CertSpec, type MailSetup, type Scenario } from './scenarios.js';
import { startSmtpServer, type TestSmtpServer } from './smtp-server.js';
import { startWebHost, type WebHost, type WebHostCert } from './web-host.js';
import { prepareRoot } from './test-root.js';
import { prepareZones, type ZoneSource } from './zone-signing.js';

export const BENCH_SUFFIX = 'bench.test';
const BENCH_WILDCARD = `*.${BENCH_SUFFIX}`;
const PAGE = '<!doctype html><html lang="en"><title>Thorbecke test network</title><h1>A site on the sealed test network</h1></html>\n';

export interface TestnetOptions {
  /** Working directory: zones, keys, resolver config, CA and RPKI files. */
  dir: string;
  /** First two octets of the /16 it uses (default `127.42`). */
  base?: string;
  scenarios?: readonly Scenario[];
  /** Extra benchmark domains `b0001.bench.test` ... that behave like the scenarios (default 0). */
  bench?: number;
  /** Resolver port (default 53). */
  resolverPort?: number;
  /** Serve web, mail and DNS on ::1 and publish AAAA records (default true). Only one network can hold ::1. */
  ipv6?: boolean;
  /** Aborting while it starts stops whatever has started (unbound included) and makes the start fail. A started
   *  network ignores it: stop that one with close(). */
  signal?: AbortSignal;
}

export interface TestnetDomain {
  scenario: string;
  domain: string;
  about: string;
}

export interface TestnetStats {
  tlsConnections: number;
  httpRequests: number;
  smtpConnections: number;
}

export interface Testnet {
  /** `host:port` of the validating resolver, for `--resolver`. */
  resolver: string;
  caFile: string;
  rpkiRoas: string;
  rpkiOrigins: string;
  /** For `--allow-targets`. */
  allowTargets: string;
  scenarios: TestnetDomain[];
  benchDomains: string[];
  stats(): TestnetStats;
  close(): Promise<void>;
}

interface Built {
  scenario: Scenario;
  index: number;
  facts: ZoneFacts;
  webCert?: IssuedCertificate;
  benchCert?: IssuedCertificate;
  mailCert?: IssuedCertificate;
}

const pair = (cert: IssuedCertificate): WebHostCert => ({ chainPem: cert.chainPem, keyPem: cert.keyPem });

async function issueFor(ca: TestCa, names: string[], spec: CertSpec | undefined): Promise<IssuedCertificate> {
  const { wrongName, ...options } = spec ?? {};
  return ca.issue({ ...options, names: wrongName === true ? [`wrong-name.${SCENARIO_SUFFIX}`] : names });
}

function mailOf(scenario: Scenario): MailSetup | undefined {
  return typeof scenario.mail === 'object' ? scenario.mail : undefined;
}

/** Decides addresses, names and certificates of one scenario. */
async function build(scenario: Scenario, index: number, plan: AddressPlan, ca: TestCa, caDer: Buffer, bench: boolean, ipv6: boolean): Promise<Built> {
  const domain = scenarioDomain(scenario);
  const facts: ZoneFacts = { domain, ipv6 };
  const built: Built = { scenario, index, facts };
  if (scenario.web !== undefined) {
    facts.webAddress = plan.host('web', index, scenario.web.route ?? 'valid');
    built.webCert = await issueFor(ca, [domain], scenario.web.cert);
    if (bench) built.benchCert = await issueFor(ca, [BENCH_WILDCARD], scenario.web.cert);
  }
  const mail = mailOf(scenario);
  if (mail !== undefined) {
    const other = mail.mxOf === undefined ? undefined : SCENARIOS.find((s) => s.name === mail.mxOf);
    if (mail.mxOf !== undefined && other === undefined) throw new Error(`scenario ${scenario.name}: mxOf names no scenario (${mail.mxOf})`);
    facts.mxName = mail.platformMx ?? `mx.${other === undefined ? domain : scenarioDomain(other)}`;
    if (other === undefined) {
      facts.mxAddress = plan.host('mail', index, mail.route ?? 'valid');
      built.mailCert = await issueFor(ca, [facts.mxName], mail.cert);
      const leaf = new X509Certificate(built.mailCert.certPem).raw;
      facts.tlsa = { ee: tlsaData(leaf, 1, 1) ?? '', ta: tlsaData(caDer, 0, 1) ?? '' };
    }
  }
  return built;
}

function zoneSources(built: readonly Built[], plan: AddressPlan, benchCount: number): ZoneSource[] {
  const sources: ZoneSource[] = [];
  for (const b of built) {
    if (b.scenario.hostileDns !== undefined) continue;
    sources.push({ apex: b.facts.domain, text: scenarioZone(b.scenario, plan, b.facts), signing: b.scenario.dnssec });
    const mail = mailOf(b.scenario);
    if (mail?.platformMx !== undefined && b.facts.mxAddress !== undefined) {
      const zone = platformZone(mail.platformMx, b.facts.mxAddress, b.facts.ipv6 && mail.ipv6 !== false);
      sources.push({ ...zone, signing: 'unsigned' });
    }
  }
  const eligible = built.filter((b) => b.scenario.hostileDns === undefined);
  for (let n = 1; n <= benchCount; n++) {
    const like = eligible[(n - 1) % eligible.length];
    if (like === undefined) break;
    const domain = benchDomain(n);
    sources.push({ apex: domain, text: benchZone(like.scenario, plan, like.facts, domain), signing: like.scenario.dnssec });
  }
  return sources;
}

export const benchDomain = (n: number): string => `b${String(n).padStart(4, '0')}.${BENCH_SUFFIX}`;

/**
 * Closes whatever was started, also when a later start failed or the start was aborted. Once closing, anything
 * still added (a server whose start was under way) is closed at once and the start fails.
 */
class Closer {
  private readonly items: (() => Promise<void>)[] = [];
  private readonly late: Promise<void>[] = [];
  private closing: Promise<void> | undefined;
  add<T extends { close(): Promise<void> }>(item: T): T {
    if (this.closing !== undefined) {
      this.late.push(item.close().catch(() => undefined));
      throw new Error('the test network start was aborted');
    }
    this.items.push(() => item.close());
    return item;
  }
  async close(): Promise<void> {
    this.closing ??= Promise.allSettled(this.items.splice(0).reverse().map((close) => close())).then(() => undefined);
    await this.closing;
    await Promise.allSettled(this.late);
  }
}

async function startHosts(built: readonly Built[], ca: TestCa, closer: Closer, now: Date, ipv6: boolean): Promise<{ web: WebHost[]; smtp: TestSmtpServer[] }> {
  const web: WebHost[] = [];
  const smtp: TestSmtpServer[] = [];
  for (const b of built) {
    if (b.scenario.hostileDns !== undefined) continue;
    const { web: setup } = b.scenario;
    if (setup !== undefined && b.facts.webAddress !== undefined && b.webCert !== undefined) {
      const securityTxt = setup.securityTxt === false ? undefined : goodSecurityTxt(now);
      const profile = { ...setup.profile, body: PAGE, ...(securityTxt === undefined ? {} : { securityTxt }) };
      const byName: Record<string, WebHostCert> = b.benchCert === undefined ? {} : { [BENCH_WILDCARD]: pair(b.benchCert) };
      web.push(closer.add(await startWebHost({ address: b.facts.webAddress, profile, certs: { default: pair(b.webCert), byName } })));
    }
    const mail = mailOf(b.scenario);
    if (mail !== undefined && b.facts.mxAddress !== undefined && b.mailCert !== undefined) {
      smtp.push(closer.add(await startSmtpServer({
        host: b.facts.mxAddress, port: 25, starttls: mail.starttls, cert: b.mailCert, greeting: `${b.facts.mxName ?? 'mx'} ESMTP Thorbecke test network`,
        tls: mail.tls ?? {},
      })));
    }
  }
  if (!ipv6) return { web, smtp };
  // One IPv6 host for every scenario that has AAAA records: good web, mail and DNS on ::1.
  const v6Names = built.filter((b) => b.scenario.web !== undefined && b.scenario.web.ipv6 !== false && b.scenario.hostileDns === undefined).map((b) => b.facts.domain);
  const mxNames = [...new Set(built.flatMap((b) => (b.facts.mxName === undefined ? [] : [b.facts.mxName])))];
  const v6Cert = await ca.issue({ names: [...v6Names, BENCH_WILDCARD] });
  const v6Mail = await ca.issue({ names: mxNames.length > 0 ? mxNames : [`mx.${SCENARIO_SUFFIX}`] });
  web.push(closer.add(await startWebHost({
    address: IPV6_HOST, profile: { ...GOOD_WEB.profile, body: PAGE, securityTxt: goodSecurityTxt(now) }, certs: { default: pair(v6Cert) },
  })));
  smtp.push(closer.add(await startSmtpServer({ host: IPV6_HOST, port: 25, starttls: true, cert: v6Mail, tls: {}, greeting: 'ipv6 ESMTP Thorbecke test network' })));
  return { web, smtp };
}

/** Starts the whole network; on any failure, stops what had started and rethrows. */
export async function startTestnet(options: TestnetOptions): Promise<Testnet> {
  const { signal } = options;
  signal?.throwIfAborted();
  const plan = addressPlan(options.base ?? '127.42');
  const scenarios = options.scenarios ?? SCENARIOS;
  const benchCount = options.bench ?? 0;
  const now = new Date();
  mkdirSync(options.dir, { recursive: true });
  const ca = await createTestCa('Thorbecke Test Network CA');
  const caDer = new X509Certificate(ca.caPem).raw;
  const ipv6 = options.ipv6 ?? true;
  const built = await Promise.all(scenarios.map((s, i) => build(s, i, plan, ca, caDer, benchCount > 0, ipv6)));
  signal?.throwIfAborted();
  const benchDomains = Array.from({ length: benchCount }, (_, i) => benchDomain(i + 1));

  const files = { caFile: join(options.dir, 'ca.pem'), rpkiRoas: join(options.dir, 'rpki-roas.json'), rpkiOrigins: join(options.dir, 'rpki-origins.pfx2as') };
  const rpki = rpkiFiles(plan.base);
  writeFileSync(files.caFile, ca.caPem);
  writeFileSync(files.rpkiRoas, rpki.roasJson);
  writeFileSync(files.rpkiOrigins, rpki.pfx2as);

  const closer = new Closer();
  const onAbort = () => void closer.close();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const hostile = built.filter((b) => b.scenario.hostileDns !== undefined);
    const hostileServer: TestDnsServer = closer.add(await startDnsServer({
      host: plan.hostileDns, port: 53,
      zones: Object.fromEntries(hostile.map((b) => [b.facts.domain, []])),
      zoneModes: Object.fromEntries(hostile.map((b) => [b.facts.domain, b.scenario.hostileDns ?? 'normal'])),
    }));
    // The name servers' IPv6 address answers for every zone (web.ipv6.nameservers asks them directly).
    const apexes = [...built.map((b) => b.facts.domain), ...benchDomains];
    if (ipv6) closer.add(await startDnsServer({ host: IPV6_HOST, port: 53, zones: Object.fromEntries(apexes.map((apex) => [apex, []])) }));
    const zones = await prepareZones(join(options.dir, 'zones'), zoneSources(built, plan, benchCount), signal);
    const stubs = hostile.map((b) => ({ apex: b.facts.domain, host: hostileServer.host, port: hostileServer.port }));
    // One signed root above every zone: the resolver trusts its key and follows the DS chain down.
    const root = await prepareRoot(options.dir, zones, stubs.map((stub) => stub.apex), plan.resolver, signal);
    const resolver: TestResolver = closer.add(await startResolver({
      dir: options.dir, host: plan.resolver, port: options.resolverPort ?? 53, zones, stubs, root, ...(signal === undefined ? {} : { signal }),
    }));
    const hosts = await startHosts(built, ca, closer, now, ipv6);
    signal?.throwIfAborted();
    signal?.removeEventListener('abort', onAbort);
    return {
      resolver: resolver.address,
      ...files,
      allowTargets: plan.allowTargets,
      scenarios: built.map((b) => ({ scenario: b.scenario.name, domain: b.facts.domain, about: b.scenario.about })),
      benchDomains,
      stats: () => {
        const web = hosts.web.map((h) => h.stats());
        return {
          tlsConnections: web.reduce((n, s) => n + s.tlsConnections, 0),
          httpRequests: web.reduce((n, s) => n + s.httpRequests, 0),
          smtpConnections: hosts.smtp.reduce((n, s) => n + s.connections, 0),
        };
      },
      close: () => closer.close(),
    };
  } catch (error) {
    signal?.removeEventListener('abort', onAbort);
    await closer.close();
    throw signal?.aborted === true ? new Error('the test network start was aborted', { cause: error }) : error;
  }
}
