/**
 * The same load with Debian's wrk (`apt-get install wrk`), written in C: on two cores autocannon's own HTTP
 * parsing (JavaScript) needs about 0.8 ms of CPU per 44 kB response, so it limits what it can measure.
 * The p95 comes from wrk's latency histogram through a small Lua script.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LoadFigures } from './load.js';

const SCRIPT = `
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK {"requests":%d,"us":%d,"bytes":%d,"errors":%d,"non2xx":%d,"p50":%.3f,"p95":%.3f,"p99":%.3f,"max":%.3f}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
`;

interface WrkSummary { requests: number; us: number; bytes: number; errors: number; non2xx: number; p50: number; p95: number; p99: number; max: number }

/** Loads `url` with wrk (one thread, `connections` connections) for `seconds`. */
export async function loadWithWrk(url: string, options: { connections: number; seconds: number; headers?: Record<string, string> }): Promise<LoadFigures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'thorbecke-wrk-'));
  const script = path.join(dir, 'p95.lua');
  writeFileSync(script, SCRIPT);
  const headerArgs = Object.entries(options.headers ?? {}).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
  const args = ['-t1', `-c${String(options.connections)}`, `-d${String(options.seconds)}s`, '-s', script, ...headerArgs, url];
  try {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => { text += chunk.toString(); });
      child.stderr.on('data', (chunk: Buffer) => { text += chunk.toString(); });
      child.once('error', reject);
      child.once('close', (code) => { if (code === 0) resolve(text); else reject(new Error(`wrk ended with ${String(code)}: ${text}`)); });
    });
    const line = output.split('\n').find((l) => l.startsWith('WRK '));
    if (line === undefined) throw new Error(`wrk printed no summary: ${output}`);
    const s = JSON.parse(line.slice(4)) as WrkSummary;
    const seconds = s.us / 1e6;
    return {
      url, requests: s.requests, perSecond: s.requests / seconds, p50: s.p50, p95: s.p95, p99: s.p99, max: s.max,
      errors: s.errors, non2xx: s.non2xx, bytes: s.requests === 0 ? 0 : s.bytes / s.requests, seconds,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
