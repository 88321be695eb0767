-- A moment from JSON text (ISO 8601 with its offset, as the client sends it) within the
-- shop's plausible years: NULL stays NULL; anything else is refused with the field.
CREATE OR REPLACE FUNCTION app.arg_time(p_text text, p_field text) RETURNS timestamptz
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    at_ timestamptz;
BEGIN
    IF p_text IS NULL THEN
        RETURN NULL;
    END IF;
    IF p_text ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}' THEN
        BEGIN
            at_ := p_text::timestamptz;
        EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format
                       OR invalid_time_zone_displacement_value THEN
            at_ := NULL;
        END;
    END IF;
    IF at_ IS NULL OR at_ < '2000-01-01 00:00+00' OR at_ >= '2200-01-01 00:00+00' THEN
        PERFORM app.arg_refusal('field_time_invalid', p_field, jsonb_build_object(
            'min', '2000-01-01', 'max', '2199-12-31'));
    END IF;
    RETURN at_;
END
$fn$;
