-- A device's purchase date against the shop's day: none is fine; it cannot be after
-- p_today (purchase_in_future) nor before 1970 (purchase_too_old, a mistyped year). The
-- same rule as domain/masterdata.py validate_purchase_date (tests/db/test_rules_agree.py
-- runs both on the same cases); app.device_purchase_date_guard applies it to every
-- device written, with app.shop_today().
CREATE OR REPLACE FUNCTION app.validate_purchase_date(p_date date, p_today date) RETURNS date
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF p_date > p_today THEN
        PERFORM app.refuse('purchase_in_future', 'purchase_date');
    END IF;
    IF p_date < DATE '1970-01-01' THEN
        PERFORM app.refuse('purchase_too_old', to_char(p_date, 'YYYY-MM-DD'));
    END IF;
    RETURN p_date;
END
$fn$;
