/** Serving a page under load with autocannon, with exact percentiles from every response's time. */
import autocannon from 'autocannon';

export interface LoadFigures {
  url: string;
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
  /** Mean bytes per response (headers and body). */
  bytes: number;
  seconds: number;
}

/** The `q` quantile (0..1) of sorted values, nearest rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

/** Loads `url` with `connections` concurrent connections for `seconds`, with the given request headers. */
export async function load(url: string, options: { connections: number; seconds: number; headers?: Record<string, string> }): Promise<LoadFigures> {
  const times: number[] = [];
  let bytes = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections: options.connections, duration: options.seconds, headers: options.headers ?? {} }, (error: unknown, done) => {
      if (error === null || error === undefined) resolve(done);
      else reject(error instanceof Error ? error : new Error('autocannon failed'));
    });
    instance.on('response', (_client, _status, resBytes, responseTime) => {
      times.push(responseTime);
      bytes += resBytes;
    });
  });
  times.sort((a, b) => a - b);
  return {
    url,
    requests: times.length,
    perSecond: times.length / result.duration,
    p50: quantile(times, 0.5),
    p95: quantile(times, 0.95),
    p99: quantile(times, 0.99),
    max: times[times.length - 1] ?? 0,
    errors: result.errors,
    non2xx: result.non2xx,
    bytes: times.length === 0 ? 0 : bytes / times.length,
    seconds: result.duration,
  };
}

/** One request, timed (ms), with its status and size: the cold (first) render of a page. */
export async function timedGet(url: string, headers: Record<string, string> = {}): Promise<{ ms: number; status: number; bytes: number; sent: number; cache: string | null }> {
  const started = performance.now();
  const res = await fetch(url, { headers });
  const body = await res.arrayBuffer();
  // fetch decompresses: the length on the wire is the header's.
  const sent = Number(res.headers.get('content-length') ?? body.byteLength);
  return { ms: performance.now() - started, status: res.status, bytes: body.byteLength, sent, cache: res.headers.get('x-thorbecke-cache') };
}
