-- The number a text message goes to: the one phone rule (app.phone_normal_form: spaces,
-- dashes and brackets ignored, full-width digits, +86 or 0086 dropped), and it must be a
-- mobile, as phone_normal_form writes one (a landline takes no SMS). The same rule as
-- domain/notices.py sms_recipient (tests/db/test_rules_agree.py runs both on the same
-- cases); app.notice_log records an SMS to the number it returns.
CREATE OR REPLACE FUNCTION app.sms_recipient(p_raw text) RETURNS text
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    normal text := app.phone_normal_form(p_raw);
BEGIN
    IF app.is_blank(p_raw) THEN
        PERFORM app.refuse('phone_required', jsonb_build_object('field', 'recipient')::text);
    END IF;
    IF normal IS NULL OR normal !~ '^1[3-9][0-9]{9}$' THEN
        PERFORM app.refuse('recipient_phone_invalid', jsonb_build_object(
            'value', btrim(p_raw, E' \t\n\r\f\x0b\u00a0\u3000'))::text);
    END IF;
    RETURN normal;
END
$fn$;
