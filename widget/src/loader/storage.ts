// localStorage throws in some private modes, sandboxed iframes and when full;
// the widget then keeps its state in memory for the life of the page.
const memory = new Map<string, string>();

export function load<T>(key: string, fallback: T): T {
  let raw = memory.get(key);
  if (raw === undefined) {
    try {
      raw = localStorage.getItem(key) ?? undefined;
    } catch {
      // Unavailable: nothing stored beyond this page.
    }
  }
  try {
    return raw === undefined ? fallback : (JSON.parse(raw) as T);
  } catch {
    return fallback;
  }
}

export function save(key: string, value: unknown): void {
  const raw = JSON.stringify(value);
  try {
    localStorage.setItem(key, raw);
    // Once a write succeeds, localStorage is the truth again (other tabs share it).
    memory.delete(key);
  } catch {
    memory.set(key, raw);
  }
}
