/**
 * The client's address when `trustedProxies` proxies (a load balancer, nginx) stand in
 * front of the collector, each appending the address it was reached from to
 * X-Forwarded-For: the entry that many places from the right. Entries further left were
 * written by the client itself and prove nothing. Without proxies, or without the header
 * (a request that bypassed them), the socket's own peer.
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
  if (hops.length === 0) return socketAddress;
  return hops[Math.max(0, hops.length - trustedProxies)];
}
