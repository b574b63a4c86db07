-- 0003_webhooks: CRM webhook endpoints and a durable outbox of deliveries.
-- Triggers enqueue events in the same transaction as the answer that causes them, so an
-- acknowledged answer's events cannot be lost; the dispatcher renders each payload once,
-- on its first attempt, and keeps it, so every retry sends the same bytes with the same webhook-id.

CREATE TABLE webhook_endpoints (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites (id),
  url TEXT NOT NULL,
  description TEXT,
  events TEXT NOT NULL,                        -- JSON array of event types
  secret TEXT NOT NULL,                        -- whsec_…; kept to sign
  previous_secret TEXT,                        -- still signs until previous_secret_expires_at (rotation overlap)
  previous_secret_expires_at INTEGER,
  digest TEXT,                                 -- 'hour' | 'day' | NULL: aggregates.digest schedule
  next_digest_at INTEGER,
  disabled_at INTEGER,                         -- set by the API or after sustained failure
  disabled_reason TEXT,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  failing_since INTEGER,
  created_at INTEGER NOT NULL
);

CREATE INDEX webhook_endpoints_by_site ON webhook_endpoints (site_id);

CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,                         -- msg_…: the webhook-id header, the same on every retry
  endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  site_id TEXT NOT NULL,
  event TEXT NOT NULL,
  response_seq INTEGER,                        -- the answer that caused it (NULL for digests)
  payload TEXT,                                -- the JSON body, rendered on the first attempt
  status TEXT NOT NULL DEFAULT 'pending',      -- pending | delivered | failed
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  locked_until INTEGER,                        -- a dispatcher's lease while it sends
  last_attempt_at INTEGER,
  last_status_code INTEGER,
  last_error TEXT,
  last_latency_ms INTEGER,
  created_at INTEGER NOT NULL
);

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, created_at);

CREATE TABLE webhook_attempts (
  delivery_id TEXT NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempt INTEGER NOT NULL,
  at INTEGER NOT NULL,
  status_code INTEGER,
  error TEXT,
  latency_ms INTEGER,
  PRIMARY KEY (delivery_id, attempt)
) WITHOUT ROWID;

CREATE TRIGGER responses_webhook_created AFTER INSERT ON responses
BEGIN
  INSERT INTO webhook_deliveries (id, endpoint_id, site_id, event, response_seq, next_attempt_at, created_at)
  SELECT 'msg_' || lower(hex(randomblob(12))), e.id, NEW.site_id, 'response.created', NEW.seq, NEW.received_at, NEW.received_at
  FROM webhook_endpoints e
  WHERE e.site_id = NEW.site_id AND e.disabled_at IS NULL
    AND EXISTS (SELECT 1 FROM json_each(e.events) WHERE value = 'response.created');
END;

-- Only a verified answer changes a contact's summary.
CREATE TRIGGER responses_webhook_contact AFTER INSERT ON responses
WHEN NEW.verified = 1 AND NEW.contact_id IS NOT NULL
BEGIN
  INSERT INTO webhook_deliveries (id, endpoint_id, site_id, event, response_seq, next_attempt_at, created_at)
  SELECT 'msg_' || lower(hex(randomblob(12))), e.id, NEW.site_id, 'contact.updated', NEW.seq, NEW.received_at, NEW.received_at
  FROM webhook_endpoints e
  WHERE e.site_id = NEW.site_id AND e.disabled_at IS NULL
    AND EXISTS (SELECT 1 FROM json_each(e.events) WHERE value = 'contact.updated');
END;

-- Close-the-loop alerts: NPS 0–6, CSAT 1–2, CES 1–3.
CREATE TRIGGER responses_webhook_detractor AFTER INSERT ON responses
WHEN (NEW.metric = 'nps' AND NEW.score <= 6) OR (NEW.metric = 'csat' AND NEW.score <= 2) OR (NEW.metric = 'ces' AND NEW.score <= 3)
BEGIN
  INSERT INTO webhook_deliveries (id, endpoint_id, site_id, event, response_seq, next_attempt_at, created_at)
  SELECT 'msg_' || lower(hex(randomblob(12))), e.id, NEW.site_id, 'response.detractor', NEW.seq, NEW.received_at, NEW.received_at
  FROM webhook_endpoints e
  WHERE e.site_id = NEW.site_id AND e.disabled_at IS NULL
    AND EXISTS (SELECT 1 FROM json_each(e.events) WHERE value = 'response.detractor');
END;

-- Erasing an answer erases the events about it too, delivered or not: their payloads hold its data.
CREATE TRIGGER responses_webhook_erase AFTER DELETE ON responses
BEGIN
  DELETE FROM webhook_deliveries WHERE response_seq = OLD.seq AND site_id = OLD.site_id;
END;
