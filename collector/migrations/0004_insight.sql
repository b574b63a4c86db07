-- 0004_insight: what each comment says — its sentiment, key terms, and whether it contradicts the score.
-- Sentiment joins the rollups as the pseudo-metric 'sentiment' (s0 negative, s1 neutral, s2 positive),
-- so sentiment per touchpoint over time is as fast as NPS.

ALTER TABLE responses ADD COLUMN sentiment_label TEXT;            -- negative | neutral | positive; NULL without a comment
ALTER TABLE responses ADD COLUMN sentiment_score REAL;            -- -1…1
ALTER TABLE responses ADD COLUMN terms TEXT;                      -- JSON array of key terms
ALTER TABLE responses ADD COLUMN follow_up INTEGER NOT NULL DEFAULT 0; -- a 9 with an angry comment, or the reverse

CREATE TRIGGER responses_rollup_daily_sentiment_insert AFTER INSERT ON responses
WHEN NEW.sentiment_label IS NOT NULL
BEGIN
  INSERT INTO rollup_daily (site_id, metric, day, touchpoint, n, s0, s1, s2)
  VALUES (NEW.site_id, 'sentiment', NEW.created_at / 86400000, NEW.touchpoint, 1, NEW.sentiment_label = 'negative', NEW.sentiment_label = 'neutral', NEW.sentiment_label = 'positive')
  ON CONFLICT (site_id, metric, day, touchpoint) DO UPDATE SET n = n + 1,
    s0 = s0 + excluded.s0, s1 = s1 + excluded.s1, s2 = s2 + excluded.s2;
END;

CREATE TRIGGER responses_rollup_hourly_sentiment_insert AFTER INSERT ON responses
WHEN NEW.sentiment_label IS NOT NULL
BEGIN
  INSERT INTO rollup_hourly (site_id, metric, hour, touchpoint, n, s0, s1, s2)
  VALUES (NEW.site_id, 'sentiment', NEW.created_at / 3600000, NEW.touchpoint, 1, NEW.sentiment_label = 'negative', NEW.sentiment_label = 'neutral', NEW.sentiment_label = 'positive')
  ON CONFLICT (site_id, metric, hour, touchpoint) DO UPDATE SET n = n + 1,
    s0 = s0 + excluded.s0, s1 = s1 + excluded.s1, s2 = s2 + excluded.s2;
END;

CREATE TRIGGER responses_rollup_daily_sentiment_delete AFTER DELETE ON responses
WHEN OLD.sentiment_label IS NOT NULL
BEGIN
  UPDATE rollup_daily SET n = n - 1, s0 = s0 - (OLD.sentiment_label = 'negative'),
    s1 = s1 - (OLD.sentiment_label = 'neutral'), s2 = s2 - (OLD.sentiment_label = 'positive')
  WHERE site_id = OLD.site_id AND metric = 'sentiment' AND day = OLD.created_at / 86400000 AND touchpoint = OLD.touchpoint;
END;

CREATE TRIGGER responses_rollup_hourly_sentiment_delete AFTER DELETE ON responses
WHEN OLD.sentiment_label IS NOT NULL
BEGIN
  UPDATE rollup_hourly SET n = n - 1, s0 = s0 - (OLD.sentiment_label = 'negative'),
    s1 = s1 - (OLD.sentiment_label = 'neutral'), s2 = s2 - (OLD.sentiment_label = 'positive')
  WHERE site_id = OLD.site_id AND metric = 'sentiment' AND hour = OLD.created_at / 3600000 AND touchpoint = OLD.touchpoint;
END;

-- A score that contradicts its comment is a close-the-loop case too.
CREATE TRIGGER responses_webhook_follow_up AFTER INSERT ON responses
WHEN NEW.follow_up = 1
  AND NOT ((NEW.metric = 'nps' AND NEW.score <= 6) OR (NEW.metric = 'csat' AND NEW.score <= 2) OR (NEW.metric = 'ces' AND NEW.score <= 3))
BEGIN
  INSERT INTO webhook_deliveries (id, endpoint_id, site_id, event, response_seq, next_attempt_at, created_at)
  SELECT 'msg_' || lower(hex(randomblob(12))), e.id, NEW.site_id, 'response.detractor', NEW.seq, NEW.received_at, NEW.received_at
  FROM webhook_endpoints e
  WHERE e.site_id = NEW.site_id AND e.disabled_at IS NULL
    AND EXISTS (SELECT 1 FROM json_each(e.events) WHERE value = 'response.detractor');
END;
