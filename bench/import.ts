/**
 * Import benchmark: `npx tsx bench/import.ts [--file PATH] [--count N] [--stream-mb N]`.
 *
 * Generates a synthetic organisations CSV and register XML export of N (10,000) organisations, imports
 * each into a fresh embedded database (a full import, then a re-import), and parses a synthetic export
 * of about 200 MB as a stream. Each phase runs in its own process, so that its peak memory is its own.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRegisterXml } from '../src/federation/register-xml.js';
import { ImportService } from '../src/services/import.js';
import { openStore } from '../src/store/db.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { CSV_HEADER, csvRow, synthesise, syntheticExport, xmlOrganisation, XML_HEAD, XML_TAIL } from './synthetic.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};
const count = Number(option('--count') ?? 10_000);
const streamMb = Number(option('--stream-mb') ?? 200);

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const seconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;
function memory(peakHeap: number): string {
  return `peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}, peak heap ${mb(peakHeap)}`;
}

/** Samples the heap every 50 ms; returns a function giving the peak so far. */
function heapSampler(): { peak: () => number; stop: () => void } {
  let peak = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 50);
  return {
    peak: () => Math.max(peak, process.memoryUsage().heapUsed),
    stop: () => {
      clearInterval(timer);
    },
  };
}

async function writeLines(file: string, head: string, lines: Iterable<string>, tail = ''): Promise<void> {
  const out = createWriteStream(file);
  out.write(head);
  for (const line of lines) if (!out.write(line)) await once(out, 'drain');
  out.end(tail);
  await once(out, 'finish');
}

/** Child phase: a full import of `source` into a fresh database in `dataDir`, then a re-import. */
async function importPhase(source: string, dataDir: string): Promise<void> {
  const heap = heapSampler();
  let start = process.hrtime.bigint();
  const store = await openStore({ engine: 'pglite', dataDir });
  await migrateToLatest(store.db);
  console.log(`  open + migrate: ${seconds(start).toFixed(2)} s; ${memory(heap.peak())} (the embedded database's own memory)`);
  const service = new ImportService(store.db);
  for (const phase of ['full import', 're-import']) {
    start = process.hrtime.bigint();
    const s = await service.importOrganisations({ source, full: true, actor: 'bench' });
    const t = seconds(start);
    console.log(
      `  ${phase}: ${t.toFixed(2)} s, ${Math.round(s.total / t)} organisations/s ` +
        `(${s.added} added, ${s.changed} changed, ${s.unchanged} unchanged, ${s.skipped} skipped); ${memory(heap.peak())}`,
    );
  }
  heap.stop();
  await store.close();
}

/** Child phase: parse a synthetic export of about `megabytes` MB without writing anything. */
async function streamPhase(megabytes: number): Promise<void> {
  const heap = heapSampler();
  let bytes = 0;
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of syntheticExport(count, megabytes)) {
      bytes += chunk.length;
      yield chunk;
    }
  }
  const start = process.hrtime.bigint();
  const parsed = await parseRegisterXml(counted());
  const t = seconds(start);
  heap.stop();
  console.log(`  parsed ${mb(bytes)} (${parsed.records.length} organisations) in ${t.toFixed(2)} s, ${mb(bytes / t)}/s; ${memory(heap.peak())}`);
}

function child(nodeArgs: string[], ...phaseArgs: string[]): void {
  const script = fileURLToPath(import.meta.url);
  const argv = [...nodeArgs, ...process.execArgv, script, ...phaseArgs, '--count', String(count)];
  const result = spawnSync(process.execPath, argv, { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`phase ${phaseArgs.join(' ')} failed (${String(result.status)})`);
}

async function run(): Promise<void> {
  const phase = option('--phase');
  if (phase === 'import') return importPhase(option('--source') ?? '', option('--data') ?? '');
  if (phase === 'stream') return streamPhase(streamMb);

  const dir = await mkdtemp(path.join(tmpdir(), 'thorbecke-bench-'));
  try {
    console.log(`Node.js ${process.version}, ${count} synthetic organisations, in ${dir}`);
    const csv = path.join(dir, 'organisations.csv');
    const xml = path.join(dir, 'exportOO.xml');
    await writeLines(csv, CSV_HEADER, [...synthesise(count)].map(csvRow));
    await writeLines(xml, XML_HEAD, [...synthesise(count)].map((o) => xmlOrganisation(o, 8)), XML_TAIL);
    const sources = [csv, xml, ...(option('--file') !== undefined ? [option('--file') ?? ''] : [])];
    for (const [i, source] of sources.entries()) {
      console.log(`\n${path.basename(source)} (${mb((await stat(source)).size)}):`);
      child([], '--phase', 'import', '--source', source, '--data', path.join(dir, `data-${i}`));
    }
    console.log(`\nStreaming parse of a synthetic register export of about ${streamMb} MB (generated on the fly):`);
    child([], '--phase', 'stream', '--stream-mb', String(streamMb));
    console.log('The same with the JavaScript heap capped at 64 MB (it only completes if memory stays bounded):');
    child(['--max-old-space-size=64'], '--phase', 'stream', '--stream-mb', String(streamMb));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await run();
