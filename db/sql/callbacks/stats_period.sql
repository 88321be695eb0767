-- A statistics period, checked: both days given (NULL is refused as missing), within the
-- shop's years, the end not before the start, at most five years long (so that no
-- request reads more than five years of history). Answers the period as the shop's
-- times [start, end) and the months the satisfaction rollup keeps for it (the months
-- the period touches: the rollup is by month).
CREATE OR REPLACE FUNCTION app.stats_period(p_from date, p_to date)
RETURNS TABLE (day_from date, day_to date, starts timestamptz, ends timestamptz,
               first_month date, last_month date)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    zone text := coalesce((SELECT s.value #>> '{}' FROM app.shop_setting s
                           WHERE s.key = 'timezone'), 'Asia/Shanghai');
BEGIN
    IF p_from IS NULL THEN
        PERFORM app.arg_refusal('field_required', 'from');
    END IF;
    IF p_to IS NULL THEN
        PERFORM app.arg_refusal('field_required', 'to');
    END IF;
    IF p_from NOT BETWEEN '2000-01-01' AND '2199-12-31' THEN
        PERFORM app.arg_refusal('field_date_invalid', 'from', jsonb_build_object(
            'min', '2000-01-01'::date, 'max', '2199-12-31'::date));
    END IF;
    IF p_to NOT BETWEEN '2000-01-01' AND '2199-12-31' THEN
        PERFORM app.arg_refusal('field_date_invalid', 'to', jsonb_build_object(
            'min', '2000-01-01'::date, 'max', '2199-12-31'::date));
    END IF;
    IF p_to < p_from THEN
        PERFORM app.refuse('stats_period_order');
    END IF;
    IF p_to >= (p_from + interval '5 years')::date THEN
        PERFORM app.refuse('stats_period_too_long', '5');
    END IF;
    day_from := p_from;
    day_to := p_to;
    starts := p_from::timestamp AT TIME ZONE zone;
    ends := (p_to + 1)::timestamp AT TIME ZONE zone;
    first_month := date_trunc('month', p_from)::date;
    last_month := date_trunc('month', p_to)::date;
    RETURN NEXT;
END
$fn$;
