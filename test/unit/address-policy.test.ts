import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/domain/errors.js';
import { createAddressPolicy, parseCidrList } from '../../src/scan/address-policy.js';

const closed = createAddressPolicy({ allow: [] });

describe('address policy: refused without an allow-list', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['0.0.0.0', 'unspecified'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'documentation'],
    ['198.18.0.1', 'benchmarking'],
    ['198.51.100.1', 'documentation'],
    ['203.0.113.5', 'documentation'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fd00::1', 'unique-local'],
    ['fc12:3456::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['fec0::1', 'site-local'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:c0a8:0101::1', 'private'],
    ['2001:0:7f00:1::', 'loopback'],
    ['::7f00:1', 'global unicast'],
    ['4000::1', 'global unicast'],
    ['100::1', 'discard'],
  ])('%s is refused (%s)', (address, word) => {
    const decision = closed(address);
    expect(decision.allowed).toBe(false);
    if (!decision.allowed) {
      expect(decision.reason).toContain(word);
      expect(decision.reason).toContain('--allow-targets');
    }
  });

  it.each(['not-an-ip', '127.1', '2130706433', '1.2.3.4.5', ''])('%j is not an IP address', (text) => {
    expect(closed(text)).toEqual({ allowed: false, reason: `${text} is not an IP address` });
  });

  it('names the range in plain words', () => {
    expect(closed('127.0.0.1')).toEqual({
      allowed: false,
      reason: '127.0.0.1 is a loopback address; add it to --allow-targets to scan it',
    });
  });
});

describe('address policy: public addresses', () => {
  it.each(['8.8.8.8', '145.21.1.1', '1.1.1.1', '2a00:1450:4001::1', '2001:4860:4860::8888', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1', '[2a00::1]'])(
    '%s is allowed',
    (address) => {
      expect(closed(address)).toEqual({ allowed: true });
    },
  );
});

describe('address policy: --allow-targets overrides', () => {
  const policy = createAddressPolicy({ allow: parseCidrList('127.0.0.0/8, ::1/128,10.0.0.5') });

  it.each([
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.5', true],
    ['10.0.0.6', false],
    ['192.168.0.1', false],
    ['fe80::1', false],
    ['8.8.8.8', true],
  ])('%s allowed: %s', (address, allowed) => {
    expect(policy(address).allowed).toBe(allowed);
  });
});

describe('parseCidrList', () => {
  it('splits, trims and drops empty entries', () => {
    expect(parseCidrList(' 127.0.0.0/8 ,::1/128,,')).toEqual(['127.0.0.0/8', '::1/128']);
  });

  it.each(['127.0.0.0/33', 'localhost', '::1/129', '127.0.0.0/8,nope'])('rejects %j with an InputError', (text) => {
    expect(() => parseCidrList(text)).toThrow(InputError);
    expect(() => parseCidrList(text)).toThrow(/is not an IP range/);
  });
});
