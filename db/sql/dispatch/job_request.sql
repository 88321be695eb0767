-- The job and version a job action names: p = {"job_id", "version", ...}, both required
-- (field_malformed for anything but an object, reference_missing without a job,
-- field_required without a version). Every job action (start, report, review, unreview)
-- reads them this way before it reads its own fields.
CREATE OR REPLACE FUNCTION app.job_request(p jsonb, OUT job_id bigint, OUT version integer)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF p IS NULL OR jsonb_typeof(p) <> 'object' THEN
        PERFORM app.arg_refusal('field_malformed', 'job_id');
    END IF;
    job_id := app.arg_id(p ->> 'job_id', 'job_id');
    version := app.arg_int(p ->> 'version', 'version', 1, 2000000000);
    IF job_id IS NULL THEN
        PERFORM app.arg_refusal('reference_missing', 'job_id');
    END IF;
    IF version IS NULL THEN
        PERFORM app.arg_refusal('field_required', 'version');
    END IF;
END
$fn$;
