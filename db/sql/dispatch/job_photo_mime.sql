-- The picture type of p_content by its first bytes (PNG's signature, JPEG's SOI marker
-- and the next marker's FF), whatever type the client claims, or NULL. The same rule as
-- domain/dispatch.py photo_mime.
CREATE OR REPLACE FUNCTION app.job_photo_mime(p_content bytea) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT CASE
        WHEN substring(p_content FROM 1 FOR 8) = '\x89504e470d0a1a0a'::bytea THEN 'image/png'
        WHEN substring(p_content FROM 1 FOR 3) = '\xffd8ff'::bytea THEN 'image/jpeg'
    END
$fn$;
