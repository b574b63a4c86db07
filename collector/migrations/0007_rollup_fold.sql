-- 0007_rollup_fold: rollups updated once per transaction and cell, not once per answer.
-- The insert triggers are gone: the stores fold a transaction's new answers into the rollups at its end,
-- in the same transaction (collector/src/store/rollup-sql.ts): the answers after the last seq seen before
-- the inserts are summed by cell and added in one upsert per cell. SQLite binds that seq; a D1 batch notes
-- it in rollup_cursor first. A retried answer (ON CONFLICT DO NOTHING) gets no new seq, so it is never
-- counted twice.
-- Erasure still goes through the delete triggers. Rows inserted by hand bypass the rollups:
-- `touchpoint-collector rollups rebuild` recomputes them.

CREATE TABLE rollup_cursor (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL                       -- the last answer already in the rollups
);

INSERT INTO rollup_cursor (id, seq) SELECT 1, COALESCE(MAX(seq), 0) FROM responses;

DROP TRIGGER responses_rollup_hourly_insert;
DROP TRIGGER responses_rollup_daily_insert;
DROP TRIGGER responses_rollup_hourly_sentiment_insert;
DROP TRIGGER responses_rollup_daily_sentiment_insert;
