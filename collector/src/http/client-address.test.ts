import { describe, expect, it } from 'vitest';
import { clientAddressBehind } from './client-address.ts';

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

  it('takes the furthest entry when there are fewer than the trusted proxies, and the peer without the header', () => {
    expect(clientAddressBehind(3, '10.0.0.2', ' 203.0.113.9 ')).toBe('203.0.113.9');
    expect(clientAddressBehind(1, '10.0.0.2', undefined)).toBe('10.0.0.2');
    expect(clientAddressBehind(1, '10.0.0.2', ' , ')).toBe('10.0.0.2');
  });
});
