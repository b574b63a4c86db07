import { validationError } from '../http/errors.ts';

/**
 * Export cursors, sealed (AES-GCM) under a key derived from the site's identity secret.
 * A cursor marks a position in `responses.seq`, which counts the answers of every site
 * on the collector: readable, it would tell one tenant how busy the others are. Sealed,
 * it reads as noise, and a cursor of another site (or an altered one) does not open.
 * Rotating the identity secret ends the cursors handed out before.
 */
const LABEL = new TextEncoder().encode('touchpoint export cursor v1');
const IV_BYTES = 12;

const keys = new Map<string, Promise<CryptoKey>>();

function cursorKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = (async () => {
      const hmac = await crypto.subtle.importKey(
        'raw',
        new TextEncoder().encode(secret),
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['sign'],
      );
      const material = await crypto.subtle.sign('HMAC', hmac, LABEL);
      return crypto.subtle.importKey('raw', material, 'AES-GCM', false, ['encrypt', 'decrypt']);
    })();
    // A handful of sites page through exports at a time; a rotated secret's key must not linger.
    if (keys.size >= 100) keys.clear();
    keys.set(secret, key);
  }
  return key;
}

const toBase64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/=+$/, '')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  try {
    return Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
}

/** The cursor of the position after the row `seq`, for the site whose identity secret is `secret`. */
export async function sealCursor(secret: string, seq: number): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const plain = new DataView(new ArrayBuffer(8));
  plain.setBigUint64(0, BigInt(seq));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await cursorKey(secret), plain));
  const cursor = new Uint8Array(IV_BYTES + sealed.length);
  cursor.set(iv);
  cursor.set(sealed, IV_BYTES);
  return toBase64Url(cursor);
}

/** The row `seq` a cursor of this site points after; a 400 naming `cursor` for anything else. */
export async function openCursor(secret: string, cursor: string): Promise<number> {
  const bytes = fromBase64Url(cursor);
  if (bytes && bytes.length > IV_BYTES) {
    try {
      const plain = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: bytes.subarray(0, IV_BYTES) },
        await cursorKey(secret),
        bytes.subarray(IV_BYTES),
      );
      if (plain.byteLength === 8) return Number(new DataView(plain).getBigUint64(0));
    } catch {
      // Another site's, altered, or from before a rotation: reported below.
    }
  }
  throw validationError('query', [{ path: 'cursor', message: 'is not a cursor this API returned for this site' }]);
}
