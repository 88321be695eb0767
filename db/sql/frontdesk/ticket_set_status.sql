-- Move a ticket to p_status at the counter: the operator's capability for the target
-- (app.transition_capability), then app.ticket_status_apply, the status machine and what
-- the move brings. The reason is at most 200 characters (revision 0014). Since revision
-- 0018 a ticket is 'completed' only by the finished work report of its on-site job
-- (app.job_report), never from the counter.
CREATE OR REPLACE FUNCTION app.ticket_set_status(p_id bigint, p_version integer,
                                                 p_status text, p_reason text DEFAULT '')
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    t app.ticket;
    reason text;
BEGIN
    PERFORM app.need(app.transition_capability(p_status));
    reason := coalesce(app.arg_text(p_reason, 'reason', 200), '');
    t := app.ticket_for_update(p_id, p_version);
    IF p_status = 'completed' THEN
        PERFORM app.refuse('completed_by_job', t.number);
    END IF;
    t := app.ticket_status_apply(t.id, p_status, p_reason);
    RETURN jsonb_build_object('id', t.id, 'status', t.status, 'version', t.version);
END
$fn$;
