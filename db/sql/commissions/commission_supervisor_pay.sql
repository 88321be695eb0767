-- A supervisor's pay of the hours scheme (revision 0022): p_factor x the average of the
-- members' hours pay (p_member_pays, those on probation left out by the caller: they
-- draw none), when the department's assessed hours reach p_threshold_pct % of its quota
-- (the members' rated hours); else, or without members, 0. Rounded to the fen. The same
-- rule as domain/commissions.py supervisor_pay.
CREATE OR REPLACE FUNCTION app.commission_supervisor_pay(p_member_pays numeric[],
                                                         p_department_assessed numeric,
                                                         p_department_quota numeric,
                                                         p_factor numeric,
                                                         p_threshold_pct numeric)
RETURNS numeric
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT CASE WHEN coalesce(cardinality(p_member_pays), 0) > 0
                     AND p_department_quota > 0
                     AND p_department_assessed
                         >= p_department_quota * p_threshold_pct / 100
                THEN round(p_factor * (SELECT sum(pay) FROM unnest(p_member_pays) pay)
                           / cardinality(p_member_pays), 2)
                ELSE 0.00
           END
$fn$;
