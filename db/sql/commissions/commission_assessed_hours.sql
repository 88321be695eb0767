-- The month's assessed hours of the hours scheme (revision 0022): repair hours plus the
-- other hours at their weight (the seed: 当月考核工时 = 维修工时 + 其它工时 / 2), rounded
-- to 0.01. The same rule as domain/commissions.py assessed_hours.
CREATE OR REPLACE FUNCTION app.commission_assessed_hours(p_repair numeric, p_other numeric,
                                                         p_other_weight numeric)
RETURNS numeric
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT round(p_repair + p_other * p_other_weight, 2)
$fn$;
