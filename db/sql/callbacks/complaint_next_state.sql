-- The state a complaint's action leads to from p_state, or NULL where the action is not
-- allowed (the same table as domain/complaints.py NEXT_STATE, which
-- tests/db/test_rules_agree.py compares pair by pair): start an open complaint; wait for
-- the customer (the clock stops) from open or in progress, resume back to in progress;
-- resolve anything not yet resolved; a resolved complaint is closed (the customer
-- accepts) or reopened; assign while not resolved; notes in every state. A close the
-- customer does not accept is a reopen (app.complaint_act).
CREATE OR REPLACE FUNCTION app.complaint_next_state(p_state text, p_action text)
RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT CASE
        WHEN p_action = 'note'
             AND p_state IN ('open', 'in_progress', 'waiting_customer', 'resolved', 'closed')
            THEN p_state
        WHEN p_action = 'assign' AND p_state IN ('open', 'in_progress', 'waiting_customer')
            THEN p_state
        WHEN p_action = 'start' AND p_state = 'open' THEN 'in_progress'
        WHEN p_action = 'pause' AND p_state IN ('open', 'in_progress') THEN 'waiting_customer'
        WHEN p_action = 'resume' AND p_state = 'waiting_customer' THEN 'in_progress'
        WHEN p_action = 'resolve' AND p_state IN ('open', 'in_progress', 'waiting_customer')
            THEN 'resolved'
        WHEN p_action = 'reopen' AND p_state = 'resolved' THEN 'in_progress'
        WHEN p_action = 'close' AND p_state = 'resolved' THEN 'closed'
    END
$fn$;
