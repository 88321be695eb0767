-- A callback task's state after an attempt (domain/callbacks.py next_state is the
-- client's copy): p_failed is the task's failed attempts before it, p_max the shop's
-- callback_max_attempts. No answer and busy count as failed; at p_max failed attempts
-- the customer is unreachable; a wrong number is unreachable at once; a customer who
-- refuses the survey ends the task (done, without one); a requested call-back keeps it
-- open; reached is the survey's own attempt (done).
CREATE OR REPLACE FUNCTION app.callback_attempt_state(p_outcome text, p_failed integer,
                                                      p_max integer) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT CASE
        WHEN p_outcome IN ('no_answer', 'busy')
            THEN CASE WHEN p_failed + 1 >= greatest(p_max, 1) THEN 'unreachable'
                      ELSE 'in_progress' END
        WHEN p_outcome = 'wrong_number' THEN 'unreachable'
        WHEN p_outcome = 'call_back' THEN 'in_progress'
        WHEN p_outcome IN ('refused', 'reached') THEN 'done'
    END
$fn$;
