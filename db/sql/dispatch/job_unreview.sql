-- Undo a job's review: p = {"job_id", "version", "reason" (required, at most 200)}.
-- Needs review.undo. The job is finished again: its report, photos and requisition can
-- change, and it waits in the review queue. The reason is in the job's history.
-- Returns app.job_brief.
CREATE OR REPLACE FUNCTION app.job_unreview(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    j app.job;
    job_ bigint;
    version_ integer;
    reason_ text;
BEGIN
    PERFORM app.need('review.undo');
    SELECT r.job_id, r.version INTO job_, version_ FROM app.job_request(p) r;
    reason_ := app.arg_text(p ->> 'reason', 'reason', 200);
    IF app.is_blank(reason_) THEN
        PERFORM app.refuse('unreview_reason_required', '');
    END IF;
    j := app.job_for_update(job_, version_, 'unreview');
    UPDATE app.job SET state = 'finished', reviewed_at = NULL, reviewed_by = NULL,
        review_note = '', version = version + 1
    WHERE id = j.id RETURNING * INTO j;
    PERFORM app.job_event_add(j, 'unreview', reason_);
    PERFORM app.ticket_changed(j.ticket_id, 'dispatch');  -- open boards reload
    RETURN app.job_brief(j.id);
END
$fn$;
