import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { InputError, messageOf } from '../domain/errors.js';

/** Called as bytes arrive: how many so far, and the total when the source says. */
export type ProgressCallback = (bytesRead: number, totalBytes: number | undefined) => void;

export interface SourceOptions {
  onProgress?: ProgressCallback | undefined;
  /** The most bytes read before giving up (default 2 GiB). */
  maxBytes?: number | undefined;
  /** How long to wait for a server's response headers (default 30 s). */
  connectTimeoutMs?: number | undefined;
  /** How long a download may stall without data (default 60 s). */
  idleTimeoutMs?: number | undefined;
}

/** An opened file or download: read `bytes` once. */
export interface OpenedSource {
  /** The path or URL, for messages. */
  name: string;
  kind: 'file' | 'url';
  totalBytes: number | undefined;
  bytes: AsyncIterable<Uint8Array>;
}

const DEFAULTS = { maxBytes: 2 * 1024 ** 3, connectTimeoutMs: 30_000, idleTimeoutMs: 60_000 };

/** Whether `source` is written as a URL (`scheme://…`) rather than a path. */
export function isUrl(source: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(source);
}

function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return messageOf(cause);
}

/** Counts, caps and reports the bytes of a stream; a stall longer than `idleMs` aborts it. */
async function* guarded(
  chunks: AsyncIterable<Uint8Array>,
  source: { name: string; kind: 'file' | 'url'; total: number | undefined; abort?: AbortController },
  options: SourceOptions,
): AsyncGenerator<Uint8Array, void, undefined> {
  const max = options.maxBytes ?? DEFAULTS.maxBytes;
  const idleMs = options.idleTimeoutMs ?? DEFAULTS.idleTimeoutMs;
  const iterator = chunks[Symbol.asyncIterator]();
  let read = 0;
  let timer: NodeJS.Timeout | undefined;
  try {
    for (;;) {
      const stalled = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          source.abort?.abort();
          reject(new InputError(`Could not read ${source.name}: no data for ${Math.round(idleMs / 1000)} s.`));
        }, idleMs);
      });
      let next: IteratorResult<Uint8Array>;
      try {
        next = await Promise.race([iterator.next(), stalled]);
      } catch (error) {
        if (error instanceof InputError) throw error;
        const verb = source.kind === 'url' ? 'download' : 'read';
        throw new InputError(`Could not ${verb} ${source.name}: ${describe(error)}`);
      } finally {
        clearTimeout(timer);
      }
      if (next.done === true) return;
      read += next.value.byteLength;
      if (read > max) throw new InputError(`${source.name} is larger than the limit of ${max} bytes.`);
      options.onProgress?.(read, source.total);
      yield next.value;
    }
  } finally {
    clearTimeout(timer);
    await iterator.return?.();
  }
}

async function openUrl(url: string, options: SourceOptions): Promise<OpenedSource> {
  const protocol = new URL(url).protocol;
  if (protocol !== 'http:' && protocol !== 'https:') throw new InputError(`Cannot read ${url}: only http and https URLs are supported.`);
  const abort = new AbortController();
  const connectMs = options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs;
  const timer = setTimeout(() => {
    abort.abort(new Error(`no response within ${Math.round(connectMs / 1000)} s`));
  }, connectMs);
  let response: Response;
  try {
    response = await fetch(url, { signal: abort.signal, redirect: 'follow' });
  } catch (error) {
    throw new InputError(`Could not download ${url}: ${abort.signal.aborted ? describe(abort.signal.reason) : describe(error)}`);
  } finally {
    clearTimeout(timer);
  }
  if (!response.ok || response.body === null) {
    await response.body?.cancel().catch(() => undefined);
    throw new InputError(`Could not download ${url}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
  }
  const length = Number(response.headers.get('content-length') ?? NaN);
  const total = Number.isFinite(length) && length >= 0 ? length : undefined;
  const max = options.maxBytes ?? DEFAULTS.maxBytes;
  if (total !== undefined && total > max) {
    await response.body.cancel().catch(() => undefined);
    throw new InputError(`${url} is larger than the limit of ${max} bytes (${total} bytes).`);
  }
  const body = Readable.fromWeb(response.body);
  return { name: url, kind: 'url', totalBytes: total, bytes: guarded(body, { name: url, kind: 'url', total, abort }, options) };
}

async function openFile(file: string, options: SourceOptions): Promise<OpenedSource> {
  let size: number;
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new InputError(`${file} is a folder, not a file.`);
    size = info.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as { code?: string }).code;
    throw new InputError(code === 'ENOENT' ? `No such file: ${file}` : `Could not read ${file}: ${describe(error)}`);
  }
  const max = options.maxBytes ?? DEFAULTS.maxBytes;
  if (size > max) throw new InputError(`${file} is larger than the limit of ${max} bytes (${size} bytes).`);
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
  return { name: file, kind: 'file', totalBytes: size, bytes: guarded(stream, { name: file, kind: 'file', total: size }, options) };
}

/**
 * Opens a file path or an http(s) URL as a byte stream, with progress, a size cap and timeouts. An
 * unreachable URL, an HTTP error or a missing file throws an InputError before anything is read.
 */
export function openSource(source: string, options: SourceOptions = {}): Promise<OpenedSource> {
  return isUrl(source) ? openUrl(source, options) : openFile(source, options);
}

/** Reads the first chunk of a source (to sniff its format) without losing it. */
export async function peek(source: OpenedSource): Promise<{ head: Uint8Array; source: OpenedSource }> {
  const iterator = source.bytes[Symbol.asyncIterator]();
  const first = await iterator.next();
  const head = first.done === true ? new Uint8Array() : first.value;
  async function* rest(): AsyncGenerator<Uint8Array, void, undefined> {
    try {
      if (first.done !== true) yield first.value;
      for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) yield next.value;
    } finally {
      await iterator.return?.();
    }
  }
  return { head, source: { ...source, bytes: rest() } };
}
