import { describe, expect, it } from 'vitest';
import { clientHello, parseReply, ssl2Hello, type Reply } from '../../src/checks/tls/hello.js';

/** A ServerHello record: version, empty session id, suite 0xc02f, the given compression method. */
function serverHello(version: number, compression: number, sessionId = 0): Buffer {
  const body = Buffer.concat([Buffer.from([version >> 8, version & 0xff]), Buffer.alloc(32), Buffer.from([sessionId]), Buffer.alloc(sessionId), Buffer.from([0xc0, 0x2f, compression])]);
  const hs = Buffer.concat([Buffer.from([2, 0, 0, body.length]), body]);
  return Buffer.concat([Buffer.from([0x16, 0x03, 0x03, 0, hs.length]), hs]);
}

const CASES: [string, Buffer, Reply][] = [
  ['TLS 1.2 ServerHello, null compression', serverHello(0x0303, 0), { kind: 'server-hello', version: 0x0303, compression: 0 }],
  ['TLS 1.2 ServerHello, DEFLATE', serverHello(0x0303, 1), { kind: 'server-hello', version: 0x0303, compression: 1 }],
  ['SSL 3.0 ServerHello with a session id', serverHello(0x0300, 0, 32), { kind: 'server-hello', version: 0x0300, compression: 0 }],
  ['protocol_version alert', Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46]), { kind: 'refused' }],
  ['too short to tell', Buffer.from([0x16, 0x03]), { kind: 'more' }],
  ['cut off before the compression byte', serverHello(0x0303, 0).subarray(0, 45), { kind: 'more' }],
  ['SSL 2.0 SERVER-HELLO', Buffer.from([0x80, 0x20, 0x04, 0x00]), { kind: 'ssl2-server-hello' }],
];

describe('parseReply', () => {
  it.each(CASES)('%s', (_name, bytes, expected) => {
    expect(parseReply(bytes)).toEqual(expected);
  });
});

describe('crafted hellos', () => {
  it('frames a TLS 1.2 hello offering DEFLATE then null compression, with SNI', () => {
    const hello = clientHello(0x0303, 'www.example.test', true);
    expect([...hello.subarray(0, 3)]).toEqual([0x16, 0x03, 0x01]);
    expect(hello.readUInt16BE(3)).toBe(hello.length - 5);
    expect(hello[5]).toBe(1);
    expect(hello.includes(Buffer.from([2, 1, 0]))).toBe(true);
    expect(hello.includes(Buffer.from('www.example.test'))).toBe(true);
  });
  it('frames an SSL 3.0 hello without extensions and an SSL 2.0 CLIENT-HELLO', () => {
    const ssl3 = clientHello(0x0300, 'x.test', false);
    expect([...ssl3.subarray(0, 3)]).toEqual([0x16, 0x03, 0x00]);
    expect(ssl3.includes(Buffer.from('x.test'))).toBe(false);
    const ssl2 = ssl2Hello();
    expect(((ssl2[0] ?? 0) & 0x7f) * 256 + (ssl2[1] ?? 0)).toBe(ssl2.length - 2);
    expect([...ssl2.subarray(2, 5)]).toEqual([1, 0, 2]);
  });
});
