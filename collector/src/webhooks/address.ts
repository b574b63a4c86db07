/**
 * Where webhooks may go. Only https to public addresses, so a customer cannot
 * point Touchpoint at the cloud metadata service or the collector's own LAN;
 * plain http to loopback only when TOUCHPOINT_ALLOW_PRIVATE_WEBHOOKS=1 (development and tests).
 */

export interface WebhookUrlPolicy {
  allowPrivate: boolean;
}

function ipv4Parts(address: string): number[] | null {
  const parts = address.split('.');
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255)) return null;
  return parts.map(Number);
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

/** True for loopback, private, link-local, unique-local, multicast and unspecified addresses (IPv4 or IPv6). */
export function isPrivateAddress(address: string): boolean {
  const v4 = ipv4Parts(address);
  if (v4) return isPrivateIpv4(v4);
  const v6 = address.toLowerCase().replace(/^\[|\]$/g, '');
  const mapped = v6.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/);
  if (mapped) return isPrivateAddress(mapped[1]!);
  // WHATWG URL parsing writes IPv4-mapped addresses in hex: ::ffff:a00:1 is 10.0.0.1.
  const mappedHex = v6.match(/^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/);
  if (mappedHex) {
    const [high, low] = [parseInt(mappedHex[1]!, 16), parseInt(mappedHex[2]!, 16)];
    return isPrivateAddress(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
  }
  return (
    v6 === '::' ||
    v6 === '::1' ||
    /^f[cd]/.test(v6) || // fc00::/7 unique local (fd00:ec2::254 is AWS metadata)
    /^fe[89ab]/.test(v6) || // fe80::/10 link-local
    /^ff/.test(v6) || // multicast
    v6.startsWith('64:ff9b:') // NAT64 can reach private IPv4
  );
}

export function isLoopbackAddress(address: string): boolean {
  const v4 = ipv4Parts(address);
  if (v4) return v4[0] === 127;
  const v6 = address.toLowerCase().replace(/^\[|\]$/g, '');
  return v6 === '::1' || /^::ffff:127\./.test(v6);
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
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
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
  return isPrivateAddress(address) ? `resolves to ${address}, a private or reserved address` : null;
}
