-- Add a photo to a job: p = {"job_id", "content" (base64), "mime" ('image/png',
-- 'image/jpeg'), "caption" (at most 100)}. The picture is at most 2 MiB decoded (a longer
-- text is refused before it is decoded) and must be what it claims by its first bytes
-- (app.job_photo_mime), not by the type the client names; a job keeps at most 6 photos
-- (counted under the job's lock, so two adds at once cannot make 7). Who may: as for the
-- report (app.job_for_update 'photo': not on a reviewed job). Returns the photo's id,
-- type and size.
CREATE OR REPLACE FUNCTION app.job_photo_add(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    j app.job;
    job_ bigint;
    text_ text;
    content_ bytea;
    mime_ text;
    caption_ text;
    id_ bigint;
BEGIN
    IF p IS NULL OR jsonb_typeof(p) <> 'object' THEN
        PERFORM app.arg_refusal('field_malformed', 'job_id');
    END IF;
    job_ := app.arg_id(p ->> 'job_id', 'job_id');
    IF job_ IS NULL THEN
        PERFORM app.arg_refusal('reference_missing', 'job_id');
    END IF;
    caption_ := coalesce(app.arg_text(p ->> 'caption', 'caption', 100), '');
    mime_ := left(p ->> 'mime', 30);
    IF jsonb_typeof(p -> 'content') IS DISTINCT FROM 'string' THEN
        PERFORM app.arg_refusal('field_malformed', 'content');
    END IF;
    text_ := p ->> 'content';
    -- 4 characters per 3 bytes, and room for line breaks: more is more than 2 MiB
    IF length(text_) > 2900000 THEN
        PERFORM app.refuse('photo_too_large', '2');
    END IF;
    BEGIN
        content_ := decode(text_, 'base64');
    EXCEPTION WHEN invalid_parameter_value OR data_exception THEN
        PERFORM app.arg_refusal('field_malformed', 'content');
    END;
    IF octet_length(content_) > 2097152 THEN
        PERFORM app.refuse('photo_too_large', '2');
    END IF;
    IF mime_ IS NULL OR mime_ NOT IN ('image/png', 'image/jpeg')
       OR app.job_photo_mime(content_) IS DISTINCT FROM mime_ THEN
        PERFORM app.refuse('photo_format', coalesce(mime_, ''));
    END IF;
    j := app.job_for_update(job_, NULL, 'photo');
    IF (SELECT count(*) FROM app.job_photo f WHERE f.job_id = j.id) >= 6 THEN
        PERFORM app.refuse('photo_too_many', '6');
    END IF;
    INSERT INTO app.job_photo (job_id, content, mime, caption)
    VALUES (j.id, content_, mime_, caption_) RETURNING id INTO id_;
    RETURN jsonb_build_object('id', id_, 'job_id', j.id, 'mime', mime_,
                              'size', octet_length(content_), 'caption', caption_);
END
$fn$;
