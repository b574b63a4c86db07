// The writer thread started by threadResponseWriter; bundled on its own as dist/sqlite-writer.js.
import { workerData } from 'node:worker_threads';
import { serveThreadCalls } from '../thread-calls.ts';
import { commitBatches } from './group-commit.ts';
import { openDurableConnection, responseInserter } from './sqlite-connection.ts';
import type { WriterThreadData } from './sqlite-writer.ts';
import type { InsertOutcome } from './types.ts';

const { path, autoCheckpoint } = workerData as WriterThreadData;
const db = openDurableConnection(path);
if (!autoCheckpoint) db.pragma('wal_autocheckpoint = 0');
const insert = responseInserter(db);

// Every submission that arrived since the last commit goes into one transaction.
serveThreadCalls<unknown[][], InsertOutcome[]>(
  (submissions) => commitBatches(insert, submissions),
  () => db.close(),
);
