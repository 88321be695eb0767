-- Open a complaint by hand (revision 0021): callback staff after a call (source
-- 'callback'), the counter (intake.create: 'counter', 'phone') or a complaint handler.
-- p: {"customer_id" (or the ticket's), "ticket_id"?, "technician_id"? (default the
--     ticket's), "task_id"?, "source": 'callback'|'counter'|'phone', "severity"
--     (default 'normal'), "summary" (required), "details"?, "owner"? (complaint.handle
--     only: an active operator who handles complaints)}
-- A ticket or callback task must be the customer's. Returns {"complaint_id", "number",
-- "complaint": the row as the queue lists it}. One transaction; a survey's complaint is
-- opened by app.complaint_from_survey instead.
CREATE OR REPLACE FUNCTION app.complaint_open(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    customer_ bigint;
    ticket_ bigint;
    technician_ bigint;
    task_ bigint;
    source_ text;
    severity_ text;
    summary_ text;
    details_ text;
    owner_ text;
    t app.ticket;
    c app.complaint;
BEGIN
    PERFORM app.complaint_need('{callback.record,intake.create}');
    IF p IS NULL OR jsonb_typeof(p) <> 'object' THEN
        PERFORM app.arg_refusal('field_malformed', 'summary');
    END IF;
    customer_ := app.arg_id(p ->> 'customer_id', 'customer_id');
    ticket_ := app.arg_id(p ->> 'ticket_id', 'ticket_id');
    technician_ := app.arg_id(p ->> 'technician_id', 'technician_id');
    task_ := app.arg_id(p ->> 'task_id', 'task_id');
    source_ := app.arg_text(p ->> 'source', 'source', 20);
    severity_ := coalesce(app.arg_text(p ->> 'severity', 'severity', 20), 'normal');
    summary_ := app.arg_text(p ->> 'summary', 'summary', 200);
    details_ := coalesce(app.arg_text(p ->> 'details', 'details', 1000), '');
    owner_ := nullif(app.arg_text(p ->> 'owner', 'owner', 63), '');
    IF source_ IS NULL OR source_ NOT IN ('callback', 'counter', 'phone') THEN
        PERFORM app.arg_refusal('field_choice_invalid', 'source');
    END IF;
    IF severity_ NOT IN ('low', 'normal', 'high', 'critical') THEN
        PERFORM app.arg_refusal('field_choice_invalid', 'severity');
    END IF;
    IF app.is_blank(summary_) THEN
        PERFORM app.refuse('complaint_summary_required');
    END IF;

    IF ticket_ IS NOT NULL THEN
        SELECT * INTO t FROM app.ticket x WHERE x.id = ticket_;
        IF NOT FOUND OR t.customer_id IS DISTINCT FROM coalesce(customer_, t.customer_id) THEN
            PERFORM app.arg_refusal('reference_missing', 'ticket_id');
        END IF;
        customer_ := t.customer_id;
        technician_ := coalesce(technician_, t.technician_id);
    END IF;
    IF customer_ IS NULL THEN
        PERFORM app.arg_refusal('field_required', 'customer_id');
    END IF;
    IF NOT EXISTS (SELECT FROM app.customer x WHERE x.id = customer_) THEN
        PERFORM app.arg_refusal('reference_missing', 'customer_id');
    END IF;
    IF technician_ IS NOT NULL
       AND NOT EXISTS (SELECT FROM app.employee x WHERE x.id = technician_) THEN
        PERFORM app.arg_refusal('reference_missing', 'technician_id');
    END IF;
    IF task_ IS NOT NULL THEN  -- nested: the statement is planned only with a task
        IF NOT EXISTS (SELECT FROM app.callback_task x
                       WHERE x.id = task_ AND x.customer_id = customer_) THEN
            PERFORM app.arg_refusal('reference_missing', 'task_id');
        END IF;
    END IF;
    IF owner_ IS NOT NULL THEN
        PERFORM app.need('complaint.handle');
        IF NOT app.complaint_owner_valid(owner_) THEN
            PERFORM app.refuse('complaint_owner_unknown', owner_);
        END IF;
    END IF;

    c.customer_id := customer_;
    c.ticket_id := ticket_;
    c.technician_id := technician_;
    c.task_id := task_;
    c.source := source_;
    c.severity := severity_;
    c.summary := summary_;
    c.details := details_;
    c.owner := owner_;
    c := app.complaint_insert(c);
    RETURN jsonb_build_object('complaint_id', c.id, 'number', c.number,
                              'complaint', app.complaint_rows(ARRAY[c.id]) -> 0);
END
$fn$;
