import type { Clock } from './context.ts';
import type { SiteRecord, Store } from '../store/types.ts';

/**
 * Sites by write key, remembered for a few seconds: every answer looks its
 * site up, and a site changes rarely. This process forgets a site at once
 * when it changes it; other processes (Workers isolates) within `ttlMs`.
 */
export class SiteCache {
  private readonly entries = new Map<string, { site: SiteRecord | null; until: number }>();

  /**
   * @param ttlMs how long an entry holds (default 10 s)
   * @param maxEntries entries kept before the cache starts over (default 10 000)
   */
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ttlMs = 10_000,
    private readonly maxEntries = 10_000,
  ) {}

  async byWriteKey(writeKey: string): Promise<SiteRecord | null> {
    const now = this.clock.now();
    const cached = this.entries.get(writeKey);
    if (cached && cached.until > now) return cached.site;
    const site = await this.store.siteByWriteKey(writeKey);
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    // Unknown keys are remembered too, so a flood of bad keys costs no queries.
    this.entries.set(writeKey, { site, until: now + this.ttlMs });
    return site;
  }

  forget(site: SiteRecord): void {
    this.entries.delete(site.writeKey);
  }
}
