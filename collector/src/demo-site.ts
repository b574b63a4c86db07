import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import type { CreatedSite } from '@touchpoint/core';
import { demoRoutes } from '@touchpoint/demo';
import { systemClock, type AppEnv } from './http/context.ts';
import { createSite } from './sites.ts';
import { progressReporter } from './progress.ts';
import { compactRollups } from './rollup-compaction.ts';
import { generateResponses } from './seed/generate.ts';
import type { MetricName } from '@touchpoint/core';
import type { Store } from './store/types.ts';

const DEMO_PUBLIC = fileURLToPath(new URL('../../demo/public/', import.meta.url));

/**
 * The demo site's credentials live in a file beside the database, so that
 * every start can print the secret key (the database keeps only its hash).
 */
export async function ensureDemoSite(store: Store, dbPath: string, log: (line: string) => void): Promise<CreatedSite> {
  const credentialsPath = join(dirname(dbPath), 'demo-site.json');
  if (existsSync(credentialsPath)) {
    const saved = JSON.parse(readFileSync(credentialsPath, 'utf8')) as CreatedSite;
    if (await store.siteByWriteKey(saved.writeKey)) return saved;
    log(`demo: ${credentialsPath} names a site this database lacks; creating a new demo site`);
  }
  const site = await createSite(store, systemClock, { name: 'Greenleaf Goods (demo)', origins: [] });
  mkdirSync(dirname(credentialsPath), { recursive: true });
  writeFileSync(credentialsPath, JSON.stringify(site, null, 2) + '\n', { mode: 0o600 });
  log(`demo: created the demo site; its keys are saved in ${credentialsPath}`);
  await seedDemoYear(store, site.id, log);
  return site;
}

/** The demo shop's touchpoints and what each asks. */
const DEMO_TOUCHPOINTS: Record<string, MetricName> = {
  'product-page': 'csat',
  checkout: 'nps',
  'order-confirmation': 'csat',
  'help-centre': 'ces',
  'support-chat': 'csat',
};

/** A realistic past year for a few hundred CRM contacts, so the dashboard has something to show at once. */
async function seedDemoYear(store: Store, siteId: string, log: (line: string) => void): Promise<void> {
  const responses = 12_000;
  const report = progressReporter('demo: seeding a year of answers');
  let done = 0;
  const touchpoints = Object.keys(DEMO_TOUCHPOINTS);
  for (const batch of generateResponses({
    siteId,
    responses,
    touchpoints,
    days: 365,
    // A minute ago at the latest: the shop's live answers come after.
    end: Date.now() - 60_000,
    contacts: 300,
    seed: 42,
    metricOf: (touchpoint) => DEMO_TOUCHPOINTS[touchpoint]!,
  })) {
    await store.insertResponses(batch);
    done += batch.length;
    report(done, responses);
  }
  log(`demo: seeded ${responses.toLocaleString('en')} answers from 300 CRM contacts over the past year`);
  await compactRollups(store, Date.now(), log);
}

export async function mountDemo(app: Hono<AppEnv>, store: Store, dbPath: string, log: (line: string) => void) {
  const site = await ensureDemoSite(store, dbPath, log);
  app.route(
    '/',
    demoRoutes({ writeKey: site.writeKey, identitySecret: site.identitySecret, publicDirectory: DEMO_PUBLIC }),
  );
  return site;
}
