-- Review a finished job (审核): p = {"job_id", "version", "note" (at most 200)}. Needs
-- review.approve, and the job must not be the reviewer's own (review_own_job: their
-- employee record is the job's technician). The review freezes the report, its photos
-- and the ticket's requisition lines made before it (app.requisition_line_frozen);
-- reviewed jobs are what commissions count. Returns app.job_brief.
CREATE OR REPLACE FUNCTION app.job_review(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    j app.job;
    job_ bigint;
    version_ integer;
    note_ text;
BEGIN
    PERFORM app.need('review.approve');
    SELECT r.job_id, r.version INTO job_, version_ FROM app.job_request(p) r;
    note_ := coalesce(app.arg_text(p ->> 'note', 'note', 200), '');
    j := app.job_for_update(job_, version_, 'review');
    IF EXISTS (SELECT FROM app.employee e
               WHERE e.id = j.technician_id AND e.operator_code = session_user) THEN
        PERFORM app.refuse('review_own_job', j.id::text);
    END IF;
    UPDATE app.job SET state = 'reviewed', reviewed_at = now(), reviewed_by = session_user,
        review_note = note_, version = version + 1
    WHERE id = j.id RETURNING * INTO j;
    PERFORM app.job_event_add(j, 'review', note_);
    PERFORM app.ticket_changed(j.ticket_id, 'dispatch');  -- open boards reload
    RETURN app.job_brief(j.id);
END
$fn$;
