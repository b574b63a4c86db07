/** Tells the site owner about a misuse; kept in production because it is their only signal. */
export function warn(message: string): void {
  console.warn(`[touchpoint] ${message}`);
}
