-- Whether a ticket's latest job (not counting cancelled ones) is reviewed: then its
-- requisition takes no new line (app.requisition_line_frozen) until the review is undone
-- or a new job is assigned (a second visit requisitions its own parts).
CREATE OR REPLACE FUNCTION app.requisition_reviewed(p_ticket bigint) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT coalesce((SELECT j.state = 'reviewed' FROM app.job j
                     WHERE j.ticket_id = p_ticket AND j.state <> 'cancelled'
                     ORDER BY j.id DESC LIMIT 1), false)
$fn$;
