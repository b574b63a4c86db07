/**
 * Where webhooks may go. Only https to public addresses, so a customer cannot
 * point Touchpoint at the cloud metadata service or the collector's own LAN;
 * plain http to loopback only when TOUCHPOINT_ALLOW_PRIVATE_WEBHOOKS=1 (development and tests).
 */

import { ipv4Parts, ipv6Groups, mappedIpv4, unbracketed } from '../ip.ts';

export interface WebhookUrlPolicy {
  allowPrivate: boolean;
}

function isPrivateIpv4([a, b]: number[]): boolean {
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b! >= 64 && b! <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local, cloud metadata
    (a === 172 && b! >= 16 && b! <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a! >= 224 // multicast, reserved, broadcast
  );
}

/**
 * Only global unicast (2000::/3) reaches the public internet: everything else is loopback,
 * unspecified, IPv4-compatible, unique-local (fd00:ec2::254 is AWS metadata), link- or
 * site-local, multicast, NAT64 or reserved. Within it, 6to4 (2002::/16) and the IETF
 * protocol block (2001::/23: Teredo, ORCHID…) carry other addresses inside, and
 * 2001:db8::/32 is for documentation. IPv4-mapped addresses are judged as the IPv4 address.
 */
function isPrivateIpv6(groups: number[]): boolean {
  const v4 = mappedIpv4(groups);
  if (v4) return isPrivateIpv4(v4);
  const [first, second] = [groups[0]!, groups[1]!];
  if ((first & 0xe000) !== 0x2000) return true;
  return first === 0x2002 || (first === 0x2001 && (second < 0x200 || second === 0xdb8));
}

/**
 * True for every address that is not public: loopback, private, link-local, unique-local,
 * multicast, reserved and unspecified, IPv4 or IPv6 (in brackets or not). A host name is
 * no address: false (its addresses are checked when it is resolved).
 */
export function isPrivateAddress(address: string): boolean {
  const v4 = ipv4Parts(address);
  if (v4) return isPrivateIpv4(v4);
  const v6 = unbracketed(address).toLowerCase();
  if (!v6.includes(':')) return false;
  const groups = ipv6Groups(v6);
  // Not an address this can read (a zone index, say): not one to send to.
  return groups === null || isPrivateIpv6(groups);
}

export function isLoopbackAddress(address: string): boolean {
  const groups = ipv6Groups(unbracketed(address));
  const v4 = ipv4Parts(address) ?? (groups && mappedIpv4(groups));
  if (v4) return v4[0] === 127;
  return groups !== null && groups.every((group, index) => group === (index === 7 ? 1 : 0));
}

/** Why `url` may not receive webhooks under `policy`, or null when it may (before DNS; the transport checks again after). */
export function webhookUrlProblem(url: string, policy: WebhookUrlPolicy): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute URL';
  }
  if (parsed.username || parsed.password) return 'must not carry credentials';
  const host = unbracketed(parsed.hostname);
  const loopback = host === 'localhost' || host.endsWith('.localhost') || isLoopbackAddress(host);
  if (policy.allowPrivate && loopback) {
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? null : 'must be an http(s) URL';
  }
  if (parsed.protocol !== 'https:') {
    return policy.allowPrivate ? 'must use https (http only to 127.0.0.1 or localhost)' : 'must use https';
  }
  if (loopback || isPrivateAddress(host) || host.endsWith('.internal') || host.endsWith('.local')) {
    return 'must not point to a private, loopback, link-local or metadata address';
  }
  return null;
}

/** Checks the addresses a hostname resolved to, at delivery time (DNS can change after registration). */
export function resolvedAddressProblem(address: string, policy: WebhookUrlPolicy): string | null {
  if (policy.allowPrivate && isLoopbackAddress(address)) return null;
  // Not the address itself: the delivery log is the site owner's, the network behind the collector is not.
  return isPrivateAddress(address) ? 'resolves to a private or reserved address' : null;
}
