/**
 * `thorbecke check DOMAIN...`: measures domains against the catalogue with the scanner's own DNS client
 * and the SSRF guard. Exit 0 when every checked set passes, 1 when one does not, 2 for usage errors.
 */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { createDnsClient, parseResolver, type DnsServer } from '../../checks/dns/client.js';
import { setPasses } from '../../checks/sets.js';
import { createMailServerMemo } from '../../checks/smtp/memo.js';
import { loadRpkiData, type RpkiData } from '../../checks/rpki/data.js';
import { loadConfig } from '../../config/load.js';
import { appVersion } from '../../config/version.js';
import { createAddressPolicy, parseCidrList } from '../../scan/address-policy.js';
import { checkDomain, type DomainReport } from '../../scan/check-domain.js';
import { say } from '../context.js';
import { defaultLang } from './checks.js';
import { formatReport, type Lang } from './check-format.js';
import { checkInWorkers } from './check-workers.js';
import { messageOf } from '../../domain/errors.js';

/** Thrown by the action to end with a status that is not a usage error; main() returns `status`. */
export class CheckExit extends Error {
  constructor(readonly status: number) {
    super(`exit ${status}`);
  }
}

interface CheckOptions {
  web?: boolean;
  mail?: boolean;
  json?: boolean;
  resolver?: string;
  caFile?: string;
  allowTargets?: string;
  rpkiRoas?: string;
  rpkiOrigins?: string;
  concurrency: number;
  workers: number;
  timeout: number;
  lang?: Lang;
}

/** Identifies the scanner to the sites it checks, with where to ask about it (THORBECKE_PUBLIC_URL, THORBECKE_CONTACT_EMAIL). */
function userAgent(): string {
  const config = loadConfig();
  return `Thorbecke/${appVersion()} (+${config.THORBECKE_PUBLIC_URL}; ${config.THORBECKE_CONTACT_EMAIL})`;
}

/** The option's value, else the environment variable's; empty counts as unset. */
const optionOrEnv = (value: string | undefined, name: string): string | undefined => {
  const text = value ?? process.env[name];
  return text === '' ? undefined : text;
};

/** Both RPKI files or neither; throws with the reason when only one is given or one cannot be used. */
function rpkiFromOptions(options: CheckOptions): RpkiData | undefined {
  const roas = optionOrEnv(options.rpkiRoas, 'THORBECKE_RPKI_ROAS');
  const origins = optionOrEnv(options.rpkiOrigins, 'THORBECKE_RPKI_ORIGINS');
  if (roas === undefined && origins === undefined) return undefined;
  if (roas === undefined || origins === undefined) {
    throw new Error('--rpki-roas and --rpki-origins go together (or THORBECKE_RPKI_ROAS and THORBECKE_RPKI_ORIGINS): RPKI needs both the validated ROAs and the origin table');
  }
  return loadRpkiData(roas, origins);
}

function positive(name: string, integer: boolean): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new InvalidArgumentError(`${name} must be a positive ${integer ? 'integer' : 'number'}`);
    return n;
  };
}

