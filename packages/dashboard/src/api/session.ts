/**
 * The secret key lives in sessionStorage: it survives a reload but not closing
 * the tab, and is never written to a URL, a cookie or localStorage.
 */
const STORAGE_KEY = 'touchpoint.dashboard.secretKey';

export function loadKey(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // Storage blocked: the key lives in memory only and a reload asks again.
  }
}

export function saveKey(secretKey: string): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, secretKey);
  } catch {
    // As above: without storage the session simply ends with the page.
  }
}

export function forgetKey(): void {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing was stored.
  }
}
