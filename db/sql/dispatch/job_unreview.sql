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
    IF p IS NULL OR jsonb_typeof(p) <> 'object' THEN
        PERFORM app.arg_refusal('field_malformed', 'job_id');
    END IF;
    job_ := app.arg_id(p ->> 'job_id', 'job_id');
    version_ := app.arg_int(p ->> 'version', 'version', 1, 2000000000);
    reason_ := app.arg_text(p ->> 'reason', 'reason', 200);
    IF job_ IS NULL THEN
        PERFORM app.arg_refusal('reference_missing', 'job_id');
    END IF;
    IF version_ IS NULL THEN
        PERFORM app.arg_refusal('field_required', 'version');
    END IF;
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
