-- Delete a photo of a job: p = {"photo_id"}. Who may: as for the report (not on a
-- reviewed job). Returns the job's id.
CREATE OR REPLACE FUNCTION app.job_photo_delete(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    j app.job;
    photo_ bigint;
    job_ bigint;
BEGIN
    IF p IS NULL OR jsonb_typeof(p) <> 'object' THEN
        PERFORM app.arg_refusal('field_malformed', 'photo_id');
    END IF;
    photo_ := app.arg_id(p ->> 'photo_id', 'photo_id');
    SELECT f.job_id INTO job_ FROM app.job_photo f WHERE f.id = photo_;
    IF job_ IS NULL THEN
        PERFORM app.refuse('photo_missing', coalesce(photo_::text, ''));
    END IF;
    j := app.job_for_update(job_, NULL, 'photo');
    DELETE FROM app.job_photo f WHERE f.id = photo_ AND f.job_id = j.id;
    IF NOT FOUND THEN
        PERFORM app.refuse('photo_missing', photo_::text);
    END IF;
    RETURN jsonb_build_object('id', photo_, 'job_id', j.id);
END
$fn$;
