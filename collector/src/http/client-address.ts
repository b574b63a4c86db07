import { ipv6Groups, mappedIpv4, nat64Ipv4, unbracketed } from '../ip.ts';

/**
 * The client's address when `trustedProxies` proxies (a load balancer, nginx) stand in
 * front of the collector, each appending the address it was reached from to
 * X-Forwarded-For: the entry that many places from the right. Entries further left were
 * written by the client itself and prove nothing. Without proxies, or with fewer entries
 * than proxies (a request that bypassed some of them, whose entries the client could have
 * written), the socket's own peer.
 */
export function clientAddressBehind(
  trustedProxies: number,
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
): string | undefined {
  if (trustedProxies <= 0 || !forwardedFor) return socketAddress;
  const hops = forwardedFor
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (hops.length < trustedProxies) return socketAddress;
  return hops[hops.length - trustedProxies];
}

/**
 * Whose allowance a request from `address` uses: the address itself for IPv4, its /64
 * for IPv6 (one subscriber's network: a single host can use any of its 2^64 addresses).
 * An IPv4-mapped or NAT64 (64:ff9b::/96) IPv6 address counts as the IPv4 address in it.
 */
export function rateLimitIdentity(address: string): string {
  if (!address.includes(':')) return address;
  const groups = ipv6Groups(unbracketed(address).replace(/%.*$/, ''));
  if (!groups) return address;
  const v4 = mappedIpv4(groups) ?? nat64Ipv4(groups);
  if (v4) return v4.join('.');
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}
