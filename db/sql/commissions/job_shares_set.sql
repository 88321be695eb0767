-- A job's shares (分成): p = {"job_id", "version" (the job's, as loaded), "shares":
-- [{"employee_id", "share"}] (0 to 10 rows; [] clears them: 100 % to the job's
-- technician)}. Needs review.approve or dispatch.assign. The job is a technician's
-- (job_shares_outlet: an outlet's job is the outlet's), not reviewed (job_reviewed: its
-- lines are made) nor cancelled (job_state). Each share is rounded to the fen, more than
-- 0 and at most 100 (field_out_of_range), the shares sum to exactly 100.00
-- (job_shares_sum), each employee once (job_shares_duplicate), each an active employee
-- who is a technician (job_shares_not_technician). A stale version is refused
-- (document_stale). Moves the job's version. Returns app.job_brief plus "shares" (by
-- employee).
CREATE OR REPLACE FUNCTION app.job_shares_set(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    j app.job;
    job_ bigint;
    ticket_ bigint;
    version_ integer;
    rows_ jsonb;
    x jsonb;
    employee_ bigint;
    share_ numeric;
    employees_ bigint[] := '{}';
    shares_ numeric[] := '{}';
    name_ text;
    refusal text;
BEGIN
    IF NOT (pg_has_role(session_user, 'as_cap_review_approve', 'MEMBER')
            OR pg_has_role(session_user, 'as_cap_dispatch_assign', 'MEMBER')) THEN
        PERFORM app.need('review.approve');
    END IF;
    SELECT r.job_id, r.version INTO job_, version_ FROM app.job_request(p) r;
    rows_ := p -> 'shares';
    IF rows_ IS NULL OR jsonb_typeof(rows_) <> 'array' OR jsonb_array_length(rows_) > 10 THEN
        PERFORM app.arg_refusal('field_malformed', 'shares');
    END IF;
    FOR x IN SELECT e FROM jsonb_array_elements(rows_) e LOOP
        IF jsonb_typeof(x) <> 'object' THEN
            PERFORM app.arg_refusal('field_malformed', 'shares');
        END IF;
        employee_ := app.arg_id(x ->> 'employee_id', 'shares');
        share_ := app.arg_money(x ->> 'share', 'shares');
        IF employee_ IS NULL THEN
            PERFORM app.arg_refusal('reference_missing', 'shares');
        END IF;
        IF share_ IS NULL OR share_ <= 0 OR share_ > 100 THEN
            PERFORM app.arg_refusal('field_out_of_range', 'shares',
                                    jsonb_build_object('min', 0.01, 'max', 100));
        END IF;
        IF employee_ = ANY (employees_) THEN
            PERFORM app.refuse('job_shares_duplicate', coalesce(
                (SELECT e.name FROM app.employee e WHERE e.id = employee_), employee_::text));
        END IF;
        employees_ := employees_ || employee_;
        shares_ := shares_ || share_;
    END LOOP;
    IF cardinality(shares_) > 0
       AND (SELECT sum(s) FROM unnest(shares_) s) <> 100 THEN
        PERFORM app.refuse('job_shares_sum', (SELECT sum(s) FROM unnest(shares_) s)::text);
    END IF;
    SELECT coalesce(e.name, u.id::text) INTO name_
    FROM unnest(employees_) WITH ORDINALITY u(id, n)
    LEFT JOIN app.employee e ON e.id = u.id
    WHERE e.id IS NULL OR NOT e.active OR NOT e.is_technician
    ORDER BY u.n LIMIT 1;
    IF FOUND THEN
        PERFORM app.refuse('job_shares_not_technician', name_);
    END IF;

    -- the job, its ticket locked first (the order of every job action)
    SELECT x.ticket_id INTO ticket_ FROM app.job x WHERE x.id = job_;
    IF NOT FOUND THEN
        PERFORM app.refuse('job_missing', job_::text);
    END IF;
    PERFORM FROM app.ticket t WHERE t.id = ticket_ FOR UPDATE;
    SELECT * INTO j FROM app.job x WHERE x.id = job_ FOR UPDATE;
    refusal := app.job_action_refusal('report', j.state);
    IF refusal IS NOT NULL THEN
        PERFORM app.refuse(refusal, j.state);
    END IF;
    IF j.outlet_id IS NOT NULL THEN
        PERFORM app.refuse('job_shares_outlet', j.id::text);
    END IF;
    IF version_ <> j.version THEN
        PERFORM app.refuse('document_stale', coalesce(
            (SELECT e.by_operator || '|' || e.at::text FROM app.job_event e
             WHERE e.job_id = j.id ORDER BY e.id DESC LIMIT 1),
            j.assigned_by || '|' || j.assigned_at::text));
    END IF;

    DELETE FROM app.job_share s WHERE s.job_id = j.id
      AND NOT (s.employee_id = ANY (employees_));
    INSERT INTO app.job_share (job_id, employee_id, share)
    SELECT j.id, u.id, u.share FROM unnest(employees_, shares_) u(id, share)
    ON CONFLICT (job_id, employee_id) DO UPDATE SET share = excluded.share
    WHERE app.job_share.share IS DISTINCT FROM excluded.share;
    UPDATE app.job SET version = version + 1 WHERE id = j.id;
    PERFORM app.ticket_changed(j.ticket_id, 'dispatch');  -- open boards reload
    RETURN app.job_brief(j.id) || jsonb_build_object('shares', coalesce(
        (SELECT jsonb_agg(jsonb_build_object('employee_id', s.employee_id, 'name', e.name,
                                             'share', s.share) ORDER BY s.employee_id)
         FROM app.job_share s JOIN app.employee e ON e.id = s.employee_id
         WHERE s.job_id = j.id), '[]'));
END
$fn$;
