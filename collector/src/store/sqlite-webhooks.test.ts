import { fileURLToPath } from 'node:url';
import { it } from 'vitest';
import { checkConditionalSecretUpdate, checkDigestQueuedOnce } from '../../../test/support/webhook-store-contract.ts';
import { openSqliteStore } from './sqlite.ts';

const migrationsDirectory = fileURLToPath(new URL('../../migrations/', import.meta.url));

it('applies a secret rotation only while the endpoint signs with the secret it read, and queues a digest once', async () => {
  const store = openSqliteStore({ path: ':memory:', migrationsDirectory });
  try {
    store.db
      .prepare('INSERT INTO sites VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run('site-a', 'A', '[]', 'pk_a', 'hash_a', 's', 0);
    await checkConditionalSecretUpdate(store, 'site-a');
    await checkDigestQueuedOnce(store, 'site-a');
  } finally {
    await store.close();
  }
});
