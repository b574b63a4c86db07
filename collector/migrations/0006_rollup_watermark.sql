-- 0006_rollup_watermark: rollups updated once per transaction and cell, and whole days folded.
-- The insert triggers are gone: the stores fold a transaction's new answers into rollup_hourly (and into
-- rollup_daily for days before the watermark) at its end, in the same transaction
-- (collector/src/store/rollup-sql.ts): the answers after the last seq seen before the inserts are summed by
-- cell and added in one upsert per cell. SQLite binds that seq; a D1 batch notes it in rollup_cursor first.
-- A retried answer (ON CONFLICT DO NOTHING) gets no new seq, so it is never counted twice. Rows inserted by
-- hand bypass the rollups: `touchpoint-collector rollups rebuild` recomputes them.
-- rollup_daily holds only the UTC days before the watermark: `compactRollups` folds whole days of hourly
-- cells into it and moves the watermark in one transaction (the Node server at start and every hour, the
-- Worker from its cron). Queries read rollup_daily before the watermark and rollup_hourly from it on.
-- Erasure still goes through the delete triggers; the daily ones touch only days already folded.

CREATE TABLE rollup_watermark (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  day INTEGER NOT NULL                       -- UTC day number; rollup_daily is complete for the days before it
);

-- rollup_daily is complete for every day so far: folded through the last day it holds.
INSERT INTO rollup_watermark (id, day) SELECT 1, COALESCE(MAX(day) + 1, 0) FROM rollup_daily;

CREATE TABLE rollup_cursor (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL                       -- the last answer already in the rollups (D1 batches)
);

INSERT INTO rollup_cursor (id, seq) SELECT 1, COALESCE(MAX(seq), 0) FROM responses;

DROP TRIGGER responses_rollup_hourly_insert;
DROP TRIGGER responses_rollup_daily_insert;
DROP TRIGGER responses_rollup_hourly_sentiment_insert;
DROP TRIGGER responses_rollup_daily_sentiment_insert;
DROP TRIGGER responses_rollup_daily_delete;
DROP TRIGGER responses_rollup_daily_sentiment_delete;

CREATE TRIGGER responses_rollup_daily_delete AFTER DELETE ON responses
WHEN OLD.created_at / 86400000 < (SELECT day FROM rollup_watermark)
BEGIN
  UPDATE rollup_daily SET n = n - 1,
    s0 = s0 - (OLD.score = 0), s1 = s1 - (OLD.score = 1), s2 = s2 - (OLD.score = 2), s3 = s3 - (OLD.score = 3), s4 = s4 - (OLD.score = 4), s5 = s5 - (OLD.score = 5), s6 = s6 - (OLD.score = 6), s7 = s7 - (OLD.score = 7), s8 = s8 - (OLD.score = 8), s9 = s9 - (OLD.score = 9), s10 = s10 - (OLD.score = 10)
  WHERE site_id = OLD.site_id AND metric = OLD.metric AND day = OLD.created_at / 86400000 AND touchpoint = OLD.touchpoint;
END;

CREATE TRIGGER responses_rollup_daily_sentiment_delete AFTER DELETE ON responses
WHEN OLD.sentiment_label IS NOT NULL AND OLD.created_at / 86400000 < (SELECT day FROM rollup_watermark)
BEGIN
  UPDATE rollup_daily SET n = n - 1, s0 = s0 - (OLD.sentiment_label = 'negative'),
    s1 = s1 - (OLD.sentiment_label = 'neutral'), s2 = s2 - (OLD.sentiment_label = 'positive')
  WHERE site_id = OLD.site_id AND metric = 'sentiment' AND day = OLD.created_at / 86400000 AND touchpoint = OLD.touchpoint;
END;
