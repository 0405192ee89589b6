// Wire details of the DNS client against hand-written responders on 127.0.0.1: spoofed replies mixed with the
// real one, fresh IDs and source ports per attempt, TCP replies in pieces, and the test server's TCP framing.
import { createSocket, type RemoteInfo } from 'node:dgram';
import { connect, createServer, type AddressInfo } from 'node:net';
import dnsPacket from 'dns-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { createDnsClient } from '../../src/checks/dns/client.js';
import { exchangeTcp } from '../../src/checks/dns/transport.js';
import { startDnsServer } from '../../src/testnet/dns-server.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A UDP responder that calls `reply` for each query it receives. */
async function udpResponder(reply: (query: dnsPacket.DecodedPacket, peer: RemoteInfo, send: (packet: dnsPacket.Packet | Buffer) => void) => void) {
  const socket = createSocket('udp4');
  socket.on('message', (raw, peer) => {
    const send = (packet: dnsPacket.Packet | Buffer) => {
      socket.send(Buffer.isBuffer(packet) ? packet : dnsPacket.encode(packet), peer.port, peer.address);
    };
    reply(dnsPacket.decode(raw), peer, send);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => socket.close(() => { resolve(); })));
  return socket.address().port;
}

describe('DNS client on the wire', () => {
  it('ignores a wrong ID, a wrong question and garbage, then takes the real reply', async () => {
    const port = await udpResponder((query, _peer, send) => {
      const question = query.questions?.[0] ?? { name: '', type: 'A' as const };
      const base = { type: 'response' as const, id: query.id, questions: [question] };
      send({ ...base, id: ((query.id ?? 0) + 1) % 65536, answers: [{ name: question.name, type: 'A', data: '127.0.0.66' }] });
      send({ ...base, questions: [{ name: 'other.test', type: 'A' }], answers: [{ name: 'other.test', type: 'A', data: '127.0.0.67' }] });
      send(Buffer.from('not dns'));
      send({ ...base, answers: [{ name: question.name, type: 'A', data: '127.0.0.1' }] });
    });
    const dns = createDnsClient({ server: { host: '127.0.0.1', port }, timeoutMs: 1000, retries: 0 });
    const response = await dns.query('real.test', 'A');
    expect(response.answers).toMatchObject([{ data: '127.0.0.1' }]);
  });

  it('sends EDNS0 with the DO bit and uses a fresh ID and source port for every attempt', async () => {
    const seen: { id: number; port: number; opt: dnsPacket.OptAnswer | undefined; cd: boolean }[] = [];
    const port = await udpResponder((query, peer) => {
      const opt = query.additionals?.find((record): record is dnsPacket.OptAnswer => record.type === 'OPT');
      seen.push({ id: query.id ?? -1, port: peer.port, opt, cd: query.flag_cd });
    });
    const dns = createDnsClient({ server: { host: '127.0.0.1', port }, timeoutMs: 100, retries: 2 });
    await expect(dns.query('silent.test', 'A', { dnssecOk: true, cd: true })).rejects.toMatchObject({ kind: 'timeout' });
    expect(seen).toHaveLength(3);
    expect(seen[0]?.opt).toMatchObject({ udpPayloadSize: 1232, flag_do: true });
    expect(seen[0]?.cd).toBe(true);
    // Three random 16-bit IDs (or ports) colliding is a one-in-billions event.
    expect(new Set(seen.map((s) => `${s.id}:${s.port}`)).size).toBe(3);
    expect(new Set(seen.map((s) => s.port)).size).toBeGreaterThan(1);
  });

  it('reads a TCP reply that arrives one byte at a time', async () => {
    const server = createServer((socket) => {
      socket.once('data', (chunk: Buffer) => {
        const query = dnsPacket.decode(chunk.subarray(2));
        const reply = dnsPacket.streamEncode({ type: 'response', id: query.id, questions: query.questions, answers: [{ name: 'slow.test', type: 'A', data: '127.0.0.2' }] });
        let offset = 0;
        const dribble = setInterval(() => {
          if (offset >= reply.length) {
            clearInterval(dribble);
            return;
          }
          socket.write(reply.subarray(offset, offset + 1));
          offset++;
        }, 1);
        socket.on('close', () => { clearInterval(dribble); });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => { resolve(); })));
    const { port } = server.address() as AddressInfo;
    const query = dnsPacket.encode({ type: 'query', id: 7, questions: [{ name: 'slow.test', type: 'A' }] });
    const raw = await exchangeTcp({ host: '127.0.0.1', port }, query, 2000, 65535);
    expect(dnsPacket.decode(raw).answers).toMatchObject([{ data: '127.0.0.2' }]);
  });
});

describe('test DNS server over TCP', () => {
  it('answers two queries sent in one write and split across writes', async () => {
    const server = await startDnsServer({ zones: { 'split.test': [{ name: '@', type: 'A', data: '127.0.0.3' }] } });
    cleanups.push(() => server.close());
    const framed = (id: number) => dnsPacket.streamEncode({ type: 'query', id, questions: [{ name: 'split.test', type: 'A' }] });
    const both = Buffer.concat([framed(1), framed(2)]);
    const socket = connect({ host: '127.0.0.1', port: server.port });
    cleanups.push(() => { socket.destroy(); });
    const replies: number[] = [];
    let buffered = Buffer.alloc(0);
    const done = new Promise<void>((resolve) => {
      socket.on('data', (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
          const length = buffered.readUInt16BE(0);
          const reply = dnsPacket.decode(buffered.subarray(2, 2 + length));
          replies.push(reply.flag_aa ? (reply.id ?? -1) : -1);
          buffered = buffered.subarray(2 + length);
        }
        if (replies.length === 2) resolve();
      });
    });
    socket.write(both.subarray(0, 5));
    setTimeout(() => socket.write(both.subarray(5)), 20);
    await done;
    expect(replies).toEqual([1, 2]);
    expect(server.queries.map((q) => q.transport)).toEqual(['tcp', 'tcp']);
  });
});