/** Runs `work` over `items` with at most `limit` at once, handing each result to `emit` in input order. */
async function inOrder<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>, emit: (result: R) => void): Promise<void> {
  const done = new Map<number, R>();
  let next = 0;
  let printed = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      done.set(index, await work(items[index] as T));
      while (done.has(printed)) {
        emit(done.get(printed) as R);
        done.delete(printed++);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

async function run(domains: string[], options: CheckOptions, command: Command): Promise<void> {
  const usage: (message: string) => never = (message) => command.error(`error: ${message}`, { exitCode: 2 });
  const resolverText = options.resolver ?? process.env.THORBECKE_RESOLVER;
  if (resolverText === undefined || resolverText === '') usage('a validating resolver is needed: pass --resolver HOST[:PORT] or set THORBECKE_RESOLVER');
  let server: DnsServer;
  let allow: string[] = [];
  let caPems: string[] = [];
  let rpki: RpkiData | undefined;
  try {
    server = parseResolver(resolverText);
    allow = options.allowTargets !== undefined ? parseCidrList(options.allowTargets) : [];
    caPems = options.caFile !== undefined ? [readFileSync(options.caFile, 'utf8')] : [];
    rpki = rpkiFromOptions(options);
  } catch (error) {
    usage(messageOf(error));
  }
  if (rpki !== undefined && rpki.expiredCount > 0) process.stderr.write(`note: ${rpki.expiredCount} expired VRPs in the ROA file were left out\n`);
  const both = options.web !== true && options.mail !== true;
  const timeoutMs = Math.round(options.timeout * 1000);
  const scan = {
    dns: createDnsClient({ server, timeoutMs: Math.min(timeoutMs, 2000) }), policy: createAddressPolicy({ allow }), caPems, timeoutMs,
    web: both || options.web === true, mail: both || options.mail === true, userAgent: userAgent(), scannerVersion: appVersion(),
    ...(rpki === undefined ? {} : { rpki }),
    // A shared MX (hosting platform, shared service centre) is measured once per run, not once per domain.
    mailServers: createMailServerMemo(),
  };
  const lang = options.lang ?? defaultLang();
  const outcome = { allPass: true };
  const emit = (report: DomainReport) => {
    if (!Object.values(report.sets).every(setPasses)) outcome.allPass = false;
    if (options.json === true) say(JSON.stringify(report));
    else for (const line of [...formatReport(report, lang), '']) say(line);
  };
  if (options.workers > 1 && domains.length > 1) await checkInWorkers(domains, options.workers, workerArgs(options, resolverText), emit);
  else await inOrder(domains, options.concurrency, (domain) => checkDomain(domain, scan), emit);
  if (!outcome.allPass) throw new CheckExit(1);
}

/** The options a worker process gets: the same settings, each worker with its share of the concurrency. */
function workerArgs(options: CheckOptions, resolver: string): string[] {
  const roas = optionOrEnv(options.rpkiRoas, 'THORBECKE_RPKI_ROAS');
  const origins = optionOrEnv(options.rpkiOrigins, 'THORBECKE_RPKI_ORIGINS');
  return [
    '--resolver', resolver, '--timeout', String(options.timeout), '--concurrency', String(Math.max(1, Math.ceil(options.concurrency / options.workers))),
    ...(options.web === true ? ['--web'] : []), ...(options.mail === true ? ['--mail'] : []),
    ...(options.caFile === undefined ? [] : ['--ca-file', options.caFile]), ...(options.allowTargets === undefined ? [] : ['--allow-targets', options.allowTargets]),
    ...(roas === undefined || origins === undefined ? [] : ['--rpki-roas', roas, '--rpki-origins', origins]),
  ];
}

export function registerCheckCommand(program: Command): void {
  program
    .command('check')
    .description('check domains against the web and mail standards (exit 0: every set passes, 1: one does not)')
    .argument('<domain...>', 'the domains to check')
    .option('--web', 'check the web set (default: web and mail)')
    .option('--mail', 'check the mail set (default: web and mail)')
    .option('--json', 'print JSON Lines, one object per domain')
    .option('--resolver <host[:port]>', 'the validating DNS resolver to ask (default: $THORBECKE_RESOLVER)')
    .option('--ca-file <pem>', 'extra trusted root certificates (PEM)')
    .option('--allow-targets <cidrs>', 'comma-separated ranges that may be connected to although not public')
    .option('--rpki-roas <json>', 'validated ROA payloads, rpki-client or Routinator JSON (default: $THORBECKE_RPKI_ROAS; needs --rpki-origins)')
    .option('--rpki-origins <pfx2as>', 'prefix-to-origin-AS table, CAIDA pfx2as format (default: $THORBECKE_RPKI_ORIGINS; needs --rpki-roas)')
    .option('--concurrency <n>', 'domains checked at once', positive('--concurrency', true), 8)
    .option('--workers <n>', 'processes to share the domains over (Node does TLS on one core per process)', positive('--workers', true), 1)
    .option('--timeout <seconds>', 'per connection or query', positive('--timeout', false), 5)
    .addOption(new Option('--lang <lang>', 'language of the human output (default: from the locale)').choices(['nl', 'en']))
    .action(run);
}
