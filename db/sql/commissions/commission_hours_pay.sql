-- The month's performance pay of the hours scheme (revision 0022), our reading of the
-- seed's 当月绩效工资 = (考核工时 − 额定工时) x 3 + (额定工时 − 基本工时) x 1.5 as a step
-- scale: nothing on probation (未转正) or at or below the basic hours; (assessed − basic)
-- x the rate between basic and rated up to the rated hours; above them the whole step
-- plus (assessed − rated) x the rate above. Rounded to the fen. The same rule as
-- domain/commissions.py hours_pay.
CREATE OR REPLACE FUNCTION app.commission_hours_pay(p_assessed numeric, p_basic numeric,
                                                    p_rated numeric, p_probation boolean,
                                                    p_rate_above numeric,
                                                    p_rate_between numeric)
RETURNS numeric
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT CASE WHEN p_probation OR p_assessed <= p_basic THEN 0.00
                WHEN p_assessed <= p_rated
                    THEN round((p_assessed - p_basic) * p_rate_between, 2)
                ELSE round((p_rated - p_basic) * p_rate_between
                           + (p_assessed - p_rated) * p_rate_above, 2)
           END
$fn$;
