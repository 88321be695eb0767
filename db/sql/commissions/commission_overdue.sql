-- The deduction for a job finished late (revision 0022): the days past the grace days x
-- the amount per day, negative (or 0). The same rule as domain/commissions.py
-- overdue_deduction.
CREATE OR REPLACE FUNCTION app.commission_overdue(p_days_late integer, p_grace_days integer,
                                                  p_per_day numeric)
RETURNS numeric
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT round(-(greatest(0, p_days_late - p_grace_days) * p_per_day), 2)
$fn$;
