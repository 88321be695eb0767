-- One photo of a work report (JPEG or PNG, at most 2 MiB), or NULL when there is none or
-- the caller's row security hides its job.
CREATE OR REPLACE FUNCTION app.job_photo_get(p_photo bigint) RETURNS bytea
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT ph.content FROM app.job_photo ph WHERE ph.id = p_photo
$fn$;
