CREATE OR REPLACE FUNCTION app.add_working_days(p_start date, p_days integer) RETURNS date
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    d date := p_start;
    left_ integer := p_days;
BEGIN
    IF p_days < 0 THEN
        RAISE EXCEPTION 'negative working days' USING ERRCODE = '22023';
    END IF;
    WHILE left_ > 0 LOOP
        d := d + 1;
        IF app.is_working_day(d) THEN
            left_ := left_ - 1;
        END IF;
    END LOOP;
    RETURN d;
END
$fn$;
