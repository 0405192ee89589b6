/**
 * A web host of the sealed test network: plain HTTP on port 80 and HTTPS on port 443 of one loopback address,
 * each behaving as its profile says (TLS settings, redirect, HSTS, security.txt), so that every web check can be
 * shown passing and failing on purpose. Only 127.0.0.0/8 and ::1 are accepted.
 */
import { createServer as createHttpServer, type IncomingMessage, type RequestListener, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Server, Socket } from 'node:net';
import { createSecureContext, type SecureContext, type TLSSocket, type TlsOptions } from 'node:tls';
import { isTestAddress } from './loopback.js';
import { createTlsFront } from './tls-front.js';
import { refuseClientRenegotiation, tlsOptionsForCertificates, type TlsProfile } from './tls-profile.js';

export interface WebHostProfile {
  /** undefined: nothing listens on 443. */
  tls?: TlsProfile;
  /** Port 80: 'redirect' → 301 to https://<same host><path>; 'redirect-elsewhere' → 301 to https://elsewhere.invalid/; 'plain' → 200 page without redirect; 'none' → nothing listens on 80. Default 'redirect'. */
  http?: 'redirect' | 'redirect-elsewhere' | 'plain' | 'none';
  /** Strict-Transport-Security header on HTTPS responses; undefined → no header. */
  hsts?: string;
  /** Body of /.well-known/security.txt (text/plain; charset=utf-8) on HTTPS; undefined → 404. */
  securityTxt?: string;
  /** The page body for '/', default a small HTML page naming the host. Same content over IPv4 and IPv6. */
  body?: string;
}

export interface WebHostCert {
  chainPem: string;
  keyPem: string;
}

export interface WebHostOptions {
  /** 127.x.y.z or ::1; anything else is refused. */
  address: string;
  profile: WebHostProfile;
  /** Certificates by SNI name (exact or '*.zone' wildcard keys); `default` when the name is unknown. */
  certs: { default: WebHostCert; byName?: Record<string, WebHostCert> };
  /** Default 80 / 443 (tests may use others; 0 picks a free port). */
  ports?: { http?: number; https?: number };
}

export interface WebHost {
  address: string;
  ports: { http?: number; https?: number };
  /** TLS handshakes started (including crafted replies) and HTTP requests served, for benchmarks. */
  stats(): { tlsConnections: number; httpRequests: number };
  close(): Promise<void>;
}

/** The host name a request asked for, without port; the address when the Host header is odd. */
function requestedHost(req: IncomingMessage, address: string): string {
  const host = (req.headers.host ?? '').replace(/:\d+$/, '');
  if (/^[a-z0-9.-]{1,253}$/i.test(host) || /^\[[0-9a-f:.]{2,45}\]$/i.test(host)) return host;
  return address.includes(':') ? `[${address}]` : address;
}

const escape = (s: string): string => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (profile: WebHostProfile, host: string): string =>
  profile.body ?? `<!doctype html>\n<html lang="en"><title>${escape(host)}</title><h1>${escape(host)}</h1><p>A test web host.</p></html>\n`;

/** The request handlers of port 80 and port 443. */
function handlers(options: WebHostOptions, httpsPort: () => number | undefined, count: () => void): { http: RequestListener; https: RequestListener } {
  const { profile, address } = options;
  const http: RequestListener = (req, res) => {
    count();
    const host = requestedHost(req, address);
    const port = httpsPort();
    const path = (req.url ?? '/').startsWith('/') ? (req.url ?? '/') : '/';
    if (profile.http === 'plain') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(profile, host));
    const location = profile.http === 'redirect-elsewhere' ? 'https://elsewhere.invalid/' : `https://${host}${port === undefined || port === 443 ? '' : `:${port}`}${path}`;
    res.writeHead(301, { location, 'content-type': 'text/plain; charset=utf-8' }).end(`Moved to ${location}\n`);
  };
  const https: RequestListener = (req, res) => {
    count();
    if (profile.hsts !== undefined) res.setHeader('strict-transport-security', profile.hsts);
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(profile, requestedHost(req, address)));
    if (path === '/.well-known/security.txt' && profile.securityTxt !== undefined) {
      return void res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(profile.securityTxt);
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
  };
  return { http, https };
}

/** The secure contexts by name, with `@SECLEVEL=0` only when a certificate needs it (RSA-1024, SHA-1). */
function tlsOptions(tls: TlsProfile, certs: WebHostOptions['certs']): TlsOptions {
  const options = tlsOptionsForCertificates(tls, [certs.default, ...Object.values(certs.byName ?? {})]);
  const byName = new Map<string, SecureContext>(Object.entries(certs.byName ?? {}).map(([name, c]) => [name.toLowerCase(), createSecureContext({ ...options, cert: c.chainPem, key: c.keyPem })]));
  const fallback = createSecureContext({ ...options, cert: certs.default.chainPem, key: certs.default.keyPem });
  const SNICallback: TlsOptions['SNICallback'] = (servername, callback) => {
    const name = servername.toLowerCase();
    const wildcard = `*.${name.split('.').slice(1).join('.')}`;
    callback(null, byName.get(name) ?? byName.get(wildcard) ?? fallback);
  };
  return { ...options, cert: certs.default.chainPem, key: certs.default.keyPem, SNICallback };
}

async function listen(server: Server | HttpServer, port: number, address: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address();
  return typeof bound === 'object' && bound !== null ? bound.port : port;
}

/**
 * @example
 * const ca = await createTestCa();
 * const cert = await ca.issue({ names: ['www.example.test'] });
 * const host = await startWebHost({ address: '127.44.0.1', profile: { tls: {}, hsts: 'max-age=31536000' }, certs: { default: cert } });
 * // ... scan https://www.example.test/ at 127.44.0.1 ...
 * await host.close();
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { address, profile } = options;
  if (!isTestAddress(address)) throw new Error(`${address} is not a test network address (127.0.0.0/8 or ::1 only)`);
  const counts = { tlsConnections: 0, httpRequests: 0 };
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const ports: WebHost['ports'] = {};
  const handle = handlers(options, () => ports.https, () => { counts.httpRequests += 1; });
  const servers: (Server | HttpServer)[] = [];
  const close = async (): Promise<void> => {
    for (const socket of sockets) socket.destroy();
    await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => { resolve(); }))));
  };
  try {
    if (profile.tls !== undefined) {
      const https = createHttpsServer(tlsOptions(profile.tls, options.certs), handle.https);
      const tls = profile.tls;
      https.on('secureConnection', (socket: TLSSocket) => { refuseClientRenegotiation(socket, tls); });
      https.on('tlsClientError', (_err, socket) => socket.destroy());
      https.on('clientError', (_err, socket) => socket.destroy());
      const front = createTlsFront(https, profile.tls, (socket) => {
        counts.tlsConnections += 1;
        track(socket);
      });
      servers.push(front, https);
      ports.https = await listen(front, options.ports?.https ?? 443, address);
    }
    if ((profile.http ?? 'redirect') !== 'none') {
      const http = createHttpServer(handle.http);
      http.on('connection', track);
      http.on('clientError', (_err, socket) => socket.destroy());
      servers.push(http);
      ports.http = await listen(http, options.ports?.http ?? 80, address);
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { address, ports, stats: () => ({ ...counts }), close };
}
