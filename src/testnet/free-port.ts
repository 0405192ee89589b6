/**
 * A port that is free for both TCP and UDP on one loopback address, for servers started as child processes
 * (which cannot be handed port 0). Another process could still take it before the server binds: callers retry.
 */
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

async function tryPort(host: string): Promise<number | null> {
  const tcp = createServer();
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(0, host, () => {
      tcp.off('error', reject);
      resolve();
    });
  });
  const address = tcp.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const udp = createSocket('udp4');
  const free = await new Promise<boolean>((resolve) => {
    udp.once('error', () => {
      resolve(false);
    });
    udp.bind(port, host, () => {
      resolve(true);
    });
  });
  await new Promise<void>((resolve) => {
    try {
      udp.close(() => {
        resolve();
      });
    } catch {
      resolve(); // never bound
    }
  });
  await new Promise<void>((resolve) => tcp.close(() => {
    resolve();
  }));
  return free && port > 0 ? port : null;
}

/** A port free for TCP and UDP on `host` (an IPv4 address) right now. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await tryPort(host);
    if (port !== null) return port;
  }
  throw new Error(`found no port free for both TCP and UDP on ${host}`);
}
