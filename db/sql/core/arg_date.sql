-- A day from JSON text (ISO, 2026-12-01) between p_earliest and p_latest: NULL stays NULL;
-- anything else (another form, 2026-02-30, infinity, year 1 or 5874897) is refused with
-- the field and the range, so no reader ever meets a day it cannot show.
CREATE OR REPLACE FUNCTION app.arg_date(p_text text, p_field text,
                                        p_earliest date DEFAULT '2000-01-01',
                                        p_latest date DEFAULT '2199-12-31') RETURNS date
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    day_ date;
BEGIN
    IF p_text IS NULL THEN
        RETURN NULL;
    END IF;
    IF p_text ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN
        BEGIN
            day_ := p_text::date;
        EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format THEN
            day_ := NULL;
        END;
    END IF;
    IF day_ IS NULL OR day_ NOT BETWEEN p_earliest AND p_latest THEN
        PERFORM app.arg_refusal('field_date_invalid', p_field, jsonb_build_object(
            'min', p_earliest, 'max', p_latest));
    END IF;
    RETURN day_;
END
$fn$;
