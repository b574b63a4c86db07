/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits.
 * Answer ids are the key the collector deduplicates retries by; ids that start
 * with their time put the answers of one moment side by side in that index, so
 * a group commit rewrites one or two index pages instead of one per answer.
 * Uses `crypto.getRandomValues`, which (unlike `randomUUID`) plain-http pages have too.
 *
 * @param now milliseconds since 1970 (default: the clock)
 * @param randomBytes fills its argument with random bytes (default: `crypto.getRandomValues`; seeders pass a seeded one)
 * @example uuidv7() // "019aab5c-8d1e-7c3a-9f2b-4d6e8a0b1c2d"
 */
export function uuidv7(
  now = Date.now(),
  randomBytes: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes),
): string {
  const bytes = randomBytes(new Uint8Array(16));
  // Big-endian milliseconds; division, not bit shifts, since they exceed 32 bits.
  for (let index = 5, time = now; index >= 0; index--, time = Math.floor(time / 256)) bytes[index] = time % 256;
  bytes[6] = (bytes[6]! & 0x0f) | 0x70; // version 7
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 9562 variant
  // +256 then slice(1) pads each byte to two hex digits without padStart per byte.
  const hex = Array.from(bytes, (byte) => (byte + 256).toString(16).slice(1)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
