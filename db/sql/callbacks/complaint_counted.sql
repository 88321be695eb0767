-- Trigger on app.complaint (AFTER INSERT, UPDATE, DELETE, each row) keeping the monthly
-- complaint rollup (app.complaint_month): a new complaint counts, a change of what the
-- rollup counts (its state, resolution, escalation, pauses, the customer's answer, its
-- technician or ticket) moves it, a deleted one is taken back. An owner or a note
-- changes nothing there.
-- SECURITY DEFINER: the rollup is written whoever writes the complaint.
CREATE OR REPLACE FUNCTION app.complaint_counted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF TG_OP = 'UPDATE'
       AND (old.opened_at, old.ticket_id, old.technician_id, old.state, old.resolved_at,
            old.escalation_level, old.paused_seconds, old.paused_since,
            old.customer_accepted)
           IS NOT DISTINCT FROM
           (new.opened_at, new.ticket_id, new.technician_id, new.state, new.resolved_at,
            new.escalation_level, new.paused_seconds, new.paused_since,
            new.customer_accepted) THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM app.complaint_month_add(old, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM app.complaint_month_add(new, 1);
    END IF;
    RETURN NULL;
END
$fn$;
