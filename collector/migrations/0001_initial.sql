-- 0001_initial: sites and their responses.
-- One schema for better-sqlite3 (Node) and D1 (Workers); both are SQLite.
-- Times are integer milliseconds since the Unix epoch (UTC).

CREATE TABLE sites (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  origins TEXT NOT NULL DEFAULT '[]',          -- JSON array of allowed browser origins
  write_key TEXT NOT NULL UNIQUE,              -- public, in the script tag
  secret_key_hash TEXT NOT NULL UNIQUE,        -- SHA-256 hex of the secret key; the key itself is never stored
  identity_secret TEXT NOT NULL,               -- HMAC key for contact signatures
  created_at INTEGER NOT NULL
);

CREATE TABLE responses (
  seq INTEGER PRIMARY KEY,                     -- insertion order, for cursor-paged export
  site_id TEXT NOT NULL REFERENCES sites (id),
  id TEXT NOT NULL,                            -- client-chosen UUID: retries are idempotent on it
  touchpoint TEXT NOT NULL,
  metric TEXT NOT NULL CHECK (metric IN ('nps', 'csat', 'ces')),
  score INTEGER NOT NULL,
  comment TEXT,
  locale TEXT,
  page TEXT,
  visitor_id TEXT,
  contact_id TEXT,
  verified INTEGER NOT NULL DEFAULT 0,         -- 1 when contact.signature matched
  metadata TEXT,                               -- JSON object
  created_at INTEGER NOT NULL,                 -- when the customer answered (client clock, checked)
  received_at INTEGER NOT NULL,                -- when the collector committed it
  UNIQUE (site_id, id)
);

CREATE INDEX responses_by_metric_time ON responses (site_id, metric, created_at);
CREATE INDEX responses_by_contact ON responses (site_id, contact_id, created_at) WHERE contact_id IS NOT NULL;
