import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { openSqliteStore } from './sqlite.ts';
import { responseRecord } from '../../../test/support/response-record.ts';
import type { ResponseRecord } from './types.ts';

const migrationsDirectory = fileURLToPath(new URL('../../migrations/', import.meta.url));

function answer(id: string, contactId: string, comment: string): ResponseRecord {
  return responseRecord({
    id,
    contactId,
    comment,
    score: 3,
    createdAt: Date.UTC(2026, 10, 23),
    receivedAt: Date.UTC(2026, 10, 23),
  });
}

it("leaves no trace of an erased contact's comments in the database file", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'touchpoint-erasure-'));
  try {
    const path = join(dir, 'touchpoint.db');
    const store = openSqliteStore({ path, migrationsDirectory });
    store.db.prepare("INSERT INTO sites VALUES ('site-a', 'A', '[]', 'pk_a', 'hash_a', 'secret', 0)").run();
    await store.insertResponses([
      answer('0b6b2f4e-0000-4c4e-9d43-000000000001', 'crm-erased', 'Marguerite Quibbleford hated the parcel'),
      answer('0b6b2f4e-0000-4c4e-9d43-000000000002', 'crm-kept', 'Bartholomew Zanzibar loved the parcel'),
    ]);
    expect(await store.deleteContact('site-a', 'crm-erased')).toBe(1);
    // Closing checkpoints the WAL into the file and removes it: what remains is the file alone.
    await store.close();
    const bytes = readFileSync(path).toString('latin1');
    expect(bytes).toContain('Bartholomew Zanzibar');
    // Freed space is zeroed (secure_delete), not left for anyone who reads the file.
    expect(bytes).not.toContain('Marguerite Quibbleford');
    expect(bytes).not.toContain('crm-erased');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
