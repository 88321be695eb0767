-- The n-th working day after p_start (p_start itself for 0), by the shop's calendar.
-- n is 0 to 400 (a promise is counted in days, not years) and the start a day the shop
-- can have; the days are counted in one query over a window that surely holds the
-- answer: n * 7 / 5 + 7 days, plus one for every closed day the calendar lists in it
-- (repeated until no more closed days fall in), so no input makes it loop.
CREATE OR REPLACE FUNCTION app.add_working_days(p_start date, p_days integer) RETURNS date
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    span integer;
    closed integer := 0;
    found_ date;
BEGIN
    IF p_start IS NULL OR p_days IS NULL THEN
        RETURN NULL;
    END IF;
    -- raised here, not by app.refuse: this runs with the caller's rights
    IF p_days NOT BETWEEN 0 AND 400 THEN
        RAISE EXCEPTION 'working days out of range' USING ERRCODE = 'P0001',
            HINT = 'aftersales:field_out_of_range',
            DETAIL = '{"field": "days", "label": "days", "min": 0, "max": 400}';
    END IF;
    IF p_start NOT BETWEEN '2000-01-01' AND '2199-12-31' THEN
        RAISE EXCEPTION 'start day out of range' USING ERRCODE = 'P0001',
            HINT = 'aftersales:field_date_invalid',
            DETAIL = '{"field": "start", "label": "start", "min": "2000-01-01", '
                     '"max": "2199-12-31"}';
    END IF;
    IF p_days = 0 THEN
        RETURN p_start;
    END IF;
    LOOP
        span := p_days * 7 / 5 + 7 + closed;
        EXIT WHEN closed = (SELECT count(*) FROM app.work_calendar w
                            WHERE w.day > p_start AND w.day <= p_start + span
                              AND NOT w.working);
        closed := (SELECT count(*) FROM app.work_calendar w
                   WHERE w.day > p_start AND w.day <= p_start + span AND NOT w.working);
    END LOOP;
    SELECT d.day INTO found_
    FROM (SELECT s.day::date AS day, row_number() OVER (ORDER BY s.day) AS n
          FROM generate_series(p_start + 1, p_start + span, interval '1 day') AS s(day)
          LEFT JOIN app.work_calendar w ON w.day = s.day::date
          WHERE coalesce(w.working, extract(isodow FROM s.day) < 6)) d
    WHERE d.n = p_days;
    RETURN found_;
END
$fn$;
