import { describe, expect, it } from 'vitest';
import { clientAddressBehind, rateLimitIdentity } from './client-address.ts';

describe('clientAddressBehind', () => {
  it('is the socket peer when no proxy is trusted, whatever the client claims', () => {
    expect(clientAddressBehind(0, '198.51.100.7', '203.0.113.9')).toBe('198.51.100.7');
  });

  it('is the entry the nearest trusted proxies appended, not one the client wrote', () => {
    // The client sent "X-Forwarded-For: 1.2.3.4"; the one proxy appended the address it saw.
    expect(clientAddressBehind(1, '10.0.0.2', '1.2.3.4, 203.0.113.9')).toBe('203.0.113.9');
    // Two proxies: a CDN appended the client, the load balancer appended the CDN.
    expect(clientAddressBehind(2, '10.0.0.2', '1.2.3.4, 203.0.113.9, 192.0.2.50')).toBe('203.0.113.9');
  });

  it('is the peer when there are fewer entries than trusted proxies, or no header', () => {
    // Such a request bypassed some proxies: its entries may all be the client's own.
    expect(clientAddressBehind(3, '10.0.0.2', ' 203.0.113.9 ')).toBe('10.0.0.2');
    expect(clientAddressBehind(2, '10.0.0.2', '203.0.113.9, 192.0.2.50')).toBe('203.0.113.9');
    expect(clientAddressBehind(1, '10.0.0.2', undefined)).toBe('10.0.0.2');
    expect(clientAddressBehind(1, '10.0.0.2', ' , ')).toBe('10.0.0.2');
  });

  it('limits IPv6 clients by their /64 and IPv4 ones by address', () => {
    expect(rateLimitIdentity('2001:db8:1:2:a:b:c:d')).toBe('2001:db8:1:2::/64');
    expect(rateLimitIdentity('2001:db8:1:2::ffff')).toBe('2001:db8:1:2::/64');
    expect(rateLimitIdentity('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(rateLimitIdentity('::ffff:203.0.113.9')).toBe('203.0.113.9');
    // Clients behind a NAT64 gateway are told apart by the IPv4 address it carries.
    expect(rateLimitIdentity('64:ff9b::cb00:7109')).toBe('203.0.113.9');
    expect(rateLimitIdentity('203.0.113.9')).toBe('203.0.113.9');
    expect(rateLimitIdentity('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});
