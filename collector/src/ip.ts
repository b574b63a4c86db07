/** Reading IP addresses as numbers: what the webhook address policy and the rate limiter judge them by. */

/** The four octets of a dotted IPv4 address, or null. */
export function ipv4Parts(address: string): number[] | null {
  const parts = address.split('.');
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255)) return null;
  return parts.map(Number);
}

/** The eight 16-bit groups of an IPv6 address (`::` expanded, a dotted IPv4 tail as two groups), or null. */
export function ipv6Groups(address: string): number[] | null {
  let text = address;
  const dottedTail = text.match(/^(.*:)(\d+\.\d+\.\d+\.\d+)$/);
  if (dottedTail) {
    const v4 = ipv4Parts(dottedTail[2]!);
    if (!v4) return null;
    text = `${dottedTail[1]}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groupsOf = (part: string) => (part === '' ? [] : part.split(':'));
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  const elided = 8 - head.length - tail.length;
  if (halves.length === 1 ? elided !== 0 : elided < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? elided : 0).fill('0'), ...tail];
  return groups.every((group) => /^[0-9a-f]{1,4}$/i.test(group)) ? groups.map((group) => parseInt(group, 16)) : null;
}

/** An address as URLs and sockets write it, without the brackets of a URL host: `[::1]` → `::1`. */
export function unbracketed(address: string): string {
  return address.replace(/^\[|\]$/g, '');
}

/** The last 32 bits of an IPv6 address as IPv4 octets: where mapped and NAT64 addresses carry one. */
function lastIpv4(groups: number[]): number[] {
  return [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255];
}

/** The IPv4 address inside an IPv4-mapped IPv6 one (::ffff:a.b.c.d), as four octets; null for any other. */
export function mappedIpv4(groups: number[]): number[] | null {
  if (groups.slice(0, 5).some((group) => group !== 0) || groups[5] !== 0xffff) return null;
  return lastIpv4(groups);
}

/** The IPv4 address a NAT64 gateway's well-known prefix (64:ff9b::/96) carries; null outside it. */
export function nat64Ipv4(groups: number[]): number[] | null {
  if (groups[0] !== 0x64 || groups[1] !== 0xff9b || groups.slice(2, 6).some((group) => group !== 0)) return null;
  return lastIpv4(groups);
}
