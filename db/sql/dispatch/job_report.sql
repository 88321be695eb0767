-- Save a job's work report, and with "finish": true finish the job. p = {"job_id",
-- "version", "work_types": [{"work_type_id", "quantity"}] (the work done: the commission
-- basis; at most 20, each once, quantity above 0 up to 99), "hours" (0 .. 999.99),
-- "result" ('fixed', 'not_fixed', 'needs_parts', 'factory'), "fault_cause" and "action"
-- (from the dictionaries, at most 100 characters), "notes" (at most 1000),
-- "customer_signed", "signed_at" (when signed; now if not given), "finish"}.
--
-- Every value is read (app.arg_*) before anything is locked, then app.job_for_update
-- checks the caller (the job's technician, or dispatch.assign on their behalf: recorded
-- in reported_by), the state (a reviewed job changes only after its review is undone;
-- a finished one takes corrections until it is reviewed, but is not finished twice) and
-- the version. A draft saves the report as it is; a finish needs a result, hours and a
-- work type (report_incomplete names the missing one) and in the same transaction
-- * moves the ticket through the status machine (app.ticket_status_apply, the counter's
--   rules): a ticket not in repair goes 'in_repair' first (the work was done: an
--   out-of-warranty repair without an approved quote is refused, and nothing of the
--   report is saved), then to app.job_result_status (carry-in 'ready', on-site
--   'completed', 'waiting_parts', 'at_factory');
-- * marks the job's planned visit done, records days_late (app.job_days_late against the
--   ticket's promised date, on the shop's today) and feeds the fault cause and the action
--   to their dictionaries (app.learn).
-- Returns app.job_brief.
CREATE OR REPLACE FUNCTION app.job_report(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    j app.job;
    t app.ticket;
    job_ bigint;
    version_ integer;
    finish_ boolean;
    hours_ numeric;
    result_ text;
    cause_ text;
    action_ text;
    notes_ text;
    signed_ boolean;
    signed_at_ timestamptz;
    given jsonb;
    type_ bigint;
    quantity_ numeric;
    types_ bigint[] := '{}';
    quantities_ numeric[] := '{}';
    missing_ text;
    target_ text;
BEGIN
    SELECT r.job_id, r.version INTO job_, version_ FROM app.job_request(p) r;
    finish_ := coalesce(app.arg_bool(p ->> 'finish', 'finish'), false);
    hours_ := app.as_number(p ->> 'hours');
    IF hours_ = 'NaN' THEN
        PERFORM app.arg_refusal('field_number_invalid', 'hours');
    END IF;
    IF hours_ IS NOT NULL THEN
        hours_ := round(hours_, 2);
        IF hours_ < 0 OR hours_ > 999.99 THEN
            PERFORM app.arg_refusal('field_out_of_range', 'hours', '{"min": 0, "max": 999.99}');
        END IF;
    END IF;
    result_ := nullif(app.arg_text(p ->> 'result', 'result', 20), '');
    IF result_ NOT IN ('fixed', 'not_fixed', 'needs_parts', 'factory') THEN
        PERFORM app.arg_refusal('field_choice_invalid', 'result');
    END IF;
    cause_ := coalesce(app.arg_text(p ->> 'fault_cause', 'fault_cause', 100), '');
    action_ := coalesce(app.arg_text(p ->> 'action', 'action', 100), '');
    notes_ := coalesce(app.arg_text(p ->> 'notes', 'notes', 1000), '');
    signed_ := coalesce(app.arg_bool(p ->> 'customer_signed', 'customer_signed'), false);
    signed_at_ := app.arg_time(p ->> 'signed_at', 'signed_at');
    IF jsonb_typeof(coalesce(p -> 'work_types', '[]')) <> 'array' THEN
        PERFORM app.arg_refusal('field_malformed', 'work_types');
    END IF;
    IF jsonb_array_length(coalesce(p -> 'work_types', '[]')) > 20 THEN
        PERFORM app.arg_refusal('field_too_long', 'work_types', '{"max": 20}');
    END IF;
    FOR given IN SELECT * FROM jsonb_array_elements(coalesce(p -> 'work_types', '[]')) LOOP
        IF jsonb_typeof(given) <> 'object' THEN
            PERFORM app.arg_refusal('field_malformed', 'work_types');
        END IF;
        type_ := app.arg_id(given ->> 'work_type_id', 'work_types');
        quantity_ := app.as_number(coalesce(given ->> 'quantity', '1'));
        IF type_ IS NULL OR NOT EXISTS (SELECT FROM app.work_type w WHERE w.id = type_) THEN
            PERFORM app.arg_refusal('reference_missing', 'work_types');
        END IF;
        IF type_ = ANY (types_) THEN
            PERFORM app.arg_refusal('field_listed_twice', 'work_types');
        END IF;
        IF quantity_ = 'NaN' OR quantity_ <= 0 OR quantity_ > 99
           OR quantity_ <> round(quantity_, 2) THEN
            PERFORM app.arg_refusal('field_out_of_range', 'quantity', '{"min": 0.01, "max": 99}');
        END IF;
        types_ := types_ || type_;
        quantities_ := quantities_ || quantity_;
    END LOOP;
    IF finish_ THEN
        missing_ := app.job_report_missing(result_, hours_, cardinality(types_));
        IF missing_ IS NOT NULL THEN
            PERFORM app.refuse('report_incomplete', jsonb_build_object(
                'field', missing_, 'missing', missing_)::text);
        END IF;
    END IF;

    j := app.job_for_update(job_, version_, CASE WHEN finish_ THEN 'finish' ELSE 'report' END);
    UPDATE app.job SET hours = hours_, result = result_, fault_cause = cause_,
        action = action_, notes = notes_, customer_signed = signed_,
        signed_at = CASE WHEN signed_ THEN coalesce(signed_at_, now()) END,
        reported_at = now(), reported_by = session_user, version = version + 1
    WHERE id = j.id;
    DELETE FROM app.job_work_type w WHERE w.job_id = j.id;
    INSERT INTO app.job_work_type (job_id, work_type_id, quantity)
    SELECT j.id, x.type_id, x.quantity
    FROM unnest(types_, quantities_) AS x(type_id, quantity);

    IF finish_ THEN
        SELECT * INTO t FROM app.ticket WHERE id = j.ticket_id;
        target_ := app.job_result_status(result_, t.visit);
        IF t.status <> target_ THEN
            IF t.status <> 'in_repair' THEN
                t := app.ticket_status_apply(t.id, 'in_repair', '');
            END IF;
            t := app.ticket_status_apply(t.id, target_, '');
        END IF;
        UPDATE app.job SET state = 'finished', finished_at = now(),
            days_late = app.job_days_late(app.shop_today(), t.promised_on)
        WHERE id = j.id RETURNING * INTO j;
        UPDATE app.visit SET state = 'done' WHERE job_id = j.id AND state = 'planned';
        PERFORM app.learn('fault_cause', cause_), app.learn('repair_action', action_);
        PERFORM app.job_event_add(j, 'finish');
    ELSE
        SELECT * INTO j FROM app.job WHERE id = j.id;
        PERFORM app.job_event_add(j, 'report');
    END IF;
    PERFORM app.ticket_changed(j.ticket_id, 'dispatch');  -- open boards reload
    RETURN app.job_brief(j.id);
END
$fn$;
