-- 0005_webhook_trigger: one trigger enqueues every webhook event of an answer, instead of four,
-- and a site without endpoints pays one indexed lookup per answer, not four.

DROP TRIGGER responses_webhook_created;
DROP TRIGGER responses_webhook_contact;
DROP TRIGGER responses_webhook_detractor;
DROP TRIGGER responses_webhook_follow_up;

CREATE TRIGGER responses_webhook_events AFTER INSERT ON responses
WHEN EXISTS (SELECT 1 FROM webhook_endpoints WHERE site_id = NEW.site_id AND disabled_at IS NULL)
BEGIN
  INSERT INTO webhook_deliveries (id, endpoint_id, site_id, event, response_seq, next_attempt_at, created_at)
  SELECT 'msg_' || lower(hex(randomblob(12))), e.id, NEW.site_id, event.value, NEW.seq, NEW.received_at, NEW.received_at
  FROM webhook_endpoints e, json_each(e.events) event
  WHERE e.site_id = NEW.site_id AND e.disabled_at IS NULL
    AND (
      event.value = 'response.created'
      -- Only a verified answer changes a contact's summary.
      OR (event.value = 'contact.updated' AND NEW.verified = 1 AND NEW.contact_id IS NOT NULL)
      -- Close the loop: NPS 0–6, CSAT 1–2, CES 1–3, or a comment that contradicts the score.
      OR (event.value = 'response.detractor' AND (
        (NEW.metric = 'nps' AND NEW.score <= 6) OR (NEW.metric = 'csat' AND NEW.score <= 2)
        OR (NEW.metric = 'ces' AND NEW.score <= 3) OR NEW.follow_up = 1))
    );
END;
