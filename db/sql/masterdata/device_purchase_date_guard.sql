-- Trigger function (BEFORE INSERT OR UPDATE OF purchase_date ON app.device): the purchase
-- date a device is given is checked against the shop's day (app.validate_purchase_date
-- with app.shop_today()), whoever writes it: the intake, the customer page, an import, an
-- operator on psql.
--
-- Not a CHECK: a CHECK must hold for the row alone and for ever (PostgreSQL re-checks it
-- when a dump is restored or the constraint is validated again, and never when the shop's
-- time zone setting changes), while "not after today" depends on the day and on
-- app.shop_setting. The CHECK it replaces compared with current_date + 1, which is the
-- session's day: a client that sets TimeZone (any client can) moved it.
-- SECURITY DEFINER: it runs for operators who may write devices but not call app.refuse.
CREATE OR REPLACE FUNCTION app.device_purchase_date_guard() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    -- a date stored before (valid on its day) is not refused for an unrelated change
    IF TG_OP = 'INSERT' OR NEW.purchase_date IS DISTINCT FROM OLD.purchase_date THEN
        PERFORM app.validate_purchase_date(NEW.purchase_date, app.shop_today());
    END IF;
    RETURN NEW;
END
$fn$;
