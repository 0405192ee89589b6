/**
 * A real SMTP server for the sealed test network: greeting, EHLO with capabilities, STARTTLS with a TLS
 * upgrade of the same connection (node:tls `TLSSocket`), QUIT; 502 to anything else. Modes make it hostile
 * on purpose: `tarpit` never says anything, `garbage` greets with bytes that are not SMTP.
 */
import { createServer, type Socket } from 'node:net';
import { createSecureContext, TLSSocket } from 'node:tls';
import { refuseClientRenegotiation, tlsOptionsForCertificates, type TlsProfile } from './tls-profile.js';

export type SmtpServerMode = 'normal' | 'tarpit' | 'garbage';

export interface TestSmtpServerOptions {
  /** Default 127.0.0.1: only loopback belongs to the sealed test network. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Whether EHLO advertises STARTTLS and STARTTLS is accepted (needs `cert`). */
  starttls: boolean;
  cert?: { chainPem: string; keyPem: string };
  /** The text after `220 `; default `mx.test ESMTP Thorbecke test`. */
  greeting?: string;
  mode?: SmtpServerMode;
  /** TLS behaviour after STARTTLS (tls-profile.ts); undefined keeps Node's default server settings. */
  tls?: TlsProfile;
}

export interface TestSmtpServer {
  host: string;
  port: number;
  /** How many TCP connections the server has accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

const MAX_LINE = 4096;

/** Serves one plain or TLS stream line by line; `upgrade` is called after 220 to STARTTLS. */
function serveLines(stream: Socket | TLSSocket, options: TestSmtpServerOptions, tls: boolean, upgrade: () => void): void {
  let buffered = '';
  const onData = (chunk: Buffer): void => {
    buffered += chunk.toString('latin1');
    if (buffered.length > MAX_LINE && !buffered.includes('\n')) return void stream.destroy();
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const line = buffered.slice(0, end).replace(/\r$/, '');
      buffered = buffered.slice(end + 1);
      const verb = line.split(' ')[0]?.toUpperCase() ?? '';
      if (verb === 'EHLO' || verb === 'HELO') {
        const caps = ['SIZE 10240000', '8BITMIME', ...(options.starttls && !tls ? ['STARTTLS'] : []), 'SMTPUTF8'];
        const name = line.slice(5).trim() || 'unknown';
        stream.write([`250-mx.test greets ${name}`, ...caps.map((c, i) => `250${i === caps.length - 1 ? ' ' : '-'}${c}`)].join('\r\n') + '\r\n');
      } else if (verb === 'STARTTLS' && options.starttls && !tls && options.cert) {
        stream.removeListener('data', onData);
        stream.write('220 2.0.0 Ready to start TLS\r\n', () => { upgrade(); });
        return;
      } else if (verb === 'QUIT') {
        stream.end('221 2.0.0 Bye\r\n');
        return;
      } else if (verb === 'NOOP' || verb === 'RSET') {
        stream.write('250 2.0.0 OK\r\n');
      } else {
        stream.write('502 5.5.1 Command not implemented\r\n');
      }
    }
  };
  stream.on('data', onData);
}

/**
 * @example
 * const smtp = await startSmtpServer({ starttls: true, cert: await ca.issue({ names: ['mx.example.test'] }) });
 * // ... connect to 127.0.0.1:smtp.port ...
 * await smtp.close();
 */
export async function startSmtpServer(options: TestSmtpServerOptions): Promise<TestSmtpServer> {
  const host = options.host ?? '127.0.0.1';
  const profileOptions = options.tls && options.cert ? tlsOptionsForCertificates(options.tls, [options.cert]) : {};
  const secureContext = options.cert ? createSecureContext({ ...profileOptions, cert: options.cert.chainPem, key: options.cert.keyPem }) : undefined;
  const connections = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted += 1;
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
    socket.on('error', () => undefined);
    const mode = options.mode ?? 'normal';
    if (mode === 'tarpit') return;
    if (mode === 'garbage') return void socket.write(Buffer.from('\x16\x03\x01\x00\x05HELLO? <html>not smtp</html>\r\n', 'latin1'));
    socket.write(`220 ${options.greeting ?? 'mx.test ESMTP Thorbecke test'}\r\n`);
    serveLines(socket, options, false, () => {
      const secure = new TLSSocket(socket, { isServer: true, ...(secureContext ? { secureContext } : {}) });
      secure.on('error', () => undefined);
      if (options.tls) refuseClientRenegotiation(secure, options.tls);
      serveLines(secure, options, true, () => undefined);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    host,
    port,
    get connections() {
      return accepted;
    },
    async close() {
      for (const socket of connections) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => { resolve(); }));
    },
  };
}
