-- 0007_lowercase_ids: answer ids are stored in lower case, so that a retry sending the same UUID in the
-- other case is a duplicate (the route lower-cases every id from now on). Ids stored in upper case before
-- are lowered here; where both cases of one id were stored (the duplicate this prevents), the upper-case
-- row keeps its id, as OR IGNORE leaves a row whose new id is taken.
UPDATE OR IGNORE responses SET id = lower(id) WHERE id <> lower(id);
