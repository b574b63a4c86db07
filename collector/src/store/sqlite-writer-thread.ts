// The writer thread started by threadResponseWriter; bundled on its own as dist/sqlite-writer.js.
import { workerData } from 'node:worker_threads';
import { serveThreadCalls } from '../thread-calls.ts';
import { commitBatches } from './group-commit.ts';
import { openDurableConnection, responseInserter } from './sqlite-connection.ts';
import type { WriterThreadData } from './sqlite-writer.ts';
import type { InsertOutcome } from './types.ts';

const db = openDurableConnection((workerData as WriterThreadData).path);
// Checkpoints run on the checkpointer thread (wal-checkpointer.ts), never inside a commit here.
db.pragma('wal_autocheckpoint = 0');
const insert = responseInserter(db);

// Every submission that arrived since the last commit goes into one transaction.
serveThreadCalls<unknown[][], InsertOutcome[]>(
  (submissions) => commitBatches(insert, submissions),
  () => db.close(),
);
