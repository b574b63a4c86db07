-- 0002_rollups: score histograms per (site, metric, UTC day or hour, touchpoint), one row per cell
-- with the count of each score in s0…s10, so aggregates read a few thousand rows, not millions.
-- Triggers keep them exact in the same transaction as every insert and delete (contact erasure
-- included), on better-sqlite3 and D1 alike. `touchpoint-collector rollups rebuild` recomputes them.
-- created_at is never negative (answers before 2000 are refused), so integer division floors.

CREATE TABLE rollup_daily (
  site_id TEXT NOT NULL,
  metric TEXT NOT NULL,
  day INTEGER NOT NULL,                     -- created_at / 86400000: days since 1970-01-01 UTC
  touchpoint TEXT NOT NULL,
  n INTEGER NOT NULL DEFAULT 0,
  s0 INTEGER NOT NULL DEFAULT 0,
  s1 INTEGER NOT NULL DEFAULT 0,
  s2 INTEGER NOT NULL DEFAULT 0,
  s3 INTEGER NOT NULL DEFAULT 0,
  s4 INTEGER NOT NULL DEFAULT 0,
  s5 INTEGER NOT NULL DEFAULT 0,
  s6 INTEGER NOT NULL DEFAULT 0,
  s7 INTEGER NOT NULL DEFAULT 0,
  s8 INTEGER NOT NULL DEFAULT 0,
  s9 INTEGER NOT NULL DEFAULT 0,
  s10 INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (site_id, metric, day, touchpoint)
) WITHOUT ROWID;

CREATE TABLE rollup_hourly (
  site_id TEXT NOT NULL,
  metric TEXT NOT NULL,
  hour INTEGER NOT NULL,                     -- created_at / 3600000: hours since 1970-01-01 UTC
  touchpoint TEXT NOT NULL,
  n INTEGER NOT NULL DEFAULT 0,
  s0 INTEGER NOT NULL DEFAULT 0,
  s1 INTEGER NOT NULL DEFAULT 0,
  s2 INTEGER NOT NULL DEFAULT 0,
  s3 INTEGER NOT NULL DEFAULT 0,
  s4 INTEGER NOT NULL DEFAULT 0,
  s5 INTEGER NOT NULL DEFAULT 0,
  s6 INTEGER NOT NULL DEFAULT 0,
  s7 INTEGER NOT NULL DEFAULT 0,
  s8 INTEGER NOT NULL DEFAULT 0,
  s9 INTEGER NOT NULL DEFAULT 0,
  s10 INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (site_id, metric, hour, touchpoint)
) WITHOUT ROWID;

CREATE TRIGGER responses_rollup_daily_insert AFTER INSERT ON responses
BEGIN
  INSERT INTO rollup_daily (site_id, metric, day, touchpoint, n, s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10)
  VALUES (NEW.site_id, NEW.metric, NEW.created_at / 86400000, NEW.touchpoint, 1, NEW.score = 0, NEW.score = 1, NEW.score = 2, NEW.score = 3, NEW.score = 4, NEW.score = 5, NEW.score = 6, NEW.score = 7, NEW.score = 8, NEW.score = 9, NEW.score = 10)
  ON CONFLICT (site_id, metric, day, touchpoint) DO UPDATE SET n = n + 1,
    s0 = s0 + excluded.s0, s1 = s1 + excluded.s1, s2 = s2 + excluded.s2, s3 = s3 + excluded.s3, s4 = s4 + excluded.s4, s5 = s5 + excluded.s5, s6 = s6 + excluded.s6, s7 = s7 + excluded.s7, s8 = s8 + excluded.s8, s9 = s9 + excluded.s9, s10 = s10 + excluded.s10;
END;

CREATE TRIGGER responses_rollup_hourly_insert AFTER INSERT ON responses
BEGIN
  INSERT INTO rollup_hourly (site_id, metric, hour, touchpoint, n, s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10)
  VALUES (NEW.site_id, NEW.metric, NEW.created_at / 3600000, NEW.touchpoint, 1, NEW.score = 0, NEW.score = 1, NEW.score = 2, NEW.score = 3, NEW.score = 4, NEW.score = 5, NEW.score = 6, NEW.score = 7, NEW.score = 8, NEW.score = 9, NEW.score = 10)
  ON CONFLICT (site_id, metric, hour, touchpoint) DO UPDATE SET n = n + 1,
    s0 = s0 + excluded.s0, s1 = s1 + excluded.s1, s2 = s2 + excluded.s2, s3 = s3 + excluded.s3, s4 = s4 + excluded.s4, s5 = s5 + excluded.s5, s6 = s6 + excluded.s6, s7 = s7 + excluded.s7, s8 = s8 + excluded.s8, s9 = s9 + excluded.s9, s10 = s10 + excluded.s10;
END;

CREATE TRIGGER responses_rollup_daily_delete AFTER DELETE ON responses
BEGIN
  UPDATE rollup_daily SET n = n - 1,
    s0 = s0 - (OLD.score = 0), s1 = s1 - (OLD.score = 1), s2 = s2 - (OLD.score = 2), s3 = s3 - (OLD.score = 3), s4 = s4 - (OLD.score = 4), s5 = s5 - (OLD.score = 5), s6 = s6 - (OLD.score = 6), s7 = s7 - (OLD.score = 7), s8 = s8 - (OLD.score = 8), s9 = s9 - (OLD.score = 9), s10 = s10 - (OLD.score = 10)
  WHERE site_id = OLD.site_id AND metric = OLD.metric AND day = OLD.created_at / 86400000 AND touchpoint = OLD.touchpoint;
END;

CREATE TRIGGER responses_rollup_hourly_delete AFTER DELETE ON responses
BEGIN
  UPDATE rollup_hourly SET n = n - 1,
    s0 = s0 - (OLD.score = 0), s1 = s1 - (OLD.score = 1), s2 = s2 - (OLD.score = 2), s3 = s3 - (OLD.score = 3), s4 = s4 - (OLD.score = 4), s5 = s5 - (OLD.score = 5), s6 = s6 - (OLD.score = 6), s7 = s7 - (OLD.score = 7), s8 = s8 - (OLD.score = 8), s9 = s9 - (OLD.score = 9), s10 = s10 - (OLD.score = 10)
  WHERE site_id = OLD.site_id AND metric = OLD.metric AND hour = OLD.created_at / 3600000 AND touchpoint = OLD.touchpoint;
END;

-- Databases created before this migration: fill the rollups from the rows already there.
INSERT INTO rollup_daily (site_id, metric, day, touchpoint, n, s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10)
SELECT site_id, metric, created_at / 86400000, touchpoint, COUNT(*), SUM(score = 0), SUM(score = 1), SUM(score = 2), SUM(score = 3), SUM(score = 4), SUM(score = 5), SUM(score = 6), SUM(score = 7), SUM(score = 8), SUM(score = 9), SUM(score = 10)
FROM responses GROUP BY 1, 2, 3, 4;

INSERT INTO rollup_hourly (site_id, metric, hour, touchpoint, n, s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10)
SELECT site_id, metric, created_at / 3600000, touchpoint, COUNT(*), SUM(score = 0), SUM(score = 1), SUM(score = 2), SUM(score = 3), SUM(score = 4), SUM(score = 5), SUM(score = 6), SUM(score = 7), SUM(score = 8), SUM(score = 9), SUM(score = 10)
FROM responses GROUP BY 1, 2, 3, 4;
