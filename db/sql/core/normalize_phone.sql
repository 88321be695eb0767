-- A phone number as typed, in its stored form (app.phone_normal_form), or a refusal:
-- phone_required when blank, phone_invalid (with the value as typed) otherwise. Only
-- the first 100 characters are looked at (no phone is longer; revision 0014).
CREATE OR REPLACE FUNCTION app.normalize_phone(p_raw text) RETURNS text
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    typed text := btrim(translate(left(coalesce(p_raw, ''), 100), '０１２３４５６７８９，．＋',
                                  '0123456789,.+'), E' \t\n\r\f\x0b\u00a0\u3000');
    normal text := app.phone_normal_form(p_raw);
BEGIN
    IF typed = '' THEN
        PERFORM app.refuse('phone_required', 'phone');
    END IF;
    IF normal IS NULL THEN
        PERFORM app.refuse('phone_invalid', jsonb_build_object('value', typed)::text);
    END IF;
    RETURN normal;
END
$fn$;
