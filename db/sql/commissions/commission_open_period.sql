-- The month an event's commission line goes to: the first month from p_day's on that is
-- not settled (a refund after its month was paid lands in the next open one), its
-- app.commission_period row made when missing. The row is held FOR SHARE until the
-- caller's transaction ends, so that a month being settled meanwhile is passed over
-- (the settle locks it for update; this waits, then sees it settled).
CREATE OR REPLACE FUNCTION app.commission_open_period(p_day date) RETURNS date
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    month_ date := date_trunc('month', coalesce(p_day, app.shop_today()))::date;
    state_ text;
BEGIN
    LOOP
        SELECT p.state INTO state_ FROM app.commission_period p
        WHERE p.month = month_ FOR SHARE;
        IF NOT FOUND THEN
            INSERT INTO app.commission_period (month) VALUES (month_) ON CONFLICT DO NOTHING;
            CONTINUE;
        END IF;
        EXIT WHEN state_ = 'open';
        month_ := (month_ + interval '1 month')::date;
    END LOOP;
    RETURN month_;
END
$fn$;
