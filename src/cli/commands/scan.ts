/**
 * `thorbecke scan [--org CODE]... [--layer LAYER] [--domain NAME]... [--all] [--wait]`: queue a scan now;
 * `thorbecke scan status`: the queue. With the embedded database the scan goes through the running server
 * (`npm start`); without one, `--wait` scans in this process.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { InputError } from '../../domain/errors.js';
import { runFinished } from '../../scan/request.js';
import type { ScanStatusJson } from '../../scan/status-json.js';
import type { ScanSelection } from '../../store/scan-targets.js';
import { say } from '../context.js';
import { CheckExit } from './check.js';
import { openScanClient, type ScanClient } from './scan-client.js';
import { progressView } from './scan-progress.js';

interface ScanOptions {
  org?: string[];
  layer?: string;
  domain?: string[];
  all?: boolean;
  wait?: boolean;
  json?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((v) => v.trim()).filter((v) => v !== '')];

function selectionOf(options: ScanOptions): ScanSelection {
  const selection: ScanSelection = {
    ...(options.org?.length ? { organisations: options.org } : {}),
    ...(options.layer !== undefined ? { layer: options.layer } : {}),
    ...(options.domain?.length ? { domains: options.domain } : {}),
    ...(options.all === true ? { all: true } : {}),
  };
  if (options.all === true && Object.keys(selection).length > 1) throw new InputError('--all scans everything: leave out --org, --layer and --domain, or leave out --all.');
  if (Object.keys(selection).length === 0) throw new InputError('Say what to scan: --org CODE, --layer LAYER, --domain NAME (each may be repeated) or --all.');
  return selection;
}

const POLL_MS = 1000;
const QUIET_HINT_MS = 30_000;

async function waitFor(client: ScanClient, run: number, json: boolean): Promise<number> {
  const view = json ? undefined : progressView();
  const started = Date.now();
  let lastChange = Date.now();
  let lastFinished = -1;
  let hinted = false;
  try {
    for (;;) {
      const p = await client.progress(run);
      if (p === undefined) throw new InputError(`Scan run ${String(run)} disappeared.`);
      view?.update(p);
      const finished = p.done + p.failed;
      if (finished !== lastFinished) {
        lastFinished = finished;
        lastChange = Date.now();
      } else if (!hinted && !client.scansHere && p.running === 0 && Date.now() - lastChange > QUIET_HINT_MS) {
        hinted = true;
        process.stderr.write('No progress for 30 s: is a scan worker running (`npm start` with a resolver configured, or `thorbecke worker`)?\n');
      }
      if (runFinished(p)) {
        view?.stop();
        const seconds = (Date.now() - started) / 1000;
        const failures = p.failed > 0 ? await client.failures(run) : [];
        if (json) say(JSON.stringify({ ...p, seconds, failures }));
        else {
          say(`Scan ${String(run)} finished: ${String(p.done)} of ${String(p.total)} domains scanned, ${String(p.failed)} failed, in ${seconds.toFixed(1)} s (${(p.total / Math.max(seconds, 0.001)).toFixed(1)} domains/s).`);
          for (const f of failures) say(`  failed: ${f.domain}: ${f.reason}`);
          if (p.done > 0) say('The results are on each organisation\'s page and on /domains/NAME.');
        }
        return p.failed > 0 ? 1 : 0;
      }
      await sleep(POLL_MS);
    }
  } finally {
    view?.stop();
  }
}

async function scan(options: ScanOptions): Promise<void> {
  const selection = selectionOf(options);
  const client = await openScanClient({ scanHere: options.wait === true });
  let status = 0;
  try {
    const requested = await client.request(selection);
    if (options.json !== true || options.wait !== true) {
      if (options.json === true) say(JSON.stringify(requested));
      else {
        say(`Queued scan ${String(requested.run)}: ${String(requested.total)} domain${requested.total === 1 ? '' : 's'} (via ${client.where}).`);
        if (requested.unregistered.length > 0) say(`Not registered to any organisation, scanned all the same: ${requested.unregistered.join(', ')}`);
      }
    }
    if (requested.total === 0) say('Nothing to scan: the selection has no registered domains (import them with `thorbecke import domains FILE`).');
    else if (options.wait === true) status = await waitFor(client, requested.run, options.json === true);
    else if (client.where.startsWith('the embedded database')) say('Thorbecke scans them when it runs (`npm start`), or now with `thorbecke scan … --wait`.');
  } finally {
    await client.close();
  }
  if (status !== 0) throw new CheckExit(status);
}

function formatStatus(s: ScanStatusJson): string[] {
  const lines = [
    s.scanning ? 'Scanning: on' : `Scanning: off (${s.note ?? 'no resolver'})`,
    `Queue: ${String(s.queue.waiting)} waiting, ${String(s.queue.running)} running, ${String(s.queue.failed)} failed, ${String(s.queue.completed)} completed; ${s.queue.perMinute.toFixed(1)} per minute (last 10 minutes)`,
    `Scheduler: ${s.scheduler.on ? 'on' : 'off'}`,
  ];
  for (const c of s.scheduler.cadences) {
    const days = c.periodMs / 86_400_000;
    const period = Number.isInteger(days) ? `${String(days)} d` : `${(c.periodMs / 3_600_000).toFixed(1)} h`;
    lines.push(`  every ${period}: ${c.families.join(', ')} — ${String(c.scheduledThisPeriod)} of ${String(c.domains)} domains scheduled this period`);
  }
  if (s.runs.length > 0) lines.push('Requested scans:');
  for (const r of s.runs) {
    lines.push(`  ${String(r.id)}  ${r.createdAt}  ${r.selection}: ${String(r.done)}/${String(r.total)} done, ${String(r.failed)} failed, ${String(r.running)} running, ${String(r.waiting)} waiting`);
  }
  if (s.recentFailures.length > 0) lines.push('Recent failures:');
  for (const f of s.recentFailures) lines.push(`  ${f.at}  ${f.domain}: ${f.reason}`);
  return lines;
}

export function registerScanCommand(program: Command): void {
  const command = program
    .command('scan')
    .description('queue a scan of organisations, a layer, domains or everything now (--wait: show progress until done)')
    .option('--org <code>', 'an organisation (TOOI code); repeat or separate with commas', collect)
    .option('--layer <layer>', 'every organisation of a layer, e.g. gemeente')
    .option('--domain <name>', 'a domain; repeat or separate with commas', collect)
    .option('--all', 'every registered domain')
    .option('--wait', 'wait until the scan is done, showing progress, and end with a summary (exit 1 when a domain failed)')
    .option('--json', 'JSON output')
    .action(scan);
  command
    .command('status')
    .description('the scan queue: waiting, running, failed, rate, requested scans and the schedule')
    .option('--json', 'as JSON')
    .action(async (_options: unknown, status: Command) => {
      // `--json` is also an option of `scan` itself, which commander gives it to.
      const options = status.optsWithGlobals<{ json?: boolean }>();
      const client = await openScanClient({ scanHere: false });
      try {
        const figures = await client.status();
        if (options.json === true) say(JSON.stringify(figures));
        else for (const line of formatStatus(figures)) say(line);
      } finally {
        await client.close();
      }
    });
}
