// The thread started by startWalCheckpointer; bundled on its own as dist/sqlite-checkpointer.js.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { CheckpointerThreadData } from './wal-checkpointer.ts';

const { path, intervalMs } = workerData as CheckpointerThreadData;
const db = new Database(path);
db.pragma('busy_timeout = 5000');
// Set, not left to the build's default: a checkpoint must fsync the WAL before copying it and the
// database after, because the answers' connection restarts the WAL over frames checkpointed here.
db.pragma('synchronous = FULL');

// PASSIVE never waits for writers or readers: it copies what it can and leaves the rest for the next round.
const checkpoint = () => db.pragma('wal_checkpoint(PASSIVE)');
const timer = setInterval(checkpoint, intervalMs);

parentPort!.on('message', (message: 'close') => {
  if (message !== 'close') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort!.close();
});
