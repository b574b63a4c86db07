-- 0006_rollup_watermark: one rollup upsert per answer instead of two.
-- Every answer still updates rollup_hourly in its own transaction. rollup_daily now holds only the UTC days
-- before the watermark: `compactRollups` folds whole days of hourly cells into it and moves the watermark
-- in one transaction (the Node server at start and every hour, the Worker from its cron). Queries read
-- rollup_daily before the watermark and rollup_hourly from it on. An answer for a day already folded (an
-- offline replay, a backfill) updates both tables, so every day is counted exactly once.

CREATE TABLE rollup_watermark (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  day INTEGER NOT NULL                       -- UTC day number; rollup_daily is complete for the days before it
);

-- rollup_daily is complete for every day so far: folded through the last day it holds.
INSERT INTO rollup_watermark (id, day) SELECT 1, COALESCE(MAX(day) + 1, 0) FROM rollup_daily;

DROP TRIGGER responses_rollup_daily_insert;
DROP TRIGGER responses_rollup_daily_delete;
DROP TRIGGER responses_rollup_daily_sentiment_insert;
DROP TRIGGER responses_rollup_daily_sentiment_delete;

CREATE TRIGGER responses_rollup_daily_insert AFTER INSERT ON responses
WHEN NEW.created_at / 86400000 < (SELECT day FROM rollup_watermark)
BEGIN
  INSERT INTO rollup_daily (site_id, metric, day, touchpoint, n, s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10)
  VALUES (NEW.site_id, NEW.metric, NEW.created_at / 86400000, NEW.touchpoint, 1, NEW.score = 0, NEW.score = 1, NEW.score = 2, NEW.score = 3, NEW.score = 4, NEW.score = 5, NEW.score = 6, NEW.score = 7, NEW.score = 8, NEW.score = 9, NEW.score = 10)
  ON CONFLICT (site_id, metric, day, touchpoint) DO UPDATE SET n = n + 1,
    s0 = s0 + excluded.s0, s1 = s1 + excluded.s1, s2 = s2 + excluded.s2, s3 = s3 + excluded.s3, s4 = s4 + excluded.s4, s5 = s5 + excluded.s5, s6 = s6 + excluded.s6, s7 = s7 + excluded.s7, s8 = s8 + excluded.s8, s9 = s9 + excluded.s9, s10 = s10 + excluded.s10;
END;

CREATE TRIGGER responses_rollup_daily_delete AFTER DELETE ON responses
WHEN OLD.created_at / 86400000 < (SELECT day FROM rollup_watermark)
BEGIN
  UPDATE rollup_daily SET n = n - 1,
    s0 = s0 - (OLD.score = 0), s1 = s1 - (OLD.score = 1), s2 = s2 - (OLD.score = 2), s3 = s3 - (OLD.score = 3), s4 = s4 - (OLD.score = 4), s5 = s5 - (OLD.score = 5), s6 = s6 - (OLD.score = 6), s7 = s7 - (OLD.score = 7), s8 = s8 - (OLD.score = 8), s9 = s9 - (OLD.score = 9), s10 = s10 - (OLD.score = 10)
  WHERE site_id = OLD.site_id AND metric = OLD.metric AND day = OLD.created_at / 86400000 AND touchpoint = OLD.touchpoint;
END;

CREATE TRIGGER responses_rollup_daily_sentiment_insert AFTER INSERT ON responses
WHEN NEW.sentiment_label IS NOT NULL AND NEW.created_at / 86400000 < (SELECT day FROM rollup_watermark)
BEGIN
  INSERT INTO rollup_daily (site_id, metric, day, touchpoint, n, s0, s1, s2)
  VALUES (NEW.site_id, 'sentiment', NEW.created_at / 86400000, NEW.touchpoint, 1, NEW.sentiment_label = 'negative', NEW.sentiment_label = 'neutral', NEW.sentiment_label = 'positive')
  ON CONFLICT (site_id, metric, day, touchpoint) DO UPDATE SET n = n + 1,
    s0 = s0 + excluded.s0, s1 = s1 + excluded.s1, s2 = s2 + excluded.s2;
END;

CREATE TRIGGER responses_rollup_daily_sentiment_delete AFTER DELETE ON responses
WHEN OLD.sentiment_label IS NOT NULL AND OLD.created_at / 86400000 < (SELECT day FROM rollup_watermark)
BEGIN
  UPDATE rollup_daily SET n = n - 1, s0 = s0 - (OLD.sentiment_label = 'negative'),
    s1 = s1 - (OLD.sentiment_label = 'neutral'), s2 = s2 - (OLD.sentiment_label = 'positive')
  WHERE site_id = OLD.site_id AND metric = 'sentiment' AND day = OLD.created_at / 86400000 AND touchpoint = OLD.touchpoint;
END;
