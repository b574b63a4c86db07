// The collector's own write path, bundled by aggregates.bench.js so that the rollup cost it
// reports is that of exactly what the store runs.
export { openDurableConnection, responseInserter } from '../../collector/src/store/sqlite-connection.ts';
export { applyMigrations } from '../../collector/src/store/sqlite-migrations.ts';
export { INSERT_RESPONSE_SQL, insertResponseParams } from '../../collector/src/store/sql.ts';
