-- Escalate every complaint whose deadline has passed (internal; the queue runs it first,
-- the server's scheduler may too): open or in progress (one waiting for the customer
-- has its clock stopped), below the top level 3. Each goes one level up, gets a new
-- deadline complaint_escalation_hours (24) from now, and an 'escalate' event; one notice
-- on channel 'complaints' tells the open queues. Idempotent: a second run finds nothing
-- until a new deadline passes; rows another transaction holds are left for the next run,
-- so that a queue read never waits for a handler's save. Returns how many escalated.
CREATE OR REPLACE FUNCTION app.complaint_escalate_due() RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    deadline_ timestamptz := app.complaint_deadline(NULL, now());
    escalated_ integer;
BEGIN
    WITH due AS (
        SELECT c.id FROM app.complaint c
        WHERE c.state IN ('open', 'in_progress') AND c.deadline_at < now()
          AND c.escalation_level < 3
        FOR UPDATE SKIP LOCKED
    ), raised AS (
        UPDATE app.complaint c
        SET escalation_level = c.escalation_level + 1, escalated_at = now(),
            deadline_at = deadline_
        FROM due WHERE c.id = due.id
        RETURNING c.id, c.escalation_level
    )
    INSERT INTO app.complaint_event (complaint_id, kind, level)
    SELECT r.id, 'escalate', r.escalation_level FROM raised r;
    GET DIAGNOSTICS escalated_ = ROW_COUNT;
    IF escalated_ > 0 THEN
        PERFORM pg_notify('complaints', jsonb_build_object(
            'event', 'escalate', 'count', escalated_)::text);
    END IF;
    RETURN escalated_;
END
$fn$;
